"""Keep connectors away from internal addresses (SSRF): check every address a name resolves
to, and connect only to an address that passed the check, so a second DNS answer cannot swap
in an internal one (DNS rebinding)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class BlockedAddress(Exception):
    """The URL points at an address connectors may not reach."""


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_public(address.ipv4_mapped)
    return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class AddressGuard:
    """Allows public addresses, plus networks a deployment explicitly trusts (an intranet
    feed server, or the tests' local HTTP server)."""

    allowed_networks: tuple[IPNetwork, ...] = field(default_factory=tuple)

    @classmethod
    def allowing(cls, networks: Iterable[str]) -> AddressGuard:
        return cls(tuple(ipaddress.ip_network(item.strip(), strict=False) for item in networks))

    def permits(self, address: IPAddress) -> bool:
        if any(address in network for network in self.allowed_networks):
            return True
        return is_public(address)

    def resolve(self, host: str, port: int) -> list[tuple[int, IPAddress]]:
        """Every (family, address) `host` resolves to; refuses if any of them is not allowed,
        so a name cannot mix one public and one internal answer."""
        if not host:
            raise BlockedAddress("the URL has no host")
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise BlockedAddress(f"cannot resolve {host!r}: {error}") from error
        found: list[tuple[int, IPAddress]] = []
        for family, _type, _proto, _name, sockaddr in infos:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            if not self.permits(address):
                raise BlockedAddress(f"{host!r} resolves to {address}, which is not public")
            found.append((family, address))
        if not found:
            raise BlockedAddress(f"{host!r} has no address")
        return found

    def connect(self, host: str, port: int, timeout: float) -> socket.socket:
        last_error: OSError | None = None
        for family, address in self.resolve(host, port):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect((str(address), port))
            except OSError as error:
                sock.close()
                last_error = error
                continue
            return sock
        raise last_error or OSError(f"cannot connect to {host}")

"""Failed sign-ins, counted the same way on every way in (the HTML login, and through it the
admin site, and the API token endpoint), in the shared cache so every worker sees them.

- The client address is DRF's rule (the one its throttles use): the connecting address, or the
  one our own proxies put in X-Forwarded-For when NUM_PROXIES (SOCIALGOV_TRUSTED_PROXIES) says
  how many stand in front; a client-sent header is ignored. allauth asks here too.
- Guessing at one account from one address waits longer after each failure past a few.
- Guessing at one account from many addresses slows it down too, but by seconds: a stranger
  can never lock its owner out (no hard lock per account name).
- One address failing on many accounts is refused for a while (that address only).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle


@dataclass(frozen=True)
class Delay:
    """After `free` failures, wait `first` seconds, doubling with each failure up to `cap`."""

    free: int
    first: int
    cap: int
    window: int = 15 * 60

    def wait(self, failures: int) -> int:
        if failures < self.free:
            return 0
        return int(min(self.first * 2 ** (failures - self.free), self.cap))


PAIR = Delay(free=5, first=15, cap=5 * 60)
ACCOUNT = Delay(free=20, first=2, cap=30)
ADDRESS_FAILURES = 50
ADDRESS_WINDOW = 10 * 60


def client_address(request: HttpRequest | Request) -> str:
    return str(BaseThrottle().get_ident(request) or "")  # type: ignore[arg-type]


def _keys(request: HttpRequest | Request, login: str) -> tuple[str, str, str]:
    account = hashlib.sha256(login.strip().lower().encode()).hexdigest()[:32]
    address = client_address(request)
    return (f"signin:pair:{account}:{address}", f"signin:account:{account}", f"signin:ip:{address}")


def retry_after(request: HttpRequest | Request, login: str) -> int:
    """Seconds before this sign-in may be tried (0: now); nothing is checked meanwhile."""
    pair_key, account_key, address_key = _keys(request, login)
    if (cache.get(address_key) or 0) >= ADDRESS_FAILURES:
        return ADDRESS_WINDOW
    now = time.time()
    waits = [0]
    for key, delay in ((pair_key, PAIR), (account_key, ACCOUNT)):
        failures, last = cache.get(key) or (0, 0.0)
        waits.append(int(last + delay.wait(failures) - now + 0.999))
    return max(waits)


def record_failure(request: HttpRequest | Request, login: str) -> None:
    pair_key, account_key, address_key = _keys(request, login)
    now = time.time()
    for key, delay in ((pair_key, PAIR), (account_key, ACCOUNT)):
        failures, _last = cache.get(key) or (0, 0.0)
        cache.set(key, (failures + 1, now), delay.window)
    if not cache.add(address_key, 1, ADDRESS_WINDOW):
        try:
            cache.incr(address_key)
        except ValueError:  # expired between the two calls
            cache.set(address_key, 1, ADDRESS_WINDOW)


def record_success(request: HttpRequest | Request, login: str) -> None:
    """The right password ends this address's delay; the account-wide count runs out alone."""
    pair_key, _account_key, _address_key = _keys(request, login)
    cache.delete(pair_key)

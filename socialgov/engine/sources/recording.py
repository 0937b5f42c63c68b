"""How a platform names its recorded responses for the local fixture server: each platform's
`recorded_routes.py` lists them beside the `recorded/` files they point at."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    path: str  # a regular expression matched against the path after /<platform>
    file: str = ""  # a file in the platform's recorded/ folder
    # Only when this query parameter is present (and has this value, when one is given).
    param: str = ""
    value: str = ""
    body: bytes = b""  # answered as is instead of a file

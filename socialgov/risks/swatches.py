"""The colours of the risk levels, served as a stylesheet so that no page needs a style attribute.

The matrices come from the library, so their colours are only known at run time; the
Content-Security-Policy forbids inline styles, so each colour becomes a class of one stylesheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

UNKNOWN_COLOUR = "#999999"
_HEX = re.compile(r"^#([0-9a-f]{6})$")


def swatch_class(colour: str) -> str:
    """The class that paints a level in `colour`; an unknown colour gets the neutral grey."""
    match = _HEX.match(str(colour).lower())
    return "swatch-" + (match.group(1) if match else UNKNOWN_COLOUR[1:])


def swatch_stylesheet(colours: Iterable[str]) -> str:
    known = {UNKNOWN_COLOUR}
    known.update(colour.lower() for colour in colours if _HEX.match(str(colour).lower()))
    return "".join(
        f".{swatch_class(colour)} {{ background: {colour}; }}\n" for colour in sorted(known)
    )

"""A 64-bit perceptual hash (DCT 'pHash') of an image, and the distance between two of them.

Connectors that fetch avatars call `perceptual_hash` and store the 16-digit hex string in the
profile's `avatar_hash`; the impersonation detector only ever compares those strings. A copied
avatar that was resized, re-compressed or lightly recoloured stays within a few bits. The hash
is `imagehash.phash`: it measured as well as the project's own DCT hash did (copies within 8
bits, other images 20+ apart, bench/detectors/libraries.py), and a maintained library is one
thing less to keep.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

HASH_BITS = 64
MAX_PIXELS = 40_000_000


def perceptual_hash(image: str | Path | IO[bytes]) -> str:
    """The hash of an image file as 16 hex digits.

    Anything that is not a readable image of at most 40 megapixels raises `ValueError`, so a
    connector has one error to catch for a hostile avatar.
    """
    import imagehash
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(image) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise ValueError("image too large to hash")
            opened.load()
            return str(imagehash.phash(opened.convert("L")))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise ValueError(f"not a readable image ({error})") from None


def parse_hash(text: str) -> int | None:
    """A stored hash as an integer; None when it is not 16 hex digits."""
    candidate = text.strip().lower()
    if candidate.startswith("phash:"):
        candidate = candidate[6:]
    if len(candidate) != 16:
        return None
    try:
        return int(candidate, 16)
    except ValueError:
        return None


def hash_distance(left: int, right: int) -> int:
    return (left ^ right).bit_count()

"""A 64-bit perceptual hash (DCT 'pHash') of an image, and the distance between two of them.

Connectors that fetch avatars call `perceptual_hash` and store the 16-digit hex string in the
profile's `avatar_hash`; the impersonation detector only ever compares those strings. A copied
avatar that was resized, re-compressed or lightly recoloured stays within a few bits.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

HASH_BITS = 64
_SIZE = 32
_KEEP = 8
MAX_PIXELS = 40_000_000


@lru_cache(maxsize=1)
def _dct_matrix() -> np.ndarray:
    n = np.arange(_SIZE)
    matrix = np.cos(np.pi * (2 * n[None, :] + 1) * n[:, None] / (2 * _SIZE))
    matrix[0] *= 1 / np.sqrt(2)
    scaled: npt.NDArray[Any] = matrix * np.sqrt(2 / _SIZE)
    return scaled


def hash_pixels(pixels: np.ndarray) -> int:
    """The hash of a 32×32 grey-scale array: low-frequency DCT terms above their median."""
    if pixels.shape != (_SIZE, _SIZE):
        raise ValueError(f"expected a {_SIZE}x{_SIZE} array")
    dct = _dct_matrix()
    coefficients = dct @ pixels.astype(np.float64) @ dct.T
    low = coefficients[:_KEEP, :_KEEP].flatten()
    median = float(np.median(low[1:]))  # the DC term says only how bright the image is
    value = 0
    for bit in low > median:
        value = (value << 1) | int(bit)
    return value


def perceptual_hash(image: str | Path | IO[bytes]) -> str:
    """The hash of an image file as 16 hex digits.

    Needs Pillow. Anything that is not a readable image of at most 40 megapixels raises
    `ValueError`, so a connector has one error to catch for a hostile avatar.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(image) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise ValueError("image too large to hash")
            grey = opened.convert("L").resize((_SIZE, _SIZE), Image.Resampling.LANCZOS)
            pixels = np.asarray(grey, dtype=np.float64)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise ValueError(f"not a readable image ({error})") from None
    return format(hash_pixels(pixels), "016x")


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

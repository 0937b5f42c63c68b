"""The project's own avatar hash and confusables table beside maintained libraries, measured.

- Avatars: the detector's pHash (`phash.perceptual_hash`) against `imagehash.phash`, on avatars
  drawn as in the impersonation bench and 'copied' the way copiers do (resized, re-saved as JPEG,
  brightened). Good: copies land within a few bits, other images far away; and fast.
- Confusables: the hand-written table against one built from the Unicode confusables data that
  `confusable_homoglyphs` ships. Look-alikes are made from characters of other scripts and
  styles that Unicode names as the same letter (never from either table), and the check is
  whether folding makes the look-alike equal to the original.

    .venv/bin/python -m bench.detectors.libraries [--seed 11]
"""

from __future__ import annotations

import argparse
import io
import random
import time
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from PIL import Image

from bench.detectors.impersonation import copy_image, draw_avatar, image_hash
from socialgov.engine.detectors import confusables
from socialgov.engine.detectors.phash import hash_distance


@lru_cache(maxsize=1)
def _dct_matrix() -> npt.NDArray[np.float64]:
    n = np.arange(32)
    matrix = np.cos(np.pi * (2 * n[None, :] + 1) * n[:, None] / 64)
    matrix[0] *= 1 / np.sqrt(2)
    scaled: npt.NDArray[np.float64] = matrix * np.sqrt(2 / 32)
    return scaled


def _own_hash(image: Image.Image) -> int:
    """The hash the detector computed itself before it used imagehash: the peer measured."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    with Image.open(buffer) as opened:
        grey = opened.convert("L").resize((32, 32), Image.Resampling.LANCZOS)
        pixels = np.asarray(grey, dtype=np.float64)
    dct = _dct_matrix()
    low = (dct @ pixels @ dct.T)[:8, :8].flatten()
    median = float(np.median(low[1:]))
    value = 0
    for bit in low > median:
        value = (value << 1) | int(bit)
    return value


def avatars(seed: int, count: int) -> None:
    rng = random.Random(seed)
    drawn = [draw_avatar(rng) for _ in range(count)]
    copies = [copy_image(image, rng) for image in drawn]
    for name, hasher in (("own pHash", _own_hash), ("imagehash.phash", image_hash)):
        started = time.process_time()
        originals = [hasher(image) for image in drawn]
        copied = [hasher(image) for image in copies]
        elapsed = time.process_time() - started
        near = sorted(hash_distance(a, b) for a, b in zip(originals, copied, strict=True))
        far = sorted(hash_distance(originals[i], originals[(i + 1) % count]) for i in range(count))
        within = sum(1 for d in near if d <= 8) / count
        print(
            f"  {name:16s} copies: median {near[count // 2]}, 95th {near[int(count * 0.95)]}, "
            f"max {near[-1]}, within 8 bits {within:.3f}; others: min {far[0]}, "
            f"5th {far[count // 20]}; {2 * count / elapsed:,.0f} hashes/s"
        )


# The table the detector used before it read the Unicode data: the peer being measured.
HAND_TABLE = {
    # Cyrillic
    "а": "a", "б": "b", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "з": "3", "и": "u",
    "к": "k", "л": "n", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ц": "u", "ч": "4", "ш": "w", "ь": "b", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "һ": "h", "ӏ": "l", "ɡ": "g", "ԍ": "g",
    # Greek
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u",
    "ν": "v", "ο": "o", "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "ց": "g", "ք": "p",
    # Latin look-alikes and small capitals
    "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŀ": "l", "ɑ": "a", "ɒ": "o",
    "ɩ": "i", "ʀ": "r", "ʏ": "y", "ɴ": "n", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e",
    "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ᴏ": "o", "ᴘ": "p",
    "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "æ": "ae", "œ": "oe",
    "ß": "ss", "þ": "p",
}  # fmt: skip
HAND_SKELETON = confusables.skeleton_with(HAND_TABLE)

# Characters of other scripts and styles used for Latin letters in spoofed names, by the letter
# they pass for: Cyrillic, Greek, Armenian, Cherokee, Lisu, Coptic, small capitals, letters with
# strokes, full-width and mathematical letters. Written for this bench from how spoofs look,
# independently of both tables.
SPOOFS = {
    "a": "аαɑᴀꓮᎪａ𝐚𝖺",
    "b": "ЬʙᏴꓐｂ𝐛",
    "c": "сϲᴄⲥᏟꓚｃ𝐜",
    "d": "ԁᴅꓓᎠｄ𝐝",
    "e": "еεᴇꓰᎬｅ𝐞",
    "f": "ꓝｆ𝐟",
    "g": "ɡɢꓖᏀｇ𝐠",
    "h": "һհʜꓧᎻｈ𝐡",
    "i": "іιɪıӏｉ𝐢",
    "j": "јᴊꓙᎫｊ𝐣",
    "k": "κкᴋꓗᏦｋ𝐤",
    "l": "ӏʟꓡłᏞｌ𝐥",
    "m": "мᴍꓟᎷｍ𝐦",
    "n": "ոɴꓠｎ𝐧",
    "o": "оοօᴏⲟꓳøｏ𝐨",
    "p": "рρᴘⲣꓑᏢｐ𝐩",
    "q": "ԛｑ𝐪",
    "r": "гʀꓣᏒｒ𝐫",
    "s": "ѕꜱꓢᏚｓ𝐬",
    "t": "тτᴛꓔᎢｔ𝐭",
    "u": "սυᴜꓴｕ𝐮",
    "v": "νᴠꓦᏙｖ𝐯",
    "w": "ԝᴡꓪᏔｗ𝐰",
    "x": "хχꓫｘ𝐱",
    "y": "уүʏꓬｙ𝐲",
    "z": "ᴢꓜᏃｚ𝐳",
}


def confusable_tables(seed: int, words: int) -> None:
    rng = random.Random(seed)
    letters = sorted(SPOOFS)
    samples = []
    for _ in range(words):
        word = "".join(rng.choice(letters) for _ in range(rng.randrange(6, 12)))
        spoofed = list(word)
        for position in rng.sample(range(len(word)), rng.choice([1, 2])):
            spoofed[position] = rng.choice(SPOOFS[word[position]])
        samples.append((word, "".join(spoofed)))
    tables: list[tuple[str, Callable[[str], str]]] = [
        ("own table", HAND_SKELETON),
        ("Unicode data alone", confusables.skeleton_with(confusables.unicode_lookalikes())),
        ("Unicode data + supplement", confusables.skeleton),
    ]
    for name, fold in tables:
        started = time.process_time()
        equal = sum(1 for word, spoofed in samples if fold(word) == fold(spoofed))
        elapsed = time.process_time() - started
        print(
            f"  {name:26s} look-alikes folded to the original {equal / len(samples):.3f} "
            f"({equal}/{len(samples)}); {2 * len(samples) / elapsed:,.0f} names/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--avatars", type=int, default=300)
    parser.add_argument("--words", type=int, default=5000)
    arguments = parser.parse_args()
    print(f"avatar hashes (seed {arguments.seed}, {arguments.avatars} avatars):")
    avatars(arguments.seed, arguments.avatars)
    print(f"confusables (seed {arguments.seed}, {arguments.words} spoofed names):")
    confusable_tables(arguments.seed, arguments.words)


if __name__ == "__main__":
    main()

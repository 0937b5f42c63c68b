"""The text of a PDF drawn by fpdf2, for tests: the page streams inflated and the strings of
their text operators joined (no pdftotext on this machine, and no PDF library is a
dependency)."""

from __future__ import annotations

import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
STRING = re.compile(rb"\((.*?)(?<!\\)\)\s*Tj", re.S)


def pdf_text(pdf: bytes) -> str:
    parts = []
    for raw in STREAM.findall(pdf):
        try:
            content = zlib.decompress(raw)
        except zlib.error:
            content = raw
        for found in STRING.findall(content):
            text = found.replace(rb"\(", b"(").replace(rb"\)", b")").replace(rb"\\", b"\\")
            parts.append(text.decode("latin-1"))
    return " ".join(parts)

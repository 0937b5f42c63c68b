"""Turn what strangers send into safe plain data: text without markup or control characters,
bounded sizes, aware timestamps that are not in the future, http(s) links only."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

MAX_TEXT_CHARS = 20_000
MAX_ID_CHARS = 255
MAX_HANDLE_CHARS = 200
MAX_NAME_CHARS = 200
MAX_BIO_CHARS = 2_000
MAX_URL_CHARS = 1_000
# Clocks disagree a little; more than this in the future is a wrong or hostile timestamp.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PLATFORM = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class InvalidItem(ValueError):
    """One item of a batch cannot be used; the message says why."""


def clean_text(value: Any, *, limit: int = MAX_TEXT_CHARS) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    text = _CONTROL.sub("", text)
    # Lone surrogates come from broken JSON escapes and cannot be stored as UTF-8.
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text[:limit]


def clean_line(value: Any, *, limit: int) -> str:
    return " ".join(clean_text(value, limit=limit * 2).split())[:limit]


class _TextExtractor(HTMLParser):
    _BLOCKS = frozenset({"p", "br", "div", "li", "blockquote", "tr", "h1", "h2", "h3", "h4"})
    _SKIP = frozenset({"script", "style", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(value: Any, *, limit: int = MAX_TEXT_CHARS) -> str:
    """Plain text from HTML (Mastodon statuses, feed summaries). The result is stored as text
    and escaped when shown; no markup survives to be trusted later."""
    source = clean_text(value, limit=limit * 4)
    if "<" not in source and "&" not in source:
        return source[:limit]
    parser = _TextExtractor()
    try:
        parser.feed(source)
        parser.close()
    except AssertionError:  # html.parser gives up on some malformed declarations
        return clean_text(html.unescape(re.sub(r"<[^>]*>", " ", source)), limit=limit)
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    collapsed = "\n".join(line for line in lines if line)
    return clean_text(collapsed, limit=limit)


def clean_id(value: Any, *, what: str = "id") -> str:
    if value is None or isinstance(value, bool | dict | list):
        raise InvalidItem(f"missing {what}")
    text = clean_line(value, limit=MAX_ID_CHARS + 1)
    if not text:
        raise InvalidItem(f"missing {what}")
    if len(text) > MAX_ID_CHARS:
        raise InvalidItem(f"{what} longer than {MAX_ID_CHARS} characters")
    return text


def clean_platform(value: Any) -> str:
    text = clean_line(value, limit=41).lower()
    if not _PLATFORM.match(text):
        raise InvalidItem(f"platform must be a short lower-case name, got {text[:40]!r}")
    return text


def clean_url(value: Any) -> str:
    """An http(s) link or nothing: javascript:, data: and friends never reach a template."""
    text = clean_line(value, limit=MAX_URL_CHARS + 1)
    if len(text) > MAX_URL_CHARS:
        return ""
    if not re.match(r"^https?://[^\s/]+", text, re.IGNORECASE):
        return ""
    return text


def clean_count(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 <= number < 2**62 else None


def parse_time(value: Any, *, now: dt.datetime, notes: list[str] | None = None) -> dt.datetime:
    """An aware UTC time. A time without a zone is read as UTC and a time in the future is
    clamped to `now`; both are noted so the health log can say what was changed."""
    notes = notes if notes is not None else []
    when: dt.datetime
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1_000_000 if value > 10**14 else value / 1000 if value > 10**11 else value
        try:
            when = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        except (OverflowError, OSError, ValueError) as error:
            raise InvalidItem(f"timestamp out of range: {value!r}") from error
    elif isinstance(value, str) and value.strip():
        text = value.strip()[:64]
        try:
            when = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError) as error:
                raise InvalidItem(f"unreadable timestamp {text!r}") from error
    else:
        raise InvalidItem("missing timestamp")
    if when.tzinfo is None or when.utcoffset() is None:
        when = when.replace(tzinfo=dt.UTC)
        notes.append("timestamp without a time zone read as UTC")
    when = when.astimezone(dt.UTC)
    if when > now + FUTURE_TOLERANCE:
        notes.append(f"timestamp in the future ({when.isoformat()}) set to the arrival time")
        when = now
    if when.year < 2000:
        raise InvalidItem(f"timestamp before 2000: {when.isoformat()}")
    return when


def optional_time(value: Any, *, now: dt.datetime) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        return parse_time(value, now=now)
    except InvalidItem:
        return None


def clean_language(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    text = clean_line(value, limit=20).lower()
    return text if re.match(r"^[a-z]{2,3}([-_][a-z0-9]{2,8})*$", text) else ""

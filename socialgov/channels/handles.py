"""Handle normalisation and URL checks per platform. Pure Python, no Django.

A handle is stored in one canonical form per platform so that `@Mosa_BE`, `mosa_be` and
`https://x.com/Mosa_BE` are recognised as the same account and uniqueness means something.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qs, unquote, urlsplit

import phonenumbers

MAX_HANDLE = 200


class HandleError(ValueError):
    """The handle or URL cannot belong to the platform. `code` says why, for callers that
    word the reason in the reader's language; the message says it in English."""

    def __init__(self, code: str, message: str, **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


# Host names (and their subdomains) each platform's URLs live on. Mastodon is federated: any
# host, so it is checked by shape instead.
PLATFORM_HOSTS: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook.com", "fb.com", "fb.me"),
    "instagram": ("instagram.com", "instagr.am"),
    "x": ("x.com", "twitter.com"),
    "linkedin": ("linkedin.com",),
    "youtube": ("youtube.com", "youtu.be"),
    "tiktok": ("tiktok.com",),
    "bluesky": ("bsky.app",),
    "reddit": ("reddit.com", "redd.it"),
    "viva_engage": ("yammer.com", "engage.cloud.microsoft", "viva.cloud.microsoft"),
    "slack": ("slack.com",),
    "teams": ("teams.microsoft.com", "teams.live.com", "teams.cloud.microsoft"),
    "chatter": ("salesforce.com", "force.com", "lightning.force.com"),
    "whatsapp_business": ("wa.me", "whatsapp.com"),
}

_SIMPLE = {
    "instagram": re.compile(r"[a-z0-9._]{1,30}"),
    "x": re.compile(r"[a-z0-9_]{1,15}"),
    "tiktok": re.compile(r"[a-z0-9._]{2,24}"),
    "facebook": re.compile(r"[a-z0-9.\-]{3,100}|id:[0-9]{5,20}"),
    "linkedin": re.compile(r"(company|showcase|school|in)/[a-z0-9\-_%.]{2,100}"),
    "youtube": re.compile(
        r"@[a-z0-9._\-]{3,30}|channel/UC[A-Za-z0-9_\-]{22}|(c|user)/[a-z0-9._\-]{1,100}"
    ),
    "reddit": re.compile(r"(r|u)/[a-z0-9_\-]{2,21}"),
    "mastodon": re.compile(r"[a-z0-9_]{1,30}@[a-z0-9.\-]+\.[a-z]{2,}"),
    "bluesky": re.compile(r"([a-z0-9\-]{1,63}\.)+[a-z]{2,}"),
    "slack": re.compile(r"[a-z0-9\-]{1,63}/#?[a-z0-9_\-.]{1,80}|[a-z0-9_\-.]{1,80}"),
}

# Words that are not accounts: a URL like facebook.com/groups or x.com/home names no handle.
_RESERVED_PATHS = {
    "facebook": {"groups", "pages", "watch", "events", "home.php", "login", "share"},
    "instagram": {"p", "reel", "explore", "stories", "accounts"},
    "x": {"home", "i", "search", "intent", "share", "explore", "hashtag", "settings"},
    "tiktok": {"video", "tag", "discover"},
}


def host_matches(platform: str, host: str) -> bool:
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if platform == "mastodon":
        return "." in host
    if platform == "other":
        return bool(host)
    allowed = PLATFORM_HOSTS.get(platform, ())
    return any(host == name or host.endswith("." + name) for name in allowed)


def check_url(platform: str, url: str) -> str:
    """The URL, trimmed, if it is an http(s) address on the platform's own hosts."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HandleError("scheme", "the URL must start with http:// or https:// and name a host")
    if parts.username or parts.password:
        raise HandleError("credentials", "the URL must not carry a user name or password")
    if not host_matches(platform, parts.hostname):
        raise HandleError(
            "foreign_host",
            f"{parts.hostname} is not an address of this platform",
            host=parts.hostname,
        )
    return url


def _free_text(raw: str) -> str:
    """For spaces named in words (Teams teams, Viva Engage communities): case and spacing free."""
    text = unicodedata.normalize("NFKC", raw).casefold()
    return " ".join(text.split())


def _path_parts(url: str) -> tuple[str, list[str], dict[str, list[str]]]:
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    return (parts.hostname or "").lower(), segments, parse_qs(parts.query)


def _from_url(platform: str, url: str) -> str:
    """The account part of a profile URL, in the platform's own syntax."""
    host, segments, query = _path_parts(url)
    if platform == "mastodon":
        if segments and segments[0].startswith("@"):
            return f"{segments[0][1:]}@{host.removeprefix('www.')}"
        raise HandleError("mastodon_url", "a Mastodon URL looks like https://server/@name")
    if platform == "whatsapp_business":
        digits = segments[0] if segments else query.get("phone", [""])[0]
        return "+" + digits.lstrip("+")  # wa.me links carry the international number
    if platform in ("viva_engage", "teams", "chatter", "other"):
        return "/".join(segments) or host
    if platform == "slack":
        workspace = host.split(".")[0]
        channel = segments[-1] if segments else ""
        return f"{workspace}/{channel}" if channel else workspace
    if not segments:
        if platform == "facebook" and "id" in query:
            return f"id:{query['id'][0]}"
        raise HandleError("no_account", "the URL names no account")
    first = segments[0].lower()
    if platform == "facebook":
        if first == "profile.php" and "id" in query:
            return f"id:{query['id'][0]}"
        if first == "people" and len(segments) >= 3:
            return f"id:{segments[2]}"
    if platform == "linkedin" and len(segments) >= 2:
        return f"{first}/{segments[1]}"
    if platform == "youtube":
        if first in ("channel", "c", "user") and len(segments) >= 2:
            return f"{first}/{segments[1]}"
        return segments[0]
    if platform == "reddit" and len(segments) >= 2:
        return f"{'u' if first == 'user' else first}/{segments[1]}"
    if platform == "bluesky" and first == "profile" and len(segments) >= 2:
        return segments[1]
    if first in _RESERVED_PATHS.get(platform, set()):
        raise HandleError(
            "no_account", "the URL points to a page of the platform, not to an account"
        )
    return segments[0]


def normalise_handle(platform: str, raw: str, *, default_region: str = "BE") -> str:
    """The canonical handle for `raw` (a handle in any usual form, or a profile URL)."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        raise HandleError("empty", "the handle is empty")
    if len(text) > MAX_HANDLE * 2:
        raise HandleError("too_long", "the handle is too long")
    if re.match(r"(?i)^https?://", text):
        check_url(platform, text)
        text = _from_url(platform, text)
    elif re.match(r"(?i)^[a-z0-9.\-]+\.[a-z]{2,}/", text) and platform in PLATFORM_HOSTS:
        # "x.com/mosa" without a scheme
        check_url(platform, "https://" + text)
        text = _from_url(platform, "https://" + text)

    if platform == "whatsapp_business":
        handle = _phone(text, default_region)
    elif platform in ("viva_engage", "teams", "chatter", "other"):
        handle = _free_text(text.lstrip("@#") if platform == "other" else text)
    elif platform == "youtube":
        handle = _youtube(text)
    elif platform == "mastodon":
        handle = text.lstrip("@").lower()
    elif platform == "reddit":
        lowered = text.lower().lstrip("/")
        if lowered.startswith("user/"):
            lowered = "u/" + lowered[5:]
        handle = lowered if "/" in lowered else "r/" + lowered
    elif platform == "bluesky":
        lowered = text.lstrip("@").lower()
        handle = lowered if "." in lowered else f"{lowered}.bsky.social"
    elif platform == "linkedin":
        lowered = text.lower().strip("/")
        handle = lowered if "/" in lowered else "company/" + lowered
    elif platform == "slack":
        handle = text.lower().replace("#", "")
    elif platform == "facebook" and text.isdigit():
        handle = f"id:{text}"
    else:
        handle = text.lstrip("@").lower()

    pattern = _SIMPLE.get(platform)
    if pattern is not None and not pattern.fullmatch(handle):
        raise HandleError(
            "invalid", f"{handle!r} is not a valid handle on this platform", handle=handle
        )
    if not handle or len(handle) > MAX_HANDLE:
        raise HandleError("too_long", "the handle is empty or too long")
    return handle


def _youtube(text: str) -> str:
    if text.startswith("@"):
        return text.lower()
    lowered = text.lower()
    if lowered.startswith("channel/"):
        return "channel/" + text.split("/", 1)[1]  # channel ids are case-sensitive
    if text.startswith("UC") and len(text) == 24:
        return "channel/" + text
    if lowered.startswith(("c/", "user/")):
        return lowered
    return "@" + lowered


def _phone(text: str, default_region: str) -> str:
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        raise HandleError("phone", "not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise HandleError("phone", "not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_PROFILE_URLS = {
    "facebook": "https://www.facebook.com/{h}",
    "instagram": "https://www.instagram.com/{h}/",
    "x": "https://x.com/{h}",
    "linkedin": "https://www.linkedin.com/{h}/",
    "youtube": "https://www.youtube.com/{h}",
    "tiktok": "https://www.tiktok.com/@{h}",
    "bluesky": "https://bsky.app/profile/{h}",
    "reddit": "https://www.reddit.com/{h}/",
}


def profile_url(platform: str, handle: str) -> str:
    """The public address of a normalised handle, where the platform has one ("" otherwise)."""
    if platform == "mastodon" and "@" in handle:
        user, _sep, server = handle.partition("@")
        return f"https://{server}/@{user}"
    if platform == "whatsapp_business":
        return f"https://wa.me/{handle.lstrip('+')}"
    if platform == "facebook" and handle.startswith("id:"):
        return f"https://www.facebook.com/profile.php?id={handle[3:]}"
    template = _PROFILE_URLS.get(platform)
    return template.format(h=handle) if template else ""

"""The connector contract: normalised posts in batches, each with the cursor that follows it."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from socialgov.engine.sources.http import HttpClient

logger = logging.getLogger(__name__)


def utc_now() -> dt.datetime:
    """The sources' clock; tests replace a source's `now` with a fixed one."""
    return dt.datetime.now(dt.UTC)


class ConnectorError(Exception):
    """A connector could not do its work; the message is fit for a health log line."""


class InvalidConfiguration(ConnectorError):
    """The connector's configuration or secrets are not usable."""


class CredentialsRejected(ConnectorError):
    """The platform refused the credentials (expired or revoked token)."""


class SourceUnavailable(ConnectorError):
    """The platform did not answer usefully after retries; try again at the next poll."""


@dataclass(frozen=True)
class IncomingAuthor:
    platform: str
    external_id: str
    handle: str = ""
    display_name: str = ""
    bio: str = ""
    avatar_url: str = ""
    created_at: dt.datetime | None = None
    followers_count: int | None = None
    following_count: int | None = None
    posts_count: int | None = None


@dataclass(frozen=True)
class IncomingPost:
    """A post as a connector saw it, already cleaned: text is plain text, times are aware."""

    platform: str
    external_id: str
    text: str
    created_at: dt.datetime
    author: IncomingAuthor | None = None
    url: str = ""
    language: str = ""
    # A hint from the source ("own_post", "mention", "comment", "direct_message", "internal");
    # empty lets the pipeline decide from the registered channels.
    kind: str = ""
    channel_handle: str = ""
    reply_to_id: str = ""
    quote_of_id: str = ""
    repost_of_id: str = ""
    mentions: tuple[str, ...] = ()
    replies_count: int | None = None
    reposts_count: int | None = None
    likes_count: int | None = None
    quotes_count: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what normalisation changed (zone assumed, time clamped, …)
    # When the platform says the post was last edited (Mastodon's edited_at).
    edited_at: dt.datetime | None = None
    # The platform says the post was deleted (a Jetstream delete); only the key is meaningful.
    deleted: bool = False


@dataclass(frozen=True)
class Rejection:
    """An item the connector refused, with a reason a person can read."""

    reason: str
    sample: str = ""


@dataclass(frozen=True)
class PartFailure:
    """One feed, timeline or endpoint of a connector failed; the others were still polled."""

    part: str
    error: str
    permanent: bool = False


@dataclass
class Batch:
    posts: list[IncomingPost]
    cursor: dict[str, Any]
    rejected: list[Rejection] = field(default_factory=list)
    failures: list[PartFailure] = field(default_factory=list)
    # What the platform said about accounts apart from any post (a Bluesky identity event
    # announcing a new handle): applied to authors already stored.
    authors: list[IncomingAuthor] = field(default_factory=list)


def describe_error(error: BaseException) -> str:
    """A health-log line for any exception: a connector error's own message, otherwise the
    exception's type too (a parser bug should be recognisable in the log)."""
    if isinstance(error, ConnectorError):
        return str(error)[:2000]
    return f"unexpected {type(error).__name__}: {error}"[:2000]


def each_part(
    parts: Sequence[tuple[str, Callable[[], Iterator[Batch]]]],
    cursor: Callable[[], dict[str, Any]],
) -> Iterator[Batch]:
    """Poll every part of a connector in turn. A part that raises (anything, not only a
    connector error) is recorded as a failure in a batch carrying the cursor as it stands, and
    the next part is polled. When every part failed, the most telling error is raised so the
    connector's health and backoff follow it."""
    errors: list[BaseException] = []
    for name, batches in parts:
        try:
            yield from batches()
        except Exception as error:  # isolation is the point
            errors.append(error)
            permanent = isinstance(error, CredentialsRejected | InvalidConfiguration)
            if not isinstance(error, ConnectorError):
                logger.exception("connector part %s failed", name)
            failure = PartFailure(name[:300], describe_error(error), permanent)
            yield Batch([], cursor=cursor(), failures=[failure])
    if parts and len(errors) == len(parts):
        lasting = [e for e in errors if isinstance(e, CredentialsRejected | InvalidConfiguration)]
        raise (lasting or errors)[0]


class Source(Protocol):
    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        """Yield batches from `cursor` on; each batch carries the cursor to store with it."""
        ...


SourceFactory = Callable[[Mapping[str, Any], Mapping[str, str], HttpClient], Source]


@dataclass(frozen=True)
class SourceSpec:
    kind: str
    label: str
    factory: SourceFactory
    # Returns the cleaned configuration or raises InvalidConfiguration.
    validate_config: Callable[[Mapping[str, Any]], dict[str, Any]]
    secret_names: tuple[str, ...] = ()
    # Pull sources are polled by the worker; push sources (webhooks) receive posts.
    polled: bool = True
    # Internal platforms carry employees' messages: kept only as long as the connector's
    # `retention_days` says (privacy by design, CAO/CCT 81 in Belgium).
    internal: bool = False


_specs: dict[str, SourceSpec] = {}
_BUILTIN_PACKAGES = (
    *("mastodon", "bluesky", "rss", "files", "webhook"),
    *("meta", "x", "linkedin", "youtube", "reddit", "slack", "viva_engage", "chatter"),
)


def register_source(spec: SourceSpec) -> SourceSpec:
    _specs[spec.kind] = spec
    return spec


def _load_builtin() -> None:
    for package in _BUILTIN_PACKAGES:
        importlib.import_module(f"socialgov.engine.sources.{package}")


def source_kinds() -> list[SourceSpec]:
    _load_builtin()
    return sorted(_specs.values(), key=lambda spec: spec.kind)


def source_spec(kind: str) -> SourceSpec:
    _load_builtin()
    try:
        return _specs[kind]
    except KeyError:
        raise InvalidConfiguration(f"unknown connector kind {kind!r}") from None


def build_source(
    kind: str, config: Mapping[str, Any], secrets: Mapping[str, str], http: HttpClient
) -> Source:
    spec = source_spec(kind)
    return spec.factory(spec.validate_config(config), secrets, http)

"""Moderation the Graph API allows on comments under the organisation's own posts: hide
(reversible, the author and their friends still see it) and delete."""

from __future__ import annotations

from enum import Enum
from typing import Any

from socialgov.engine.sources.base import ConnectorError
from socialgov.engine.sources.meta.source import MetaSource


class ModerationAction(Enum):
    HIDE = "hide"
    UNHIDE = "unhide"
    DELETE = "delete"


def moderate_comment(
    source: MetaSource, *, platform: str, comment_id: str, action: ModerationAction
) -> None:
    """Raises a ConnectorError when Meta refuses; returns when the platform confirmed."""
    if platform not in ("facebook", "instagram"):
        raise ConnectorError(f"comments on {platform} cannot be moderated through Meta")
    if not comment_id.replace("_", "").isdigit():
        raise ConnectorError("not a Graph API comment id")
    url = f"{source.graph}/{comment_id}"
    params: dict[str, Any] = dict(source.proof())
    if action is ModerationAction.DELETE:
        data = source.call(url, method="DELETE", params=params)
    else:
        hidden = "true" if action is ModerationAction.HIDE else "false"
        params["hide" if platform == "instagram" else "is_hidden"] = hidden
        data = source.call(url, method="POST", params=params)
    if not (isinstance(data, dict) and data.get("success") is True):
        raise ConnectorError(f"Meta did not confirm the {action.value} of comment {comment_id}")

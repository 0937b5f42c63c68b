"""HTML pages of the channel register. Thin: forms shape input, services write."""

from socialgov.channels.views.access import (
    grant_create,
    grant_revoke,
    review_detail,
    review_list,
    review_open,
)
from socialgov.channels.views.accounts import (
    discovered_detail,
    discovered_import,
    discovered_list,
    linked_account_mine,
    linked_account_register,
    linked_account_withdraw,
)
from socialgov.channels.views.register import (
    channel_create,
    channel_detail,
    channel_directory,
    channel_edit,
    channel_export,
    channel_import,
    channel_list,
    channel_owner,
)

__all__ = [
    "channel_create",
    "channel_detail",
    "channel_directory",
    "channel_edit",
    "channel_export",
    "channel_import",
    "channel_list",
    "channel_owner",
    "discovered_detail",
    "discovered_import",
    "discovered_list",
    "grant_create",
    "grant_revoke",
    "linked_account_mine",
    "linked_account_register",
    "linked_account_withdraw",
    "review_detail",
    "review_list",
    "review_open",
]

from socialgov.channels.services.access import (
    access_grant_add,
    access_grant_revoke,
    access_review_complete,
    access_review_decide,
    access_review_open,
    undecided_grants,
)
from socialgov.channels.services.accounts import (
    discovered_account_record,
    discovered_account_triage,
    impersonation_reported,
    linked_account_declare,
    linked_account_withdraw,
    linked_account_withdrawn,
)
from socialgov.channels.services.channels import (
    channel_assign_owner,
    channel_hand_over,
    channel_register,
    channel_set_deputy,
    channel_update,
    channels_handle_leaver,
)

__all__ = [
    "access_grant_add",
    "access_grant_revoke",
    "access_review_complete",
    "access_review_decide",
    "access_review_open",
    "channel_assign_owner",
    "channel_hand_over",
    "channel_register",
    "channel_set_deputy",
    "channel_update",
    "channels_handle_leaver",
    "discovered_account_record",
    "discovered_account_triage",
    "impersonation_reported",
    "linked_account_declare",
    "linked_account_withdraw",
    "linked_account_withdrawn",
    "undecided_grants",
]

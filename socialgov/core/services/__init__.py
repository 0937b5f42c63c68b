from socialgov.core.services.notifications import notification_send
from socialgov.core.services.org import org_unit_create, org_unit_update
from socialgov.core.services.people import (
    person_create,
    person_deactivate,
    person_update,
    user_create,
    user_set_password,
)
from socialgov.core.services.roles import role_assign, role_revoke
from socialgov.core.services.tasks import task_create, task_set_status
from socialgov.core.services.tokens import api_token_create, api_token_revoke

__all__ = [
    "api_token_create",
    "api_token_revoke",
    "notification_send",
    "org_unit_create",
    "org_unit_update",
    "person_create",
    "person_deactivate",
    "person_update",
    "role_assign",
    "role_revoke",
    "task_create",
    "task_set_status",
    "user_create",
    "user_set_password",
]

from socialgov.core.models.audit import AuditChainHead, AuditEvent
from socialgov.core.models.people import EmploymentStatus, Language, OrgUnit, Person, User
from socialgov.core.models.roles import Role, RoleAssignment, RoleSource, ScopeType
from socialgov.core.models.tasks import Notification, Task, TaskPriority, TaskStatus
from socialgov.core.models.tokens import ApiToken, TokenScope

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditEvent",
    "EmploymentStatus",
    "Language",
    "Notification",
    "OrgUnit",
    "Person",
    "Role",
    "RoleAssignment",
    "RoleSource",
    "ScopeType",
    "Task",
    "TaskPriority",
    "TaskStatus",
    "TokenScope",
    "User",
]

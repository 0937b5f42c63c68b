from socialgov.core.models.audit import AuditChainHead, AuditEvent
from socialgov.core.models.people import EmploymentStatus, Language, OrgUnit, Person, User
from socialgov.core.models.roles import Role, RoleAssignment, ScopeType
from socialgov.core.models.tasks import Notification, Task, TaskPriority, TaskStatus

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "EmploymentStatus",
    "Language",
    "Notification",
    "OrgUnit",
    "Person",
    "Role",
    "RoleAssignment",
    "ScopeType",
    "Task",
    "TaskPriority",
    "TaskStatus",
    "User",
]

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    OWN_POST = "own_post", _("Own post")
    MENTION = "mention", _("Mention")
    COMMENT = "comment", _("Comment")
    DIRECT_MESSAGE = "direct_message", _("Direct message")
    INTERNAL = "internal", _("Internal")
    OTHER = "other", _("Other")


# What people write about a channel; the organisation's own and internal posts are not mentions.
MENTION_KINDS = (PostKind.MENTION, PostKind.COMMENT, PostKind.DIRECT_MESSAGE)


class AnalysisState(models.TextChoices):
    PENDING = "pending", _("Waiting for analysis")
    DONE = "done", _("Analysed")
    # Failed MAX_ANALYSIS_ATTEMPTS times: set aside so one poisonous post cannot block the rest.
    FAILED = "failed", _("Analysis failed")


class ConnectorHealth(models.TextChoices):
    UNKNOWN = "unknown", _("Not polled yet")
    OK = "ok", _("Healthy")
    DEGRADED = "degraded", _("Degraded")
    FAILING = "failing", _("Failing")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")
    FALSE_POSITIVE = "false_positive", _("False positive")


OPEN_ALERT_STATUSES = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)


class AlertSeverity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class AlertCategory(models.TextChoices):
    REPUTATION = "reputation", _("Reputation")
    CONDUCT = "conduct", _("Conduct")
    PRIVACY = "privacy", _("Privacy")
    SECURITY = "security", _("Security")
    OTHER = "other", _("Other")


class EscalationLevel(models.IntegerChoices):
    OWNER = 0, _("Channel owner")
    DEPUTY = 1, _("Deputy")
    GOVERNANCE_LEAD = 2, _("Governance lead")


class ChatFormat(models.TextChoices):
    NONE = "", _("None")
    SLACK = "slack", _("Slack incoming webhook")
    TEAMS = "teams", _("Microsoft Teams incoming webhook")

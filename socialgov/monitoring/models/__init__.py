from socialgov.monitoring.models.alerts import Alert, AlertEvidence, AlertRule
from socialgov.monitoring.models.choices import (
    OPEN_ALERT_STATUSES,
    AlertCategory,
    AlertSeverity,
    AlertStatus,
    AnalysisState,
    ChatFormat,
    ConnectorHealth,
    EscalationLevel,
    PostKind,
)
from socialgov.monitoring.models.connector import Connector
from socialgov.monitoring.models.content import Author, Finding, Post
from socialgov.monitoring.models.detection import (
    DetectorCursor,
    SpikeBrandState,
    SpikeIncident,
    SpikeStatus,
)

__all__ = [
    "OPEN_ALERT_STATUSES",
    "Alert",
    "AlertCategory",
    "AlertEvidence",
    "AlertRule",
    "AlertSeverity",
    "AlertStatus",
    "AnalysisState",
    "Author",
    "ChatFormat",
    "Connector",
    "ConnectorHealth",
    "DetectorCursor",
    "EscalationLevel",
    "Finding",
    "Post",
    "PostKind",
    "SpikeBrandState",
    "SpikeIncident",
    "SpikeStatus",
]

from socialgov.risks.models.choices import (
    AcceptanceStatus,
    ControlType,
    Effectiveness,
    KRIState,
    MeasurementSource,
    PostureCheck,
    RiskCategory,
    RiskStatus,
    Treatment,
)
from socialgov.risks.models.kri import KRI, KRIMeasurement
from socialgov.risks.models.reference import Control, RiskMatrix, RiskSettings, RiskType
from socialgov.risks.models.register import (
    AppliedControl,
    ChannelRisk,
    RiskAcceptance,
    RiskScoreChange,
    RiskTreatment,
)

__all__ = [
    "KRI",
    "AcceptanceStatus",
    "AppliedControl",
    "ChannelRisk",
    "Control",
    "ControlType",
    "Effectiveness",
    "KRIMeasurement",
    "KRIState",
    "MeasurementSource",
    "PostureCheck",
    "RiskAcceptance",
    "RiskCategory",
    "RiskMatrix",
    "RiskScoreChange",
    "RiskSettings",
    "RiskStatus",
    "RiskTreatment",
    "RiskType",
    "Treatment",
]

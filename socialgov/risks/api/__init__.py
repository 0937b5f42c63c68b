"""REST API of the risk register: reference content, channel risks and KRIs."""

from socialgov.risks.api.kri import KRIViewSet
from socialgov.risks.api.reference import ControlViewSet, RiskMatrixViewSet, RiskTypeViewSet
from socialgov.risks.api.register import ChannelRiskViewSet

__all__ = [
    "ChannelRiskViewSet",
    "ControlViewSet",
    "KRIViewSet",
    "RiskMatrixViewSet",
    "RiskTypeViewSet",
]

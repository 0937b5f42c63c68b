"""The REST API: one router, each domain registers its resources here."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from socialgov.channels import api as channels_api
from socialgov.core import api as core_api
from socialgov.risks import api as risks_api

router = DefaultRouter()
router.register("people", core_api.PersonViewSet, basename="person")
router.register("org-units", core_api.OrgUnitViewSet, basename="org-unit")
router.register("tasks", core_api.TaskViewSet, basename="task")
router.register("audit-events", core_api.AuditEventViewSet, basename="audit-event")
router.register("channels", channels_api.ChannelViewSet, basename="channel")
router.register(
    "channel-directory", channels_api.ChannelDirectoryViewSet, basename="channel-directory"
)
router.register("access-reviews", channels_api.AccessReviewViewSet, basename="access-review")
router.register("linked-accounts", channels_api.LinkedAccountViewSet, basename="linked-account")
router.register(
    "discovered-accounts", channels_api.DiscoveredAccountViewSet, basename="discovered-account"
)
router.register("risk-types", risks_api.RiskTypeViewSet, basename="risk-type")
router.register("risk-matrices", risks_api.RiskMatrixViewSet, basename="risk-matrix")
router.register("controls", risks_api.ControlViewSet, basename="control")
router.register("risks", risks_api.ChannelRiskViewSet, basename="risk")
router.register("kris", risks_api.KRIViewSet, basename="kri")

urlpatterns = [
    path("auth/token/", core_api.TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]

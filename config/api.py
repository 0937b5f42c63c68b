"""The REST API: one router, each domain registers its resources here."""

from typing import Any

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from socialgov.assessments import api as assessments_api
from socialgov.awareness import api as awareness_api
from socialgov.channels import api as channels_api
from socialgov.core import api as core_api
from socialgov.incidents import api as incidents_api
from socialgov.monitoring import api as monitoring_api
from socialgov.monitoring.platforms import moderation_api as platform_api
from socialgov.monitoring.platforms import registry as platforms
from socialgov.policies import api as policies_api
from socialgov.publishing import api as publishing_api
from socialgov.reports import api as reports_api
from socialgov.risks import api as risks_api
from socialgov.strategy import api as strategy_api
from socialgov.usage import api as usage_api


class IdRouter(DefaultRouter):
    """Ids in paths are whole numbers the database can hold: anything else is a 404 before the
    view runs (a word, or 40 digits, ended in a server error in nested routes)."""

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        if getattr(viewset, "lookup_value_regex", None) is None:
            viewset.lookup_value_regex = "[0-9]{1,18}"
        return str(super().get_lookup_regex(viewset, lookup_prefix))


router = IdRouter()
router.register("people", core_api.PersonViewSet, basename="person")
router.register("org-units", core_api.OrgUnitViewSet, basename="org-unit")
router.register("tasks", core_api.TaskViewSet, basename="task")
router.register("audit-events", core_api.AuditEventViewSet, basename="audit-event")
router.register("alerts", monitoring_api.AlertViewSet, basename="alert")
router.register("alert-rules", monitoring_api.AlertRuleViewSet, basename="alert-rule")
router.register("connectors", monitoring_api.ConnectorViewSet, basename="connector")
router.register("posts", monitoring_api.PostViewSet, basename="post")
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
router.register("policies", policies_api.PolicyViewSet, basename="policy")
router.register("policy-versions", policies_api.PolicyVersionViewSet, basename="policy-version")
router.register(
    "acknowledgement-campaigns",
    policies_api.AcknowledgementCampaignViewSet,
    basename="acknowledgement-campaign",
)
router.register("acknowledgements", policies_api.AcknowledgementViewSet, basename="acknowledgement")
router.register("training-modules", awareness_api.TrainingModuleViewSet, basename="training-module")
router.register("campaigns", awareness_api.CampaignViewSet, basename="campaign")
router.register("assignments", awareness_api.AssignmentViewSet, basename="assignment")
router.register("assessments", assessments_api.AssessmentViewSet, basename="assessment")
router.register("maturity-models", assessments_api.MaturityModelViewSet, basename="maturity-model")
router.register("objectives", strategy_api.ObjectiveViewSet, basename="objective")
router.register("incidents", incidents_api.IncidentViewSet, basename="incident")
router.register("playbooks", incidents_api.PlaybookViewSet, basename="playbook")
router.register("drafts", publishing_api.DraftViewSet, basename="draft")
router.register("usage-reports", usage_api.UsageReportViewSet, basename="usage-report")

urlpatterns = [
    path("auth/token/", core_api.TokenView.as_view(), name="api-token"),
    # Webhooks and event callbacks, each declared by its platform module.
    *platforms.push_urls(),
    re_path(
        r"^alerts/(?P<pk>[0-9]{1,18})/moderate-comment/$",
        platform_api.CommentModerationView.as_view(),
        name="alert-moderate-comment",
    ),
    path("reports/summary/", reports_api.ReportSummaryView.as_view(), name="report-summary"),
    path("", include(router.urls)),
]

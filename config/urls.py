from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from socialgov.web.views import healthz

# The admin signs in through the HTML login, so its second factor and rate limits apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Our own templates for the API docs: the CSP allows no inline script or style.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema", template_name="web/api_docs/swagger.html"
        ),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="web/api_docs/redoc.html"),
        name="api-redoc",
    ),
    path("api/v1/", include("config.api")),
    path("monitoring/", include("socialgov.monitoring.urls")),
    path("policies/", include("socialgov.policies.urls")),
    path("training/", include("socialgov.awareness.urls")),
    path("assessments/", include("socialgov.assessments.urls")),
    path("strategy/", include("socialgov.strategy.urls")),
    path("my/", include("socialgov.portal.urls")),
    path("incidents/", include("socialgov.incidents.urls")),
    path("publishing/", include("socialgov.publishing.urls")),
    path("archive/", include("socialgov.archive.urls")),
    path("reports/", include("socialgov.reports.urls")),
    path("", include("socialgov.core.urls")),
    path("", include("socialgov.channels.urls")),
    path("", include("socialgov.risks.urls")),
    path("", include("socialgov.web.urls")),
]

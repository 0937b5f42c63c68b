from django.urls import path

from socialgov.monitoring import views
from socialgov.monitoring.platforms import views as platform_views

app_name = "monitoring"
urlpatterns = [
    path("alerts/", views.alert_list, name="alert-list"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert-detail"),
    path("alerts/<int:pk>/act/", views.alert_act, name="alert-act"),
    path("connectors/", views.connector_list, name="connector-list"),
    path("connectors/<int:pk>/", views.connector_detail, name="connector-detail"),
    path("connectors/new/", platform_views.connector_platforms, name="connector-platforms"),
    path("connectors/new/<str:kind>/", platform_views.connector_create, name="connector-create"),
    path("connectors/<int:pk>/edit/", platform_views.connector_edit, name="connector-edit"),
    path("linked/<int:pk>/", views.linked_account_collected, name="linked-collected"),
    path(
        "alerts/<int:pk>/posts/<int:post_pk>/moderate/",
        platform_views.comment_moderate_view,
        name="comment-moderate",
    ),
]

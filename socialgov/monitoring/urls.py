from django.urls import path

from socialgov.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("alerts/", views.alert_list, name="alert-list"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert-detail"),
    path("alerts/<int:pk>/act/", views.alert_act, name="alert-act"),
    path("connectors/", views.connector_list, name="connector-list"),
    path("connectors/<int:pk>/", views.connector_detail, name="connector-detail"),
]

from django.urls import path

from socialgov.incidents import views, views_actions

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="incident-list"),
    path("new/", views.incident_create, name="incident-create"),
    path("board/", views.incident_board, name="incident-board"),
    path("from-alerts/", views.incident_open_from_alerts, name="open-from-alerts"),
    path("<int:pk>/", views.incident_detail, name="incident-detail"),
    path("<int:pk>/act/", views_actions.incident_act, name="incident-act"),
    path("<int:pk>/pdf/", views.incident_pdf, name="incident-pdf"),
]

from django.urls import path

from socialgov.usage import views

app_name = "usage"
urlpatterns = [
    path("", views.usage_home, name="home"),
    path("<int:pk>/", views.usage_report_detail, name="report"),
    path("<int:pk>/delete/", views.usage_report_remove, name="report-delete"),
    path("readers/", views.usage_readers, name="readers"),
    path("readers/<int:pk>/revoke/", views.usage_reader_remove, name="reader-revoke"),
]

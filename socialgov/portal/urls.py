from django.urls import path

from socialgov.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report_issue, name="report-issue"),
]

from django.urls import path

from socialgov.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.report_export, name="export"),
    path("board/", views.board_report_list, name="board-list"),
    path("board/<int:pk>/report.pdf", views.board_report_download, name="board-download"),
]

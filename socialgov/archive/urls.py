from django.urls import path

from socialgov.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.archive_search, name="search"),
    path("export/", views.archive_export_download, name="export"),
    path("holds/", views.legal_hold_list, name="hold-list"),
    path("holds/<int:pk>/release/", views.legal_hold_release, name="hold-release"),
]

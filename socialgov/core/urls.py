from django.urls import path

from socialgov.core import views

app_name = "core"
urlpatterns = [
    path("people/", views.person_list, name="person-list"),
    path("people/import/", views.people_import_view, name="people-import"),
    path("tasks/", views.task_list, name="task-list"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("audit/", views.audit_list, name="audit-list"),
    path("security/tokens/", views.api_token_list, name="api-token-list"),
    path("security/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
]

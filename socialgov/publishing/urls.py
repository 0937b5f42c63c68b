from django.urls import path

from socialgov.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.draft_list, name="draft-list"),
    path("new/", views.draft_create, name="draft-create"),
    path("calendar/", views.calendar, name="calendar"),
    path("<int:pk>/", views.draft_detail, name="draft-detail"),
    path("<int:pk>/edit/", views.draft_edit, name="draft-edit"),
    path("<int:pk>/act/", views.draft_act, name="draft-act"),
    path("<int:pk>/media/<int:media_pk>/", views.media_file, name="media-file"),
    path("<int:pk>/media/<int:media_pk>/remove/", views.media_remove, name="media-remove"),
]

from django.urls import path

from socialgov.channels import views

app_name = "channels"
urlpatterns = [
    path("channels/", views.channel_list, name="channel-list"),
    path("channels/directory/", views.channel_directory, name="directory"),
    path("channels/new/", views.channel_create, name="channel-create"),
    path("channels/import/", views.channel_import, name="channel-import"),
    path("channels/export.<str:fmt>", views.channel_export, name="channel-export"),
    path("channels/<int:pk>/", views.channel_detail, name="channel-detail"),
    path("channels/<int:pk>/edit/", views.channel_edit, name="channel-edit"),
    path("channels/<int:pk>/owner/", views.channel_owner, name="channel-owner"),
    path("channels/<int:pk>/grants/new/", views.grant_create, name="grant-create"),
    path(
        "channels/<int:pk>/grants/<int:grant_pk>/revoke/",
        views.grant_revoke,
        name="grant-revoke",
    ),
    path("channels/<int:pk>/reviews/new/", views.review_open, name="review-open"),
    path("channels/reviews/", views.review_list, name="review-list"),
    path("channels/reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path("channels/linked/", views.linked_account_mine, name="linked-mine"),
    path(
        "channels/linked/<int:pk>/withdraw/", views.linked_account_withdraw, name="linked-withdraw"
    ),
    path("channels/linked/register/", views.linked_account_register, name="linked-register"),
    path("channels/discovered/", views.discovered_list, name="discovered-list"),
    path("channels/discovered/import/", views.discovered_import, name="discovered-import"),
    path("channels/discovered/<int:pk>/", views.discovered_detail, name="discovered-detail"),
]

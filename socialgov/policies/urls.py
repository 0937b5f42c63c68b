from django.urls import path

from socialgov.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="policy-list"),
    path("new/", views.policy_create, name="policy-create"),
    path("<int:pk>/", views.policy_detail, name="policy-detail"),
    path("<int:pk>/versions/new/", views.version_create, name="version-create"),
    path("versions/<int:pk>/", views.version_read, name="version-read"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version-edit"),
    path("versions/<int:pk>/publish/", views.version_publish, name="version-publish"),
    path("versions/<int:pk>/acknowledge/", views.version_acknowledge, name="version-acknowledge"),
    path("versions/<int:pk>/<str:action>/", views.version_action, name="version-action"),
    path("acknowledge/<str:token>/", views.acknowledge_by_link, name="acknowledge-link"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/export.<str:fmt>", views.campaign_export, name="campaign-export"),
]

from django.urls import path

from socialgov.awareness import views

app_name = "awareness"
urlpatterns = [
    path("", views.module_list, name="module-list"),
    path("modules/<int:pk>/", views.module_detail, name="module-detail"),
    path("assignments/<int:pk>/", views.assignment_take, name="assignment-take"),
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/export.<str:fmt>", views.campaign_export, name="campaign-export"),
]

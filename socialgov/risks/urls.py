from django.urls import path

from socialgov.risks import views

app_name = "risks"
urlpatterns = [
    path("risks/levels.css", views.level_stylesheet, name="level-stylesheet"),
    path("risks/", views.register, name="register"),
    path("risks/overview/", views.overview, name="overview"),
    path("risks/catalogue/", views.catalogue, name="catalogue"),
    path("risks/<int:pk>/", views.risk_detail, name="detail"),
    path("risks/channel/<int:channel_pk>/", views.channel_risks, name="channel"),
    path("risks/channel/<int:channel_pk>/wizard/", views.wizard, name="wizard"),
    path("risks/channel/<int:channel_pk>/kris/", views.kri_create, name="kri-create"),
    path("risks/kris/", views.kri_list, name="kri-list"),
    path("risks/kris/<int:pk>/", views.kri_detail, name="kri-detail"),
]

from django.urls import path

from socialgov.strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.objective_list, name="objective-list"),
    path("new/", views.objective_create, name="objective-create"),
]

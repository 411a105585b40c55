from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("quy-dinh/", views.rule_sets, name="rule_sets"),
]

from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("quy-dinh/", views.rule_sets, name="rule_sets"),
    path("can-bo/<str:code>/xet-duyet/", views.person_eligibility, name="person_eligibility"),
    path("don-vi/<str:code>/xet-duyet/", views.unit_eligibility, name="unit_eligibility"),
]

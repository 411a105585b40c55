from django.urls import path

from dashboards import report_views, unit_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.agency, name="agency"),
    path("don-vi/<str:code>/", unit_views.unit, name="unit"),
    path("bao-cao/<uuid:code>/<str:kind>.pdf", report_views.report_pdf, name="report_pdf"),
    path("bao-cao/<uuid:code>/<str:kind>.xlsx", report_views.report_xlsx, name="report_xlsx"),
]

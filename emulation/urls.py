from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from emulation import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ngon-ngu/", set_language, name="set_language"),
    path("to-chuc/", include("organizations.urls")),
    path("phong-trao/", include("campaigns.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("bang-dieu-khien/", include("dashboards.urls")),
    path("admin/", admin.site.urls),
]

# Uploads are never served as static files: evidence and documents go through views that apply
# the user's scope (campaigns.views.progress.evidence_download, campaigns.views.document_download).

from django.urls import path

from organizations import import_views, notification_views, views

app_name = "organizations"

urlpatterns = [
    path("don-vi/", views.unit_tree, name="unit_tree"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit_detail"),
    path("can-bo/", views.person_list, name="person_list"),
    path("can-bo/xuat-excel.xlsx", import_views.person_export, name="person_export"),
    path("can-bo/<str:code>/", views.person_detail, name="person_detail"),
    path("can-bo/<str:code>/xep-loai/", views.rating_add, name="rating_add"),
    path("can-bo/<str:code>/ky-luat/", views.discipline_add, name="discipline_add"),
    path("can-bo/<str:code>/xem-xet/", views.pending_review_add, name="pending_review_add"),
    path(
        "can-bo/<str:code>/xem-xet/<int:pk>/dong/",
        views.pending_review_close,
        name="pending_review_close",
    ),
    path("can-bo/<str:code>/nghi-dai-ngay/", views.leave_add, name="leave_add"),
    path("don-vi/<str:code>/xep-loai/", views.unit_rating_add, name="unit_rating_add"),
    path("nhap-excel/", import_views.import_upload, name="import_upload"),
    path("nhap-excel/mau.xlsx", import_views.import_template, name="import_template"),
]

# The user's notifications (organizations/notification_views.py).
urlpatterns += [
    path("thong-bao/", notification_views.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/mo/", notification_views.notification_open, name="notification_open"),
    path(
        "thong-bao/doc-het/",
        notification_views.notification_read_all,
        name="notification_read_all",
    ),
]

from django.urls import path

from organizations.views import imports, jobs, notifications, people, units

app_name = "organizations"

urlpatterns = [
    path("don-vi/", units.unit_tree, name="unit_tree"),
    path("don-vi/goi-y/", units.unit_suggest, name="unit_suggest"),
    path("don-vi/<str:code>/", units.unit_detail, name="unit_detail"),
    path("don-vi/<str:code>/don-vi-truc-thuoc/", units.unit_children, name="unit_children"),
    path("can-bo/", people.person_list, name="person_list"),
    path("can-bo/xuat-excel.xlsx", imports.person_export, name="person_export"),
    path("can-bo/<str:code>/", people.person_detail, name="person_detail"),
    path("can-bo/<str:code>/xep-loai/", people.rating_add, name="rating_add"),
    path("can-bo/<str:code>/ky-luat/", people.discipline_add, name="discipline_add"),
    path("can-bo/<str:code>/xem-xet/", people.pending_review_add, name="pending_review_add"),
    path(
        "can-bo/<str:code>/xem-xet/<int:pk>/dong/",
        people.pending_review_close,
        name="pending_review_close",
    ),
    path("can-bo/<str:code>/nghi-dai-ngay/", people.leave_add, name="leave_add"),
    path("don-vi/<str:code>/xep-loai/", units.unit_rating_add, name="unit_rating_add"),
    path("nhap-excel/", imports.import_upload, name="import_upload"),
    path("nhap-excel/<uuid:code>/nhap/", imports.import_confirm, name="import_confirm"),
    path("nhap-excel/mau.xlsx", imports.import_template, name="import_template"),
]

# The user's notifications (organizations/notifications.py).
urlpatterns += [
    path("thong-bao/", notifications.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/mo/", notifications.notification_open, name="notification_open"),
    path(
        "thong-bao/doc-het/",
        notifications.notification_read_all,
        name="notification_read_all",
    ),
]

# The user's background jobs (organizations/jobs.py): progress, file, retry.
urlpatterns += [
    path("viec/", jobs.job_list, name="job_list"),
    path("viec/<uuid:code>/", jobs.job_detail, name="job_detail"),
    path("viec/<uuid:code>/tien-do/", jobs.job_status, name="job_status"),
    path("viec/<uuid:code>/tai-ve/", jobs.job_download, name="job_download"),
    path("viec/<uuid:code>/chay-lai/", jobs.job_retry, name="job_retry"),
]

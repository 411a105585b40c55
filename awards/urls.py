from django.urls import path

from awards.views import (
    catalogue,
    council,
    council_session,
    decisions,
    eligibility,
    history,
    nomination_desk,
    nominations,
    posting,
    registration_table,
    registrations,
    submissions,
)

app_name = "awards"

urlpatterns = [
    # The overview, the catalogue and the rule sets (awards/views/catalogue.py)
    path("", catalogue.index, name="index"),
    path("danh-muc/", catalogue.catalogue, name="catalogue"),
    path("quy-dinh/", catalogue.rule_sets, name="rule_sets"),
    # Eligibility (awards/views/eligibility.py)
    path("can-bo/<str:code>/xet-duyet/", eligibility.person_eligibility, name="person_eligibility"),
    path("don-vi/<str:code>/xet-duyet/", eligibility.unit_eligibility, name="unit_eligibility"),
    # Registrations (awards/views/registrations.py)
    path("dang-ky/", registrations.registration_mine, name="registration_mine"),
    path("dang-ky/<int:pk>/xoa/", registrations.registration_remove, name="registration_remove"),
    path(
        "dang-ky/don-vi/<str:code>/",
        registrations.registration_unit,
        name="registration_unit",
    ),
    path(
        "dang-ky/don-vi/<str:code>/them-ca-nhan/",
        registrations.registration_unit_add_person,
        name="registration_unit_add_person",
    ),
    path(
        "dang-ky/don-vi/<str:code>/them-tap-the/",
        registrations.registration_unit_add_collective,
        name="registration_unit_add_collective",
    ),
    path(
        "dang-ky/danh-sach/<int:pk>/gui/",
        registrations.registration_list_submit,
        name="registration_list_submit",
    ),
    path(
        "dang-ky/danh-sach/<int:pk>/duyet/",
        registrations.registration_list_approve,
        name="registration_list_approve",
    ),
    path(
        "dang-ky/danh-sach/<int:pk>/tra-lai/",
        registrations.registration_list_return,
        name="registration_list_return",
    ),
    path(
        "dang-ky/danh-sach/<int:pk>/in.pdf",
        registrations.registration_list_pdf,
        name="registration_list_pdf",
    ),
    # The officer's queue and the consolidated table (awards/views/registration_table.py)
    path("dang-ky/cho-duyet/", registration_table.registration_queue, name="registration_queue"),
    path("dang-ky/tong-hop/", registration_table.registration_table, name="registration_table"),
    path(
        "dang-ky/tong-hop/xuat-excel.xlsx",
        registration_table.registration_export_view,
        name="registration_export",
    ),
    # Initiatives and the award history (awards/views/history.py)
    path("sang-kien/", history.initiative_list, name="initiative_list"),
    path("sang-kien/xuat-excel.xlsx", history.initiative_export, name="initiative_export"),
    path("sang-kien/them/", history.initiative_create, name="initiative_create"),
    path("sang-kien/<int:pk>/", history.initiative_detail, name="initiative_detail"),
    path("sang-kien/<int:pk>/su-dung/", history.initiative_use_view, name="initiative_use"),
    path("qua-trinh/", history.history_list, name="history_list"),
    path("qua-trinh/them/", history.history_add, name="history_add"),
    path("qua-trinh/xuat-excel.xlsx", history.history_export, name="history_export"),
    path("qua-trinh/nhap-excel/", history.history_import, name="history_import"),
    path(
        "qua-trinh/nhap-excel/<uuid:code>/nhap/",
        history.history_import_confirm,
        name="history_import_confirm",
    ),
    path(
        "qua-trinh/nhap-excel/mau.xlsx",
        history.history_import_template,
        name="history_import_template",
    ),
    path("qua-trinh/<int:pk>/huy-bo/", history.award_revoke, name="award_revoke"),
    path("can-bo/<str:code>/khen-thuong/", history.person_history, name="person_history"),
    path("don-vi/<str:code>/khen-thuong/", history.unit_history, name="unit_history"),
    # Decisions, certificates and their public verification (awards/views/decisions.py)
    path("quyet-dinh/", decisions.decision_list, name="decision_list"),
    path("quyet-dinh/xuat-excel.xlsx", decisions.decision_export, name="decision_export"),
    path("quyet-dinh/so-van-ban/", decisions.sequence_continue, name="sequence_continue"),
    path("quyet-dinh/tao/<uuid:code>/", decisions.decision_create, name="decision_create"),
    path("quyet-dinh/<uuid:code>/", decisions.decision_detail, name="decision_detail"),
    path("quyet-dinh/<uuid:code>/sua/", decisions.decision_edit, name="decision_edit"),
    path("quyet-dinh/<uuid:code>/danh-sach/", decisions.decision_awardee, name="decision_awardee"),
    path("quyet-dinh/<uuid:code>/ban-hanh/", decisions.decision_issue, name="decision_issue"),
    path("quyet-dinh/<uuid:code>/quyet-dinh.pdf", decisions.decision_pdf, name="decision_pdf"),
    path(
        "quyet-dinh/<uuid:code>/giay-khen.pdf",
        decisions.decision_certificates,
        name="decision_certificates",
    ),
    path(
        "qua-trinh/<int:pk>/giay-khen.pdf", decisions.record_certificate, name="record_certificate"
    ),
    path("qua-trinh/<int:pk>/quyet-dinh/", decisions.record_decision, name="record_decision"),
    path("xac-thuc/<str:code>/", decisions.certificate_verify, name="certificate_verify"),
    # Nominations (awards/views/nominations.py)
    path("de-nghi/don-vi/<str:code>/", nominations.nomination_unit, name="nomination_unit"),
    path(
        "de-nghi/don-vi/<str:code>/tu-dang-ky/",
        nominations.nomination_unit_from_registrations,
        name="nomination_unit_from_registrations",
    ),
    path(
        "de-nghi/don-vi/<str:code>/them/",
        nominations.nomination_unit_add,
        name="nomination_unit_add",
    ),
    path(
        "de-nghi/danh-sach/<int:pk>/gui/",
        nominations.nomination_list_submit,
        name="nomination_list_submit",
    ),
    path("de-nghi/<uuid:code>/", nominations.nomination_detail, name="nomination_detail"),
    path("de-nghi/<uuid:code>/sua/", nominations.nomination_edit, name="nomination_edit"),
    path("de-nghi/<uuid:code>/ky/", nominations.nomination_sign, name="nomination_sign"),
    path("de-nghi/<uuid:code>/dinh-kem/", nominations.nomination_attach, name="nomination_attach"),
    path(
        "de-nghi/<uuid:code>/gui-lai/",
        nominations.nomination_resubmit,
        name="nomination_resubmit",
    ),
    path("de-nghi/<uuid:code>/xoa/", nominations.nomination_remove, name="nomination_remove"),
    path("de-nghi/<uuid:code>/tra-lai/", nominations.nomination_return, name="nomination_return"),
    path(
        "de-nghi/<uuid:code>/chap-thuan/", nominations.nomination_accept, name="nomination_accept"
    ),
    path(
        "de-nghi/<uuid:code>/bao-cao.pdf",
        nominations.nomination_report_pdf,
        name="nomination_report_pdf",
    ),
    path(
        "de-nghi/<uuid:code>/bao-cao-da-ky/",
        nominations.signed_report_download,
        name="nomination_signed_report",
    ),
    path("de-nghi/tep/<int:pk>/", nominations.attachment_download, name="nomination_attachment"),
    path(
        "de-nghi/tep/<int:pk>/xoa/",
        nominations.attachment_remove,
        name="nomination_attachment_remove",
    ),
    # The officer's desk (awards/views/nomination_desk.py)
    path("de-nghi/tham-dinh/", nomination_desk.nomination_desk, name="nomination_desk"),
    path(
        "de-nghi/tham-dinh/chap-thuan/",
        nomination_desk.nomination_desk_accept,
        name="nomination_desk_accept",
    ),
    path(
        "de-nghi/tham-dinh/xuat-excel.xlsx",
        nomination_desk.nomination_desk_export,
        name="nomination_desk_export",
    ),
    # The council (awards/views/council.py) and its sessions (awards/views/council_session.py)
    path("hoi-dong/", council.council_list, name="council_list"),
    path("hoi-dong/them/", council.council_create, name="council_create"),
    path("hoi-dong/<int:pk>/", council.council_detail, name="council_detail"),
    path(
        "hoi-dong/<int:pk>/thanh-vien/them/",
        council.council_member_add,
        name="council_member_add",
    ),
    path(
        "hoi-dong/<int:pk>/thanh-vien/<int:member_pk>/",
        council.council_member_change,
        name="council_member_change",
    ),
    path("hoi-dong/<int:pk>/phien-hop/them/", council.session_create, name="session_create"),
    path("phien-hop/<int:pk>/", council_session.council_session, name="council_session"),
    path(
        "phien-hop/<int:pk>/ho-so/them/",
        council_session.session_items_add,
        name="session_items_add",
    ),
    path(
        "phien-hop/<int:pk>/ho-so/<int:item_pk>/bo/",
        council_session.session_item_remove,
        name="session_item_remove",
    ),
    path(
        "phien-hop/<int:pk>/diem-danh/",
        council_session.session_attendance,
        name="session_attendance",
    ),
    path("phien-hop/<int:pk>/mo-bo-phieu/", council_session.session_open, name="session_open"),
    path("phien-hop/<int:pk>/bo-phieu/", council_session.ballot_cast, name="ballot_cast"),
    path(
        "phien-hop/<int:pk>/phieu-van-ban/",
        council_session.written_ballot_enter,
        name="written_ballot_enter",
    ),
    path("phien-hop/<int:pk>/kiem-phieu/", council_session.session_close, name="session_close"),
    path("phien-hop/<int:pk>/quyet-dinh-dong-phieu/", council_session.tie_break, name="tie_break"),
    path(
        "phien-hop/<int:pk>/<slug:kind>.pdf",
        council_session.session_minutes_pdf,
        name="session_minutes_pdf",
    ),
    # Public posting (awards/views/posting.py): the officer's pages, then the public's
    path("cong-khai/quan-ly/", posting.posting_list, name="posting_list"),
    path("cong-khai/quan-ly/them/", posting.posting_create, name="posting_create"),
    path("cong-khai/quan-ly/<uuid:code>/", posting.posting_detail, name="posting_detail"),
    path("cong-khai/quan-ly/<uuid:code>/sua/", posting.posting_edit, name="posting_edit"),
    path("cong-khai/quan-ly/<uuid:code>/cong-bo/", posting.posting_publish, name="posting_publish"),
    path("cong-khai/y-kien/<int:pk>/tra-loi/", posting.comment_answer, name="comment_answer"),
    path("cong-khai/y-kien/<int:pk>/xong/", posting.comment_resolve, name="comment_resolve"),
    path("cong-khai/", posting.posting_index, name="posting_index"),
    path("cong-khai/<uuid:code>/", posting.posting_public, name="posting_public"),
    # Submissions to the province (awards/views/submissions.py)
    path("to-trinh/", submissions.submission_list, name="submission_list"),
    path("to-trinh/tao/", submissions.submission_create, name="submission_create"),
    path("to-trinh/<uuid:code>/", submissions.submission_detail, name="submission_detail"),
    path("to-trinh/<uuid:code>/sua/", submissions.submission_edit, name="submission_edit"),
    path("to-trinh/<uuid:code>/gui/", submissions.submission_send, name="submission_send"),
    path("to-trinh/<uuid:code>/tra-lai/", submissions.submission_return, name="submission_return"),
    path("to-trinh/<uuid:code>/ket-qua/", submissions.submission_record, name="submission_record"),
    path("to-trinh/<uuid:code>/ho-so.pdf", submissions.submission_pdf, name="submission_pdf"),
    path("to-trinh/<uuid:code>/dinh-kem.zip", submissions.submission_zip, name="submission_zip"),
]

from django.urls import path

from campaigns.views import campaigns, covenants, progress, reviews

app_name = "campaigns"

urlpatterns = [
    # Campaigns (campaigns/views/campaigns.py)
    path("", campaigns.campaign_list, name="campaign_list"),
    path("tao-moi/", campaigns.campaign_create, name="campaign_create"),
    path("<uuid:code>/", campaigns.campaign_detail, name="campaign_detail"),
    path("<uuid:code>/sua/", campaigns.campaign_edit, name="campaign_edit"),
    path("<uuid:code>/phat-dong/", campaigns.campaign_launch, name="campaign_launch"),
    path("<uuid:code>/noi-dung/", campaigns.focus_area_add, name="focus_area_add"),
    path("<uuid:code>/noi-dung/<int:pk>/", campaigns.focus_area_edit, name="focus_area_edit"),
    path("<uuid:code>/moc/", campaigns.milestone_add, name="milestone_add"),
    path("<uuid:code>/moc/<int:pk>/", campaigns.milestone_edit, name="milestone_edit"),
    path("<uuid:code>/tai-lieu/", campaigns.document_add, name="document_add"),
    path("tai-lieu/<int:pk>/", campaigns.document_download, name="document_download"),
    # Covenants (campaigns/views/covenants.py)
    path("<uuid:code>/giao-uoc/tao/", covenants.covenant_create, name="covenant_create"),
    path("giao-uoc/<uuid:code>/", covenants.covenant_detail, name="covenant_detail"),
    path("giao-uoc/<uuid:code>/ben/", covenants.party_add, name="party_add"),
    path("giao-uoc/<uuid:code>/mo-ky/", covenants.covenant_open, name="covenant_open"),
    path("giao-uoc/<uuid:code>/sua-doi/", covenants.covenant_amend, name="covenant_amend"),
    path("giao-uoc/<uuid:code>/giao-uoc.pdf", covenants.covenant_pdf, name="covenant_pdf"),
    path("giao-uoc/<uuid:code>/chi-tieu.xlsx", covenants.covenant_export, name="covenant_export"),
    path("ben/<int:party_id>/ky/", covenants.covenant_sign, name="covenant_sign"),
    path("ben/<int:party_id>/chi-tieu/", covenants.commitment_add, name="commitment_add"),
    path("chi-tieu/<int:pk>/", covenants.commitment_edit, name="commitment_edit"),
    path("chi-tieu/<int:pk>/xoa/", covenants.commitment_delete, name="commitment_delete"),
    # Progress (campaigns/views/progress.py)
    path("ben/<int:party_id>/tien-do/", progress.party_progress, name="party_progress"),
    path("chi-tieu/<int:pk>/bao-cao/", progress.report_submit, name="report_submit"),
    path("bao-cao/<int:pk>/duyet/", progress.report_review, name="report_review"),
    path("minh-chung/<int:pk>/", progress.evidence_download, name="evidence_download"),
    path("<uuid:code>/bao-cao-cho-duyet/", progress.reports_pending, name="reports_pending"),
    path("bao-cao-cho-duyet/", progress.reports_pending_all, name="reports_pending_all"),
    # Reviews (campaigns/views/reviews.py)
    path("<uuid:code>/danh-gia/<str:kind>/", reviews.review_detail, name="review_detail"),
    path("<uuid:code>/danh-gia/<str:kind>/mo/", reviews.review_open, name="review_open"),
    path(
        "<uuid:code>/danh-gia/<str:kind>/ket-luan/",
        reviews.review_conclude,
        name="review_conclude",
    ),
]

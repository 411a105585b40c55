"""The officer's review of progress reports: the queue, accepting, returning with a comment."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services
from campaigns.models import CampaignReview, ProgressReport
from organizations.models import Notification
from tests.pages import html_of, messages_of

pytestmark = pytest.mark.usefixtures("english", "media")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PERIODS = ["Q1", "Q2", "H1", "Q3", "Q4", "H2", "Y"]


def commitment_of(covenant, unit):
    return covenant.parties.get(unit=unit).commitments.get()


def submit(user, commitment, period="Q2", status="on_track", value=85, evidence=True):
    files = [SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")] if evidence else []
    return services.report_submit(
        actor=user,
        commitment=commitment,
        period=period,
        status=status,
        value=Decimal(value),
        narrative=f"Tiến độ {period}",
        files=files,
    )


@pytest.fixture
def report(org, covenant_in_force):
    org.carol.user.email = "carol@skhcn.langson.gov.vn"
    org.carol.user.save(update_fields=["email"])
    return submit(org.carol.user, commitment_of(covenant_in_force, org.technical))


def returned_notices(org):
    return Notification.objects.filter(
        recipient=org.carol.user, title__startswith="Progress report returned"
    )


def review_url(report, query=""):
    url = reverse("campaigns:report_review", args=[report.pk])
    return f"{url}?{query}" if query else url


def queue_url(campaign):
    return reverse("campaigns:reports_pending", args=[campaign.code])


# Accept and return


def test_the_officer_accepts_a_report(org, report, login):
    response = login(org.alice).post(review_url(report), {"decision": "accept"})
    assert response.status_code == 302
    assert response.url == queue_url(report.commitment.party.covenant.campaign)
    assert messages_of(response) == [f"Report accepted: {report}"]
    report.refresh_from_db()
    assert (report.review, report.reviewed_by) == ("accepted", org.alice.user)
    assert report.reviewed_at is not None
    assert not returned_notices(org).exists()


def test_after_a_review_the_queue_keeps_its_filters_and_page(org, report, login):
    response = login(org.alice).post(
        review_url(report, "status=on_track&page=1"), {"decision": "accept"}
    )
    assert response.url == queue_url(report.commitment.party.covenant.campaign) + (
        "?status=on_track&page=1"
    )


def test_a_returned_report_tells_the_reporter_in_the_portal_and_by_mail(
    org, report, login, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(org.alice).post(
            review_url(report), {"decision": "return", "comment": "Thiếu biên bản kiểm tra."}
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.review, report.review_comment) == ("returned", "Thiếu biên bản kiểm tra.")
    notice = returned_notices(org).get()
    assert notice.title == f"Progress report returned: {report}"
    assert notice.body == "Thiếu biên bản kiểm tra."
    party_url = reverse("campaigns:party_progress", args=[report.commitment.party_id])
    assert notice.url == f"{party_url}#commitment-{report.commitment_id}"
    [mail] = mailoutbox
    assert mail.to == ["carol@skhcn.langson.gov.vn"]
    assert "Thiếu biên bản kiểm tra." in mail.body
    # The party screen shows the comment next to the report.
    page = html_of(login(org.carol).get(party_url))
    assert "Thiếu biên bản kiểm tra." in page


def test_no_mail_leaves_before_the_review_is_saved(
    org, report, login, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        login(org.alice).post(review_url(report), {"decision": "return", "comment": "Sai số."})
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_with_htmx_the_queue_item_is_replaced_by_the_outcome(org, report, login):
    response = login(org.alice).post(
        review_url(report), {"decision": "accept"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = html_of(response)
    assert "<html" not in page
    assert f'id="report-{report.pk}"' in page
    assert f"Report accepted: {report}" in page
    report.refresh_from_db()
    assert report.review == "accepted"


def test_with_htmx_the_queue_s_count_follows_each_review(org, report, covenant_in_force, login):
    second = submit(org.carol.user, commitment_of(covenant_in_force, org.technical), period="Q3")
    client = login(org.alice)
    queue = html_of(client.get(queue_url(covenant_in_force.campaign)))
    assert 'id="pending-count"' in queue and "2 reports awaiting review" in queue
    page = html_of(client.post(review_url(report), {"decision": "accept"}, HTTP_HX_REQUEST="true"))
    # Swapped in place of the page's count, out of band.
    assert 'id="pending-count" data-testid="pending-count" hx-swap-oob="true"' in page
    assert "1 report awaiting review" in page
    page = html_of(
        client.post(
            review_url(second),
            {"decision": "return", "comment": "Thiếu số liệu."},
            HTTP_HX_REQUEST="true",
        )
    )
    assert "0 reports awaiting review" in page


# Who may not review


def test_staff_cannot_review(org, report, login):
    response = login(org.bob).post(review_url(report), {"decision": "accept"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.review == "pending"


def test_the_unit_head_cannot_review_its_own_report(org, report, login):
    response = login(org.carol).post(review_url(report), {"decision": "accept"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.review == "pending"


def test_the_outsider_gets_404(org, report, login):
    assert login(org.charlie).post(review_url(report), {"decision": "accept"}).status_code == 404
    report.refresh_from_db()
    assert report.review == "pending"


def test_it_only_accepts_post(org, report, login):
    assert login(org.alice).get(review_url(report)).status_code == 405


# Bad input


@pytest.mark.parametrize("htmx", [False, True])
def test_returning_without_a_comment(org, report, login, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = login(org.alice).post(
        review_url(report), {"decision": "return", "comment": "   "}, **headers
    )
    assert response.status_code == 200
    assert "Write a comment saying what should be corrected before returning it." in (
        html_of(response)
    )
    report.refresh_from_db()
    assert (report.review, report.reviewed_by) == ("pending", None)
    assert not returned_notices(org).exists()


def test_reviewing_a_report_twice(org, report, login):
    services.report_review(actor=org.alice.user, report=report, accept=True)
    response = login(org.alice).post(
        review_url(report), {"decision": "return", "comment": "Đổi ý."}
    )
    assert response.status_code == 200
    assert "This report has already been accepted." in html_of(response)
    report.refresh_from_db()
    assert (report.review, report.review_comment) == ("accepted", "")


def test_reviewing_after_the_campaign_has_closed(org, report, login):
    campaign = report.commitment.party.covenant.campaign
    services.review_open(actor=org.alice.user, campaign=campaign, kind="final")
    services.review_conclude(
        actor=org.alice.user,
        review=CampaignReview.objects.get(campaign=campaign, kind="final"),
        conclusions="Tổng kết.",
    )
    response = login(org.alice).post(review_url(report), {"decision": "accept"})
    assert response.status_code == 200
    assert "The campaign is closed; its reports are locked." in html_of(response)
    report.refresh_from_db()
    assert report.review == "pending"


def test_a_missing_decision(org, report, login):
    response = login(org.alice).post(review_url(report), {"comment": "?"})
    assert response.status_code == 200
    assert "This field is required." in html_of(response)
    report.refresh_from_db()
    assert report.review == "pending"


# The queue


def test_the_queue_lists_reports_awaiting_review_oldest_first(
    org, leader, covenant_in_force, login
):
    technical = commitment_of(covenant_in_force, org.technical)
    union = commitment_of(covenant_in_force, org.union)
    first = submit(org.carol.user, technical, "Q1", "met")
    second = submit(org.dave.user, union, "Q1", "at_risk")
    accepted = submit(org.carol.user, technical, "Q2")
    services.report_review(actor=org.alice.user, report=accepted, accept=True)
    returned = submit(org.dave.user, union, "Q2")
    services.report_review(actor=org.alice.user, report=returned, accept=False, comment="Sai.")
    third = submit(org.carol.user, technical, "H1", "off_track", 10)

    response = login(org.alice).get(queue_url(covenant_in_force.campaign))

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [first, second, third]
    page = html_of(response)
    assert "3 reports awaiting review" in page
    for shown in ["Phòng Quản lý công nghệ", "Công đoàn cơ sở", "First half-year", "Tiến độ H1"]:
        assert shown in page
    assert "bien-ban.pdf" in page
    assert page.count('data-testid="review-form"') == 3


def test_the_queue_filters_by_party_and_status(org, covenant_in_force, login):
    technical = commitment_of(covenant_in_force, org.technical)
    union = commitment_of(covenant_in_force, org.union)
    met = submit(org.carol.user, technical, "Q1", "met")
    at_risk = submit(org.carol.user, technical, "Q2", "at_risk")
    union_report = submit(org.dave.user, union, "Q1", "met")
    client = login(org.alice)
    url = queue_url(covenant_in_force.campaign)

    def listed(params):
        return list(client.get(url, params).context["page"].object_list)

    assert listed({"party": org.technical.pk}) == [met, at_risk]
    assert listed({"party": org.union.pk}) == [union_report]
    assert listed({"status": "met"}) == [met, union_report]
    assert listed({"party": org.technical.pk, "status": "at_risk"}) == [at_risk]
    empty = client.get(url, {"status": "off_track"})
    assert "No report awaiting review matches these filters" in html_of(empty)


def test_the_queue_is_paginated(org, covenant_in_force, login, settings):
    settings.PAGE_SIZE = 2
    technical = commitment_of(covenant_in_force, org.technical)
    reports = [submit(org.carol.user, technical, period, evidence=False) for period in PERIODS[:5]]
    client = login(org.alice)
    url = queue_url(covenant_in_force.campaign)
    assert list(client.get(url).context["page"].object_list) == reports[:2]
    assert list(client.get(url, {"page": 3}).context["page"].object_list) == reports[4:]
    page = html_of(client.get(url, {"party": org.technical.pk}))
    assert f"?party={org.technical.pk}&page=2" in page


def test_the_queue_is_for_officers(org, covenant_in_force, login, client):
    url = queue_url(covenant_in_force.campaign)
    for persona in [org.bob, org.carol, org.dave]:
        client.force_login(persona.user)
        assert client.get(url).status_code == 403, persona.user.username
    client.force_login(org.charlie.user)
    assert client.get(url).status_code == 404


def test_the_queue_of_a_closed_campaign_offers_no_form(org, covenant_in_force, login):
    submit(org.carol.user, commitment_of(covenant_in_force, org.technical), "Q1")
    campaign = covenant_in_force.campaign
    services.review_open(actor=org.alice.user, campaign=campaign, kind="final")
    services.review_conclude(
        actor=org.alice.user,
        review=CampaignReview.objects.get(campaign=campaign, kind="final"),
        conclusions="Tổng kết.",
    )
    page = html_of(login(org.alice).get(queue_url(campaign)))
    assert "The campaign is closed; its reports are locked and can no longer be reviewed." in page
    assert 'data-testid="review-form"' not in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_queue_query_count_does_not_grow_with_reports(org, leader, covenant_in_force, login):
    commitments = [
        (org.carol.user, commitment_of(covenant_in_force, org.technical)),
        (org.dave.user, commitment_of(covenant_in_force, org.union)),
        (leader.user, commitment_of(covenant_in_force, leader.unit)),
    ]
    for user, commitment in commitments:
        submit(user, commitment, "Q1")
    client = login(org.alice)
    url = queue_url(covenant_in_force.campaign)
    client.get(url)  # warm the session and content types
    small = count_queries(client, url)
    for user, commitment in commitments:
        for period in PERIODS[1:]:
            submit(user, commitment, period)
    assert ProgressReport.objects.filter(review="pending").count() == 21
    assert count_queries(client, url) == small


# The officer's home: the reports waiting, by campaign


def test_the_officer_s_home_counts_the_reports_waiting_and_links_each_campaign_s_queue(
    org, report, login
):
    campaign = report.commitment.party.covenant.campaign
    client = login(org.alice)
    card = html_of(client.get(reverse("home")))
    assert 'data-testid="reports-card"' in card
    assert f'href="{queue_url(campaign)}"' in card
    assert 'data-testid="reports-to-review-count">1 report<' in card
    client.post(review_url(report), {"decision": "accept", "comment": ""})
    card = html_of(client.get(reverse("home")))
    assert queue_url(campaign) not in card
    assert "No report waits for you" in card
    # Staff review nothing: no card.
    assert 'data-testid="reports-card"' not in html_of(login(org.bob).get(reverse("home")))


# One queue across campaigns, and the officer told of each report


def all_queue_url(query=""):
    url = reverse("campaigns:reports_pending_all")
    return f"{url}?{query}" if query else url


@pytest.fixture
def second_campaign(org, leader):
    """Another launched campaign of SKHCN, its covenant in force, KT and the union parties."""
    import datetime

    from tests.factories import CampaignFactory, FocusAreaFactory

    campaign = CampaignFactory(organiser=org.agency, name="Thi đua chuyển đổi số năm 2020")
    FocusAreaFactory(campaign=campaign, number=1, title="Chuyển đổi số")
    services.campaign_launch(
        actor=org.alice.user, campaign=campaign, launch_date=datetime.date(2020, 1, 2)
    )
    covenant = services.covenant_create(
        actor=org.alice.user,
        campaign=campaign,
        title="Giao ước chuyển đổi số",
        signing_date=datetime.date(2020, 1, 2),
        signing_place="Lạng Sơn",
    )
    signers = []
    for unit, persona in [(org.technical, org.carol), (org.union, org.dave)]:
        party = services.party_add(
            actor=org.alice.user, covenant=covenant, unit=unit, representative=persona.person
        )
        services.commitment_save(
            actor=org.alice.user,
            commitment=party.commitments.model(party=party),
            focus_area=campaign.focus_areas.get(),
            text="Số hóa 100% hồ sơ của đơn vị",
            measure="percentage",
            target=Decimal(100),
            due_date=datetime.date(2020, 12, 15),
        )
        signers.append((party, persona.user))
    services.covenant_open(actor=org.alice.user, covenant=covenant)
    for party, user in signers:
        services.covenant_sign(actor=user, party=party)
    covenant.refresh_from_db()
    return covenant


def test_one_queue_holds_every_open_campaign_s_reports_oldest_first(
    org, covenant_in_force, second_campaign, login
):
    first = submit(org.carol.user, commitment_of(covenant_in_force, org.technical), "Q1")
    other = submit(org.carol.user, commitment_of(second_campaign, org.technical), "Q1")
    union = submit(org.dave.user, commitment_of(covenant_in_force, org.union), "Q2")
    client = login(org.alice)
    response = client.get(all_queue_url())
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [first, other, union]
    page = html_of(response)
    assert "3 reports awaiting review" in page
    # Each report names its campaign; the forms post back to this queue.
    assert page.count('data-testid="report-campaign"') == 3
    assert "Thi đua chuyển đổi số năm 2020" in page
    assert f'action="{review_url(first, "tat-ca=1")}"' in page
    # Narrowed to one campaign, then to a party and a status.
    code = second_campaign.campaign.code
    assert list(client.get(all_queue_url(f"campaign={code}")).context["page"].object_list) == [
        other
    ]
    assert list(client.get(all_queue_url(f"party={org.union.pk}")).context["page"].object_list) == [
        union
    ]
    # A campaign's own queue links to this one.
    assert all_queue_url() in html_of(client.get(queue_url(covenant_in_force.campaign)))


def test_a_review_from_the_one_queue_returns_to_it_with_its_count(
    org, covenant_in_force, second_campaign, login
):
    first = submit(org.carol.user, commitment_of(covenant_in_force, org.technical), "Q1")
    submit(org.carol.user, commitment_of(second_campaign, org.technical), "Q1")
    client = login(org.alice)
    response = client.post(review_url(first, "tat-ca=1&status=on_track"), {"decision": "accept"})
    assert response.status_code == 302
    assert response.url == all_queue_url("status=on_track")
    # With htmx, the count left is the one queue's: the other campaign's report still waits.
    second = submit(org.dave.user, commitment_of(covenant_in_force, org.union), "Q1")
    response = client.post(
        review_url(second, "tat-ca=1"), {"decision": "accept"}, HTTP_HX_REQUEST="true"
    )
    assert 'data-testid="pending-count" hx-swap-oob="true"' in html_of(response)
    assert "1 report awaiting review" in html_of(response)


def test_the_one_queue_s_query_count_does_not_grow_with_reports_or_campaigns(
    org, covenant_in_force, second_campaign, login
):
    submit(org.carol.user, commitment_of(covenant_in_force, org.technical), "Q1")
    client = login(org.alice)
    client.get(all_queue_url())  # warm the session and content types
    small = count_queries(client, all_queue_url())
    for covenant in (covenant_in_force, second_campaign):
        for unit, user in [(org.technical, org.carol.user), (org.union, org.dave.user)]:
            for period in PERIODS[1:]:
                submit(user, commitment_of(covenant, unit), period, evidence=False)
    assert count_queries(client, all_queue_url()) == small


def test_the_home_card_opens_the_one_queue(org, report, login):
    card = html_of(login(org.alice).get(reverse("home")))
    assert f'href="{all_queue_url()}"' in card


def test_the_one_queue_is_for_officers_and_empty_says_so(org, covenant_in_force, login, client):
    for persona in [org.bob, org.carol, org.dave]:
        client.force_login(persona.user)
        assert client.get(all_queue_url()).status_code == 403, persona.user.username
    assert "No report is awaiting review" in html_of(login(org.alice).get(all_queue_url()))


def test_the_officers_are_told_when_a_unit_reports(org, covenant_in_force):
    submit(org.carol.user, commitment_of(covenant_in_force, org.technical), "Q1")
    notice = Notification.objects.get(
        recipient=org.alice.user, title__startswith="Progress report to review"
    )
    assert notice.title == "Progress report to review: Phòng Quản lý công nghệ, Quarter 1"
    assert notice.url == queue_url(covenant_in_force.campaign)
    # Nobody else is: not the reporter, not staff, not another agency's officer.
    assert (
        not Notification.objects.exclude(recipient=org.alice.user)
        .filter(title__startswith="Progress report to review")
        .exists()
    )


def test_a_report_refused_notifies_nobody(org, covenant_in_force):
    with pytest.raises(ValidationError):
        submit(org.carol.user, commitment_of(covenant_in_force, org.technical), "Q1", value=-1)
    assert not Notification.objects.filter(title__startswith="Progress report to review").exists()

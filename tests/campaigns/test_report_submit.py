"""The quick update: report progress on a commitment, with htmx or without, and bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from campaigns.models import CampaignReview, Commitment, Evidence, ProgressReport
from organizations.models import Event
from tests.pages import html_of, messages_of

pytestmark = pytest.mark.usefixtures("english", "media")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def pdf(name="bien-ban.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def commitment_of(covenant, unit):
    return covenant.parties.get(unit=unit).commitments.get()


def post(client, commitment, *, htmx=False, files=None, **fields):
    data = {"period": "Q2", "status": "on_track", "value": "85", "narrative": "Đã số hóa hồ sơ."}
    data.update(fields)
    payload = {f"c{commitment.pk}-{name}": value for name, value in data.items()}
    if files is not None:
        payload[f"c{commitment.pk}-evidence"] = files
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("campaigns:report_submit", args=[commitment.pk]), payload, **headers)


# The happy paths


def test_unit_head_reports_with_evidence_and_returns_to_the_party_screen(
    org, covenant_in_force, login, media
):
    commitment = commitment_of(covenant_in_force, org.technical)
    response = post(login(org.carol), commitment, files=[pdf()])

    party_url = reverse("campaigns:party_progress", args=[commitment.party_id])
    assert response.status_code == 302
    assert response.url == f"{party_url}#commitment-{commitment.pk}"
    assert messages_of(response) == [
        "Progress for quarter 2 saved. The emulation officer will review it."
    ]
    report = ProgressReport.objects.get(commitment=commitment)
    assert (report.period, report.status, report.value) == ("Q2", "on_track", Decimal(85))
    assert report.narrative == "Đã số hóa hồ sơ."
    assert report.reported_by == org.carol.user
    assert report.review == ProgressReport.Review.PENDING
    evidence = report.evidence.get()
    assert evidence.original_name == "bien-ban.pdf"
    assert evidence.size == len(PDF)
    assert evidence.uploaded_by == org.carol.user
    [stored] = stored_files(media)
    assert stored.read_bytes() == PDF
    # Stored under a name nobody can guess, not the one the user gave.
    assert "bien-ban" not in stored.name
    assert Event.objects.filter(verb="progress_reported", actor=org.carol.user).exists()


def test_with_htmx_it_answers_with_the_commitment_block(org, covenant_in_force, login):
    commitment = commitment_of(covenant_in_force, org.technical)
    response = post(login(org.carol), commitment, htmx=True, files=[pdf()])

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "campaigns/partials/report_commitment.html"
    page = html_of(response)
    assert "<html" not in page
    assert f'id="commitment-{commitment.pk}"' in page
    assert "Progress for quarter 2 saved. The emulation officer will review it." in page
    assert 'data-period="Q2"' in page
    assert "bien-ban.pdf" in page
    # A fresh form comes back, ready for the next update, and the party's bar is updated.
    assert 'data-testid="report-form"' in page
    assert '<div id="party-summary" hx-swap-oob="true">' in page
    assert ProgressReport.objects.filter(commitment=commitment).count() == 1


def test_several_evidence_files_are_stored_at_once(org, covenant_in_force, login, media):
    commitment = commitment_of(covenant_in_force, org.technical)
    files = [pdf("bien-ban.pdf"), pdf("quyet-dinh.pdf")]
    post(login(org.carol), commitment, files=files)
    names = sorted(Evidence.objects.values_list("original_name", flat=True))
    assert names == ["bien-ban.pdf", "quyet-dinh.pdf"]
    assert len(stored_files(media)) == 2


def test_value_may_be_typed_the_vietnamese_way(org, covenant_in_force, login, client):
    commitment = commitment_of(covenant_in_force, org.technical)
    client.cookies["portal_language"] = "vi"
    post(login(org.carol), commitment, value="87,5")
    assert ProgressReport.objects.get(commitment=commitment).value == Decimal("87.5")


def test_a_yes_no_commitment_is_reported_with_the_done_box(org, leader, covenant, login):
    technical = covenant.parties.get(unit=org.technical)
    yes_no = services.commitment_save(
        actor=org.alice.user,
        commitment=Commitment(party=technical),
        focus_area=covenant.campaign.focus_areas.get(number=2),
        text="Đạt chứng nhận ISO 9001:2015",
        measure="yes_no",
        target=Decimal(1),
        due_date=datetime.date(2020, 12, 31),
    )
    for party, user in zip(
        covenant.parties.order_by("order"),
        [leader.user, org.dave.user, org.carol.user],
        strict=True,
    ):
        services.covenant_sign(actor=user, party=party)
    client = login(org.carol)
    data = {"period": "Q3", "status": "met", "done": "on"}
    client.post(
        reverse("campaigns:report_submit", args=[yes_no.pk]),
        {f"c{yes_no.pk}-{k}": v for k, v in data.items()},
    )
    assert ProgressReport.objects.get(commitment=yes_no).value == Decimal(1)
    data = {"period": "Q2", "status": "at_risk"}
    client.post(
        reverse("campaigns:report_submit", args=[yes_no.pk]),
        {f"c{yes_no.pk}-{k}": v for k, v in data.items()},
    )
    assert ProgressReport.objects.get(commitment=yes_no, period="Q2").value == Decimal(0)


@pytest.mark.parametrize(
    "persona, unit",
    [("dave", "union"), ("leader", "board"), ("alice", "technical"), ("alice", "board")],
)
def test_chairs_leadership_and_officers_report_for_their_parties(
    org, leader, covenant_in_force, client, persona, unit
):
    user = leader.user if persona == "leader" else getattr(org, persona).user
    unit = leader.unit if unit == "board" else getattr(org, unit)
    commitment = commitment_of(covenant_in_force, unit)
    client.force_login(user)
    assert post(client, commitment).status_code == 302
    assert ProgressReport.objects.get(commitment=commitment).reported_by == user


def test_a_returned_report_is_corrected_and_goes_back_for_review(org, covenant_in_force, login):
    commitment = commitment_of(covenant_in_force, org.technical)
    report = services.report_submit(
        actor=org.carol.user, commitment=commitment, period="Q2", status="at_risk", value=70
    )
    services.report_review(actor=org.alice.user, report=report, accept=False, comment="Sai số.")
    post(login(org.carol), commitment, value="80", status="on_track")
    report.refresh_from_db()
    assert (report.review, report.review_comment, report.reviewed_by) == ("pending", "", None)
    assert (report.value, report.status) == (Decimal(80), "on_track")
    assert ProgressReport.objects.filter(commitment=commitment).count() == 1


# Who may not report


def test_staff_cannot_report(org, covenant_in_force, login, media):
    commitment = commitment_of(covenant_in_force, org.technical)
    response = post(login(org.bob), commitment, files=[pdf()])
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()
    assert stored_files(media) == []


def test_a_unit_head_cannot_report_for_another_party(org, covenant_in_force, login):
    commitment = commitment_of(covenant_in_force, org.union)
    assert post(login(org.carol), commitment).status_code == 403
    assert not ProgressReport.objects.exists()


def test_the_outsider_gets_404(org, covenant_in_force, login):
    commitment = commitment_of(covenant_in_force, org.technical)
    assert post(login(org.charlie), commitment).status_code == 404
    assert not ProgressReport.objects.exists()


def test_it_only_accepts_post(org, covenant_in_force, login):
    commitment = commitment_of(covenant_in_force, org.technical)
    response = login(org.carol).get(reverse("campaigns:report_submit", args=[commitment.pk]))
    assert response.status_code == 405


# Bad input: a clear message, and nothing changed


def assert_refused(response, message, media, *, htmx=False):
    assert response.status_code == 200
    page = html_of(response)
    assert message in page
    if htmx:
        assert "<html" not in page
    else:
        assert "Your update was not saved." in page
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("htmx", [False, True])
def test_reporting_on_a_closed_campaign(org, covenant_in_force, login, media, htmx):
    campaign = covenant_in_force.campaign
    services.review_open(actor=org.alice.user, campaign=campaign, kind="final")
    services.review_conclude(
        actor=org.alice.user,
        review=CampaignReview.objects.get(campaign=campaign),
        conclusions="Tổng kết.",
    )
    commitment = commitment_of(covenant_in_force, org.technical)
    response = post(login(org.carol), commitment, htmx=htmx, files=[pdf()])
    assert_refused(response, "The campaign is closed; its reports are locked.", media, htmx=htmx)


@pytest.mark.parametrize("htmx", [False, True])
def test_evidence_whose_content_is_not_what_its_name_says(
    org, covenant_in_force, login, media, htmx
):
    commitment = commitment_of(covenant_in_force, org.technical)
    evil = SimpleUploadedFile("evil.pdf", b"just some text, not a PDF", "application/pdf")
    response = post(login(org.carol), commitment, htmx=htmx, files=[evil])
    assert_refused(
        response,
        "“evil.pdf” does not contain what its name says (PDF); it was refused.",
        media,
        htmx=htmx,
    )


def test_evidence_of_a_type_that_is_not_accepted(org, covenant_in_force, login, media):
    commitment = commitment_of(covenant_in_force, org.technical)
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00\x03", "application/octet-stream")
    response = post(login(org.carol), commitment, files=[pdf(), exe])
    assert_refused(
        response,
        "“setup.exe” is not an accepted file type. Accepted: PDF, DOCX, XLSX, PNG, JPG, JPEG.",
        media,
    )


def test_evidence_over_the_size_limit(org, covenant_in_force, login, media, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    commitment = commitment_of(covenant_in_force, org.technical)
    big = pdf("scan.pdf", PDF + b"0" * 2048)
    response = post(login(org.carol), commitment, files=[big])
    assert_refused(response, "“scan.pdf” is 2.0\xa0KB; the limit is 1.0\xa0KB.", media)


def test_a_negative_value(org, covenant_in_force, login, media):
    commitment = commitment_of(covenant_in_force, org.technical)
    response = post(login(org.carol), commitment, value="-5", files=[pdf()])
    assert_refused(response, "The value achieved cannot be negative.", media)


def test_a_percentage_above_100(org, covenant_in_force, login, media):
    commitment = commitment_of(covenant_in_force, org.technical)
    response = post(login(org.carol), commitment, value="120")
    assert_refused(response, "A percentage cannot be above 100.", media)


def test_an_unknown_period_or_status(org, covenant_in_force, login, media):
    commitment = commitment_of(covenant_in_force, org.technical)
    response = post(login(org.carol), commitment, period="Q9", status="great")
    assert_refused(
        response, "Select a valid choice. Q9 is not one of the available choices.", media
    )
    assert "Select a valid choice. great is not one of the available choices." in html_of(response)


def test_the_status_must_be_chosen(org, covenant_in_force, login, media):
    commitment = commitment_of(covenant_in_force, org.technical)
    response = post(login(org.carol), commitment, status="")
    assert_refused(response, "This field is required.", media)


def test_a_covenant_not_yet_in_force(org, covenant, login, media):
    commitment = commitment_of(covenant, org.technical)
    response = post(login(org.carol), commitment, files=[pdf()])
    assert_refused(response, "Progress is reported once the covenant is in force.", media)


@pytest.mark.parametrize("htmx", [False, True])
def test_an_accepted_report_can_no_longer_change(org, covenant_in_force, login, media, htmx):
    commitment = commitment_of(covenant_in_force, org.technical)
    report = services.report_submit(
        actor=org.carol.user, commitment=commitment, period="Q2", status="on_track", value=85
    )
    services.report_review(actor=org.alice.user, report=report, accept=True)
    response = post(login(org.carol), commitment, htmx=htmx, value="90", files=[pdf()])
    assert response.status_code == 200
    assert "The report for quarter 2 has been accepted and can no longer be changed." in (
        html_of(response)
    )
    report.refresh_from_db()
    assert (report.value, report.review) == (Decimal(85), "accepted")
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


def test_a_superseded_covenant_takes_no_more_reports(org, leader, covenant_in_force, login, media):
    amendment = services.covenant_amend(actor=org.alice.user, covenant=covenant_in_force)
    for party, user in zip(
        amendment.parties.order_by("order"),
        [leader.user, org.dave.user, org.carol.user],
        strict=True,
    ):
        services.covenant_sign(actor=user, party=party)
    old = commitment_of(covenant_in_force, org.technical)
    response = post(login(org.carol), old, files=[pdf()])
    assert_refused(
        response,
        "This version of the covenant has been superseded; report on the amendment.",
        media,
    )
    new = commitment_of(amendment, org.technical)
    assert post(login(org.carol), new).status_code == 302

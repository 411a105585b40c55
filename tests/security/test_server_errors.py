"""Finding 2 of the security review: inputs that made the portal answer 500. Each answers with
a page or a message now, and leaves the database as it was where it refuses."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import Registration
from awards.services import registrations as registration_services
from campaigns import services
from campaigns.models import Evidence
from tests.factories import PersonFactory, UserFactory, registered
from tests.pages import messages_of

pytestmark = pytest.mark.usefixtures("english", "media")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_returning_a_report_on_a_commitment_with_a_line_break_mails_a_one_line_subject(
    org, covenant_in_force, login, django_capture_on_commit_callbacks, mailoutbox
):
    org.carol.user.email = "carol@skhcn.langson.gov.vn"
    org.carol.user.save(update_fields=["email"])
    commitment = covenant_in_force.parties.get(unit=org.technical).commitments.get()
    type(commitment).objects.filter(pk=commitment.pk).update(
        text="Hoàn thành\nBcc: victim@example.com\r\nđề tài cấp tỉnh"
    )
    report = services.report_submit(
        actor=org.carol.user, commitment=commitment, period="Q1", status="at_risk",
        value=Decimal(40),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = login(org.alice).post(
            reverse("campaigns:report_review", args=[report.pk]),
            {"decision": "return", "comment": "Bổ sung minh chứng."},
        )
    assert response.status_code == 302
    [mail] = mailoutbox
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert "Hoàn thành Bcc: victim@example.com đề tài cấp tỉnh" in mail.subject
    assert mail.to == ["carol@skhcn.langson.gov.vn"] and not mail.bcc


@pytest.fixture
def submitted_list(org):
    registration_list = registered(org.bob.person, 2020).registration_list
    # Sent by the head of the office, whose login is deleted later.
    head = UserFactory(username="former_head", roles=["unit_head", "staff"])
    PersonFactory(unit=registration_list.unit, user=head, full_name="Đỗ Văn Head")
    registration_services.registration_list_submit(actor=head, registration_list=registration_list)
    return registration_list


def test_the_queue_and_the_unit_page_name_a_deleted_account(org, login, submitted_list):
    User.objects.get(username="former_head").delete()  # the account is gone; the list stays
    submitted_list.refresh_from_db()
    assert submitted_list.submitted_by is None
    queue = login(org.alice).get(reverse("awards:registration_queue"), {"year": 2020})
    assert queue.status_code == 200 and "a deleted account" in queue.text
    unit = login(org.alice).get(
        reverse("awards:registration_unit", args=[submitted_list.unit.code]), {"year": 2020}
    )
    assert unit.status_code == 200 and "a deleted account" in unit.text


@pytest.mark.parametrize("year", ["-1", "99999999999999999999", "1e3", "２０２０x"])
def test_a_year_that_is_no_year_is_refused_with_a_message(org, login, year):
    before = Registration.objects.count()
    response = login(org.bob).post(reverse("awards:registration_mine"), {"year": year})
    assert response.status_code == 200
    assert f"“{year}” is not a year." in response.text
    assert Registration.objects.count() == before
    page = login(org.carol).get(
        reverse("awards:registration_unit", args=[org.technical.code]), {"year": year}
    )
    assert page.status_code == 200
    added = login(org.carol).post(
        reverse("awards:registration_unit_add_person", args=[org.technical.code]),
        {"year": year, "member-person": org.bob.person.pk, "member-award": "LDTT"},
    )
    assert added.status_code == 404 and Registration.objects.count() == before


@pytest.mark.parametrize("target", ["NaN", "//evil.example/", "https://evil.example/", ""])
def test_removing_a_registration_returns_to_the_list_whatever_next_says(org, login, target):
    registration = registered(org.bob.person, 2020)
    response = login(org.alice).post(
        reverse("awards:registration_remove", args=[registration.pk]), {"next": target}
    )
    assert response.status_code == 302
    assert response.url == registration.registration_list.get_absolute_url()
    assert messages_of(response)[0].startswith("The registration of")


def test_an_evidence_file_with_a_long_declared_type_is_kept_whole(org, covenant_in_force, media):
    commitment = covenant_in_force.parties.get(unit=org.technical).commitments.get()
    declared = "application/pdf; " + "x" * 150
    report = services.report_submit(
        actor=org.carol.user,
        commitment=commitment,
        period="Q1",
        status="on_track",
        value=Decimal(60),
        files=[SimpleUploadedFile("bien-ban.pdf", PDF, declared)],
    )
    (evidence,) = Evidence.objects.filter(report=report)
    assert len(evidence.content_type) <= 100
    assert evidence.file.read() == PDF

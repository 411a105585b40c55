"""Finding 1 of the security review: text that starts like a formula (=, +, -, @) — a staff
member's own note, a commitment, an imported name — is written to every Excel export as text,
never as a formula that Excel would run."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Award
from tests.factories import AwardRecordFactory, InitiativeFactory, PersonFactory, registered
from tests.jobs import run_export, run_job_download

pytestmark = pytest.mark.usefixtures("english")

PLANTED = '=HYPERLINK("http://evil.example","open me")'


def cells_of(response):
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text_not_formula(response, planted=PLANTED):
    cells = cells_of(response)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert any(c.value == planted for c in cells), "the planted text is in the workbook"


def test_the_covenant_workbook_writes_a_commitment_as_text(org, leader, login, covenant):
    commitment = covenant.parties.get(unit=leader.unit).commitments.get()
    commitment.text = PLANTED
    commitment.save(update_fields=["text"])
    url = reverse("campaigns:covenant_export", args=[covenant.code])
    assert_text_not_formula(run_job_download(login(org.alice), url))


def test_the_registration_table_writes_a_note_as_text(org, login):
    registration = registered(org.bob.person, 2020)
    registration.note = PLANTED
    registration.save(update_fields=["note"])
    url = reverse("awards:registration_export")
    assert_text_not_formula(run_export(login(org.alice), url, {"year": 2020}))


def test_the_staff_export_writes_a_name_as_text(org, login):
    PersonFactory(unit=org.office, full_name="@SUM(1+1)", position="-2+3")
    response = run_export(login(org.alice), reverse("organizations:person_export"))
    assert_text_not_formula(response, planted="@SUM(1+1)")
    assert any(c.value == "-2+3" and c.data_type == "s" for c in cells_of(response))


def test_the_award_history_writes_an_imported_source_as_text(org, login):
    AwardRecordFactory(
        person=org.bob.person,
        year=2020,
        award=Award.objects.get(code="LDTT"),
        issuer=PLANTED,
    )
    assert_text_not_formula(run_export(login(org.alice), reverse("awards:history_export")))


def test_the_initiatives_write_a_title_as_text(org, login):
    InitiativeFactory(unit=org.technical, title=PLANTED, decision_date=datetime.date(2020, 3, 2))
    assert_text_not_formula(run_export(login(org.alice), reverse("awards:initiative_export")))


def test_the_year_end_report_writes_a_commitment_as_text(org, leader, login, covenant_in_force):
    from campaigns import services

    commitment = covenant_in_force.parties.get(unit=leader.unit).commitments.get()
    type(commitment).objects.filter(pk=commitment.pk).update(text=PLANTED)
    services.report_submit(
        actor=leader.user, commitment=commitment, period="Q1", status="met", value=Decimal(100)
    )
    url = reverse("dashboards:report_xlsx", args=[covenant_in_force.campaign.code, "tong-ket"])
    assert_text_not_formula(run_job_download(login(leader), url))


def test_control_characters_in_user_text_are_left_out_of_the_workbook(org, login):
    """A workbook refuses control characters (a bell, an escape; PostgreSQL already refuses
    NUL): the export leaves them out and keeps the rest."""
    AwardRecordFactory(
        person=org.bob.person,
        year=2020,
        award=Award.objects.get(code="LDTT"),
        issuer="Giám đốc\x07 Sở\x1b",
    )
    cells = cells_of(run_export(login(org.alice), reverse("awards:history_export")))
    assert any(c.value == "Giám đốc Sở" for c in cells)

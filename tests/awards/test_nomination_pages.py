"""Nomination pages: the unit's list drafted from registrations, the dossier, the officer's desk
with its Excel export; who reads what (a dossier shows a person's record), and what it costs."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Award, Nomination, NominationList, RegistrationList
from awards.services import nominations as services
from tests.factories import (
    PersonFactory,
    RatingFactory,
    RegistrationFactory,
    RegistrationListFactory,
)
from tests.jobs import run_export
from tests.pages import messages_of, text_of
from tests.uploads import pdf

pytestmark = pytest.mark.usefixtures("english")

YEAR = 2020


def unit_url(org, unit=None):
    unit = unit or org.technical
    return reverse("awards:nomination_unit", args=[unit.code]) + f"?year={YEAR}&campaign=none"


def register(person, code="LDTT"):
    registration_list = RegistrationList.objects.filter(
        unit=person.unit, year=YEAR
    ).first() or RegistrationListFactory(unit=person.unit, year=YEAR)
    return RegistrationFactory(registration_list=registration_list, person=person, award__code=code)


@pytest.fixture
def round_(org):
    """KT in December 2020: carol registered and rated well, two colleagues registered."""
    RatingFactory(person=org.carol.person, year=YEAR, level="good")
    register(org.carol.person)
    colleagues = [
        PersonFactory(unit=org.technical, full_name=n) for n in ("Vũ Văn Hải", "Đỗ Thị Lan")
    ]
    registration_list = org.carol.person.registrations.get().registration_list
    for person in colleagues:
        RegistrationFactory(registration_list=registration_list, person=person)
    return org


def test_the_unit_page_offers_the_years_registrations_with_their_verdict(round_, login):
    page = login(round_.carol).get(unit_url(round_))
    assert page.status_code == 200
    text = text_of(page)
    assert "Registered in 2020, not yet nominated" in text
    for name in ("Lê Thị Carol", "Vũ Văn Hải", "Đỗ Thị Lan"):
        assert name in text
    assert 'data-outcome="pass"' in page.content.decode()  # carol meets LĐTT


def test_ticking_registrations_starts_their_dossiers_with_a_drafted_report(round_, login):
    client = login(round_.carol)
    ticked = list(round_.carol.person.registrations.values_list("pk", flat=True)) + list(
        round_.technical.people.filter(full_name="Vũ Văn Hải").values_list(
            "registrations__pk", flat=True
        )
    )
    response = client.post(
        reverse("awards:nomination_unit_from_registrations", args=[round_.technical.code]),
        {"year": YEAR, "campaign": "none", "registration": ticked},
    )
    assert response.status_code == 302
    assert "2 dossiers started" in " ".join(messages_of(response))
    dossiers = Nomination.objects.order_by("pk")
    assert [d.nominee_name for d in dossiers] == ["Lê Thị Carol", "Vũ Văn Hải"]
    assert all(d.registration_id and d.achievement_report for d in dossiers)
    page = client.get(unit_url(round_)).content.decode()
    assert 'data-testid="registered" data-nominee="Đỗ Thị Lan"' in page  # still offered
    assert 'data-testid="registered" data-nominee="Vũ Văn Hải"' not in page  # now a dossier
    assert 'data-testid="dossier" data-nominee="Vũ Văn Hải"' in page


def test_staff_do_not_read_the_units_list_but_read_their_own_dossier(round_, login):
    nomination = services.nomination_add(
        actor=round_.alice.user,
        award=Award.objects.get(code="LDTT"),
        year=YEAR,
        person=round_.bob.person,
    )
    other = services.nomination_add(
        actor=round_.carol.user,
        award=Award.objects.get(code="LDTT"),
        year=YEAR,
        person=round_.carol.person,
    )
    client = login(round_.bob)
    assert client.get(unit_url(round_, round_.office)).status_code == 403
    own = client.get(nomination.get_absolute_url())
    assert own.status_code == 200 and 'data-testid="edit-form"' not in own.content.decode()
    assert client.get(other.get_absolute_url()).status_code == 404


def test_an_outsider_gets_404_everywhere(round_, login):
    nomination = services.nomination_add(
        actor=round_.carol.user,
        award=Award.objects.get(code="LDTT"),
        year=YEAR,
        person=round_.carol.person,
    )
    client = login(round_.charlie)
    assert client.get(unit_url(round_)).status_code == 404
    assert client.get(nomination.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("awards:nomination_accept", args=[nomination.code])).status_code == 404
    )


def _complete(org, person):
    nomination = services.nomination_add(
        actor=org.carol.user, award=Award.objects.get(code="LDTT"), year=YEAR, person=person
    )
    services.nomination_sign(actor=org.carol.user, nomination=nomination, upload=pdf())
    return nomination


def test_the_head_edits_signs_and_sends_then_fixes_a_returned_dossier(round_, login, media):
    client = login(round_.carol)
    nomination = services.nomination_add(
        actor=round_.carol.user,
        award=Award.objects.get(code="LDTT"),
        year=YEAR,
        person=round_.carol.person,
    )
    page = client.get(nomination.get_absolute_url())
    assert "the achievement report signed by the head of the unit" in text_of(page)
    response = client.post(
        reverse("awards:nomination_edit", args=[nomination.code]),
        {"achievement_report": "I. SƠ LƯỢC\nII. THÀNH TÍCH", "justification": "", "kind": "yearly"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("awards:nomination_sign", args=[nomination.code]), {"signed_report": pdf()}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("awards:nomination_list_submit", args=[nomination.nomination_list.pk])
    )
    nomination.refresh_from_db()
    assert nomination.state.submitted and nomination.verdict == "pass"
    officer = login(round_.alice)
    response = officer.post(
        reverse("awards:nomination_return", args=[nomination.code]), {"return-comment": ""}
    )
    assert response.status_code == 200 and "Say why the dossier is returned" in text_of(response)
    officer.post(
        reverse("awards:nomination_return", args=[nomination.code]),
        {"return-comment": "Ghi rõ số liệu năm 2020."},
    )
    client = login(round_.carol)
    page = text_of(client.get(nomination.get_absolute_url()))
    assert "Ghi rõ số liệu năm 2020." in page and "Send again" in page
    client.post(reverse("awards:nomination_resubmit", args=[nomination.code]))
    nomination.refresh_from_db()
    assert nomination.state.submitted
    timeline = text_of(login(round_.alice).get(nomination.get_absolute_url()))
    assert "Returned to the unit with a comment" in timeline
    assert "Sent to the emulation office; verdict at sending: meets the criteria" in timeline


def test_the_report_prints_as_a_pdf_to_sign(round_, login):
    from pypdf import PdfReader

    nomination = services.nomination_add(
        actor=round_.carol.user,
        award=Award.objects.get(code="LDTT"),
        year=YEAR,
        person=round_.carol.person,
    )
    response = login(round_.carol).get(
        reverse("awards:nomination_report_pdf", args=[nomination.code])
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "BÁO CÁO THÀNH TÍCH" in text and "Lê Thị Carol" in text
    assert "Bản dự thảo" in text


def _sent_dossiers(org, count):
    for n in range(count):
        person = PersonFactory(unit=org.technical, full_name=f"Nguyễn Văn Số {n}")
        RatingFactory(person=person, year=YEAR, level="good")
        register(person)
        _complete(org, person)
    nomination_list = Nomination.objects.first().nomination_list
    services.nomination_list_submit(actor=org.carol.user, nomination_list=nomination_list)


def test_the_desk_shows_stages_and_accepts_the_clean_dossiers(round_, login, media):
    _sent_dossiers(round_, 3)
    client = login(round_.alice)
    page = client.get(reverse("awards:nomination_desk"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="desk-row"') == 3 and html.count('data-clean="1"') == 3
    codes = list(Nomination.objects.values_list("code", flat=True))
    response = client.post(
        reverse("awards:nomination_desk_accept"), {"nomination": [str(c) for c in codes]}
    )
    assert "3 dossiers accepted" in " ".join(messages_of(response))
    assert set(Nomination.objects.values_list("status", flat=True)) == {"accepted"}


def test_the_desk_counts_each_stage_no_further_than_the_list_limit(round_, login, media, settings):
    """Each stage is counted up to the limit, so the count reads no more than that many
    dossiers however many the province sent: past it the stage says "2+" ("1.000+")."""
    settings.LIST_COUNT_LIMIT = 2
    _sent_dossiers(round_, 3)
    client = login(round_.alice)
    page = client.get(reverse("awards:nomination_desk"))
    stages = {status: str(count) for status, _label, count in page.context["stages"]}
    assert stages["submitted"] == "2+" and stages["accepted"] == "0"
    assert "draft" not in stages
    html = page.content.decode()
    assert 'data-stage="submitted"' in html and ">2+</span>" in html
    assert "More than 2 results: filter the list" in html
    home = client.get(reverse("home"))
    assert {k: str(v) for k, v in home.context["desk"].items()} == {
        "submitted": "2+",
        "accepted": "0",
    }
    settings.LIST_COUNT_LIMIT = 1000
    page = client.get(reverse("awards:nomination_desk"))
    assert {s: str(n) for s, _l, n in page.context["stages"]}["submitted"] == "3"
    # The count under a one-page list names what it counts whatever the list: dossiers here.
    assert "3 results" in page.content.decode() and "people" not in page.content.decode()


def test_the_desks_stage_counts_are_kept_until_a_service_writes(round_, login, media):
    """The counts are not recounted on every view, yet the view after a decision shows it."""
    _sent_dossiers(round_, 3)
    client = login(round_.alice)

    def stages():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("awards:nomination_desk"))
        counts = {status: str(count) for status, _label, count in page.context["stages"]}
        return counts, len(queries)

    first, counted = stages()
    again, kept = stages()
    assert first["submitted"] == again["submitted"] == "3"
    assert kept <= counted - 8  # nine stages counted, then one read of the latest event
    assert str(client.get(reverse("home")).context["desk"]["submitted"]) == "3"
    services.nomination_accept(
        actor=round_.alice.user, nomination=Nomination.objects.order_by("pk").first()
    )
    after, _queries = stages()
    assert (after["submitted"], after["accepted"]) == ("2", "1")
    assert {k: str(v) for k, v in client.get(reverse("home")).context["desk"].items()} == {
        "submitted": "2",
        "accepted": "1",
    }


def test_the_desk_filters_by_award_among_the_grouped_titles_and_forms(round_, login, media):
    _sent_dossiers(round_, 2)
    client = login(round_.alice)
    html = client.get(reverse("awards:nomination_desk")).content.decode()
    assert '<optgroup label="Emulation titles">' in html
    assert '<optgroup label="Forms of commendation">' in html
    assert "(Emulation title)" not in html  # an option reads as the award's name alone
    assert "---------" not in html  # every filter's "any" reads as a dash
    page = client.get(reverse("awards:nomination_desk") + "?award=LDTT")
    assert page.content.decode().count('data-testid="desk-row"') == 2
    page = client.get(reverse("awards:nomination_desk") + "?award=GIAY_KHEN")
    assert page.content.decode().count('data-testid="desk-row"') == 0
    refused = client.get(reverse("awards:nomination_desk") + "?award=NOT_AN_AWARD")
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()


def test_the_desk_is_for_the_officer(round_, login):
    assert login(round_.carol).get(reverse("awards:nomination_desk")).status_code == 403
    assert login(round_.bob).post(reverse("awards:nomination_desk_export")).status_code == 403


def test_the_desk_costs_the_same_queries_for_3_or_12_dossiers(
    round_, login, media, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(round_.alice)
    _sent_dossiers(round_, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("awards:nomination_desk"))
    Nomination.objects.all().delete()
    NominationList.objects.all().delete()
    _sent_dossiers(round_, 12)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("awards:nomination_desk"))
    assert page.content.decode().count('data-testid="desk-row"') == 12


def test_the_export_lists_the_filtered_dossiers_and_never_writes_a_formula(round_, login, media):
    _sent_dossiers(round_, 2)
    Nomination.objects.filter(pk=Nomination.objects.first().pk).update(
        justification='=HYPERLINK("http://evil")'
    )
    response = run_export(
        login(round_.alice), reverse("awards:nomination_desk_export"), {"status": "submitted"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 2
    cells = [cell for cell in sheet.iter_rows(min_row=2) for cell in cell]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(isinstance(v, str) and v.startswith("=HYPERLINK") for row in rows for v in row)

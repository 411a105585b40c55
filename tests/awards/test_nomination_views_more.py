"""More of the nomination pages: the year and campaign a unit's page reads from its address,
nominating someone by the form, the dossier's files (proofs and the signed report), review and
removal through the pages, the desk's filters and its export, and the 404 outside one's scope."""

import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.forms.nominations import award_choices
from awards.models import Award, Nomination, NominationAttachment, NominationList
from awards.services import nominations as services
from tests.factories import (
    CampaignFactory,
    NominationFactory,
    NominationListFactory,
    PersonFactory,
    RatingFactory,
    RegistrationFactory,
    RegistrationListFactory,
)
from tests.jobs import run_export
from tests.pages import html_of, messages_of, text_of
from tests.uploads import PDF_BYTES, fake_pdf, pdf, pdf_text

pytestmark = pytest.mark.usefixtures("english")

YEAR = 2020


def unit_url(unit, **query):
    url = reverse("awards:nomination_unit", args=[unit.code])
    return url + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def heading(unit, year):
    return f"Nominations of {unit.name} for {year}"


@pytest.fixture
def round_(org):
    """KT in December 2020: carol rated well and registered for LĐTT, Vũ Văn Hải registered
    too; Đỗ Thị Lan works there without registering."""
    RatingFactory(person=org.carol.person, year=YEAR, level="good")
    registration_list = RegistrationListFactory(unit=org.technical, year=YEAR)
    RegistrationFactory(registration_list=registration_list, person=org.carol.person)
    hai = PersonFactory(unit=org.technical, full_name="Vũ Văn Hải")
    RegistrationFactory(registration_list=registration_list, person=hai)
    PersonFactory(unit=org.technical, full_name="Đỗ Thị Lan")
    return org


def draft(org, person=None, code="LDTT", actor=None):
    person = person or org.carol.person
    return services.nomination_add(
        actor=(actor or org.carol).user,
        award=Award.objects.get(code=code),
        year=YEAR,
        person=person,
    )


def sent(org):
    """carol's dossier, signed and sent with KT's list."""
    nomination = draft(org)
    services.nomination_sign(actor=org.carol.user, nomination=nomination, upload=pdf())
    services.nomination_list_submit(
        actor=org.carol.user, nomination_list=nomination.nomination_list
    )
    nomination.refresh_from_db()
    return nomination


def content_of(response) -> bytes:
    # The test client closes the response once its content is read; closing it here as well
    # would end the request a second time, and with it the test's database connection.
    return b"".join(response.streaming_content)


# --- the year and the campaign in the unit page's address ----------------------------------------


@pytest.mark.parametrize("raw", ["abc", "1900", "2101", ""])
def test_a_year_that_is_not_a_number_or_out_of_range_shows_this_years_list(round_, login, raw):
    page = login(round_.carol).get(unit_url(round_.technical, year=raw, campaign="none"))
    assert page.status_code == 200
    assert heading(round_.technical, timezone.localdate().year) in text_of(page)


def test_a_year_in_range_shows_that_years_list_and_its_registrations(round_, login):
    page = login(round_.carol).get(unit_url(round_.technical, year=YEAR, campaign="none"))
    text = text_of(page)
    assert heading(round_.technical, YEAR) in text
    assert 'data-testid="registered" data-nominee="Vũ Văn Hải"' in html_of(page)


def test_the_campaign_defaults_to_the_years_regular_one_and_is_chosen_by_its_code(
    round_, campaign, login
):
    client = login(round_.carol)
    for url in (
        unit_url(round_.technical, year=YEAR),
        unit_url(round_.technical, year=YEAR, campaign=campaign.code),
    ):
        page = client.get(url)
        assert f"For the campaign “{campaign.name}”." in text_of(page)
        # The registrations on the list without a campaign are not this list's.
        assert 'data-testid="nobody-registered"' in html_of(page)
    page = client.get(unit_url(round_.technical, year=YEAR, campaign="none"))
    assert "Not tied to a campaign." in text_of(page)
    assert 'data-testid="registered" data-nominee="Lê Thị Carol"' in html_of(page)


def test_a_campaign_code_malformed_unknown_or_of_another_agency_is_404(round_, campaign, login):
    elsewhere = CampaignFactory(organiser=round_.other)
    client = login(round_.carol)
    for code in ("not-a-code", uuid.uuid4(), elsewhere.code):
        response = client.get(unit_url(round_.technical, year=YEAR, campaign=code))
        assert response.status_code == 404, code
    response = client.post(
        reverse("awards:nomination_unit_add", args=[round_.technical.code]),
        {"year": YEAR, "campaign": "not-a-code", "other-nominee": f"p-{round_.carol.person.code}"},
    )
    assert response.status_code == 404
    assert not Nomination.objects.exists()


# --- nominating by the form ---------------------------------------------------------------------


def nominate(client, unit, nominee, award, kind="yearly", campaign="none", year=YEAR):
    return client.post(
        reverse("awards:nomination_unit_add", args=[unit.code]),
        {
            "year": year,
            "campaign": campaign,
            "other-nominee": nominee,
            "other-award": award,
            "other-kind": kind,
        },
    )


def test_the_form_offers_the_collective_and_the_people_of_the_unit(round_, login):
    page = html_of(login(round_.carol).get(unit_url(round_.technical, year=YEAR, campaign="none")))
    assert f'value="u-{round_.technical.code}"' in page
    assert "The collective: Phòng Quản lý công nghệ" in page
    for person in round_.technical.people.all():
        assert f'value="p-{person.code}"' in page
    assert f'value="p-{round_.alice.person.code}"' not in page  # alice works in VP


def test_the_head_nominates_someone_who_did_not_register(round_, login):
    lan = round_.technical.people.get(full_name="Đỗ Thị Lan")
    client = login(round_.carol)
    response = nominate(client, round_.technical, f"p-{lan.code}", "GIAY_KHEN")
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response.url == nomination.get_absolute_url()
    assert "The dossier of Đỗ Thị Lan is started." in messages_of(response)
    assert nomination.person == lan and nomination.award.code == "GIAY_KHEN"
    assert (nomination.year, nomination.kind, nomination.campaign) == (YEAR, "yearly", None)
    assert nomination.nomination_list.unit == round_.technical
    assert nomination.registration is None
    assert "Họ và tên: Đỗ Thị Lan" in nomination.achievement_report


def test_the_head_nominates_the_collective_for_an_award_the_engine_does_not_judge(round_, login):
    client = login(round_.carol)
    response = nominate(client, round_.technical, f"u-{round_.technical.code}", "CO_TINH")
    nomination = Nomination.objects.get()
    assert "The dossier of Phòng Quản lý công nghệ is started." in messages_of(response)
    assert nomination.unit == round_.technical and nomination.person is None
    page = client.get(nomination.get_absolute_url())
    assert 'data-outcome="unknown"' in html_of(page)  # the engine cannot judge it: data missing
    assert "Tên tập thể: Phòng Quản lý công nghệ" in text_of(page)
    listing = html_of(client.get(unit_url(round_.technical, year=YEAR, campaign="none")))
    assert 'data-testid="dossier" data-nominee="Phòng Quản lý công nghệ"' in listing
    assert 'data-outcome="unknown"' in listing
    printed = client.get(reverse("awards:nomination_report_pdf", args=[nomination.code]))
    assert printed["Content-Disposition"].endswith('"bao-cao-thanh-tich-2020-CO_TINH-KT.pdf"')
    assert "Phòng Quản lý công nghệ" in pdf_text(printed.content)


def test_a_campaign_commendation_goes_on_the_campaigns_list(round_, campaign, login):
    client = login(round_.carol)
    response = nominate(
        client,
        round_.technical,
        f"p-{round_.carol.person.code}",
        "GIAY_KHEN",
        kind="campaign",
        campaign=campaign.code,
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.kind == "campaign" and nomination.campaign == campaign
    assert nomination.nomination_list.campaign == campaign


def test_a_nominee_outside_the_unit_is_refused_by_the_form(round_, login):
    client = login(round_.carol)
    response = nominate(client, round_.technical, f"p-{round_.alice.person.code}", "LDTT")
    assert response.status_code == 200
    assert "Select a valid choice" in text_of(response)
    assert 'data-testid="nominate-form"' in html_of(response)
    assert not Nomination.objects.exists()


def test_a_collective_title_for_a_person_is_refused_with_the_services_reason(round_, login):
    client = login(round_.carol)
    response = nominate(client, round_.technical, f"p-{round_.carol.person.code}", "TTLDTT")
    assert response.status_code == 200
    assert "is awarded to a collective, not to a person" in text_of(response)
    assert not Nomination.objects.exists()


def test_staff_cannot_nominate_by_the_form(round_, login):
    response = nominate(login(round_.bob), round_.office, f"p-{round_.bob.person.code}", "LDTT")
    assert response.status_code == 403
    assert not Nomination.objects.exists()


# --- starting dossiers from the registrations, sending the list ----------------------------------


def test_starting_dossiers_with_nothing_ticked_says_to_tick_one(round_, login):
    response = login(round_.carol).post(
        reverse("awards:nomination_unit_from_registrations", args=[round_.technical.code]),
        {"year": YEAR, "campaign": "none", "registration": ["abc"]},
    )
    assert response.status_code == 200
    assert "Tick at least one registered nominee." in text_of(response)
    assert not Nomination.objects.exists()


def test_a_late_registration_cannot_be_nominated_once_the_list_is_sent(round_, login):
    NominationListFactory(unit=round_.technical, year=YEAR, status="submitted")
    registration = round_.carol.person.registrations.get()
    response = login(round_.carol).post(
        reverse("awards:nomination_unit_from_registrations", args=[round_.technical.code]),
        {"year": YEAR, "campaign": "none", "registration": [registration.pk]},
    )
    assert response.status_code == 200
    assert "The list has been sent to the emulation office" in text_of(response)
    assert not Nomination.objects.exists()


def test_sending_a_list_with_an_unsigned_dossier_says_what_lacks_and_sends_nothing(round_, login):
    nomination = draft(round_)
    nomination_list = nomination.nomination_list
    response = login(round_.carol).post(
        reverse("awards:nomination_list_submit", args=[nomination_list.pk])
    )
    assert response.status_code == 302 and response.url == nomination_list.get_absolute_url()
    assert any(
        "lacks the achievement report signed by the head of the unit" in message
        for message in messages_of(response)
    )
    nomination_list.refresh_from_db()
    nomination.refresh_from_db()
    assert nomination_list.state.draft and nomination.state.draft


# --- proofs and the signed report ---------------------------------------------------------------


def test_the_head_attaches_a_proof_downloads_it_and_removes_it(round_, login, media):
    nomination = draft(round_)
    client = login(round_.carol)
    response = client.post(
        reverse("awards:nomination_attach", args=[nomination.code]),
        {"kind": "proof", "file": pdf("qd-khen-thuong.pdf")},
    )
    assert response.status_code == 302 and response.url == nomination.get_absolute_url()
    assert "The file is attached." in messages_of(response)
    attachment = NominationAttachment.objects.get()
    assert (attachment.kind, attachment.original_name) == ("proof", "qd-khen-thuong.pdf")
    page = text_of(client.get(nomination.get_absolute_url()))
    assert "qd-khen-thuong.pdf Proof of achievement" in page
    download = client.get(reverse("awards:nomination_attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert 'attachment; filename="qd-khen-thuong.pdf"' == download["Content-Disposition"]
    assert content_of(download) == PDF_BYTES
    response = client.post(reverse("awards:nomination_attachment_remove", args=[attachment.pk]))
    assert response.status_code == 302 and response.url == nomination.get_absolute_url()
    assert "The file has been removed." in messages_of(response)
    assert not NominationAttachment.objects.exists()
    assert "No proof attached." in text_of(client.get(nomination.get_absolute_url()))


def test_a_file_that_is_not_what_its_name_says_is_not_attached(round_, login, media):
    nomination = draft(round_)
    response = login(round_.carol).post(
        reverse("awards:nomination_attach", args=[nomination.code]),
        {"kind": "proof", "file": fake_pdf("qd.pdf")},
    )
    assert response.status_code == 200
    assert "does not contain what its name says" in text_of(response)
    assert not NominationAttachment.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_a_proof_stays_once_the_dossier_is_sent(round_, login, media):
    nomination = draft(round_)
    attachment = services.attachment_add(
        actor=round_.carol.user, nomination=nomination, kind="proof", upload=pdf("qd.pdf")
    )
    services.nomination_sign(actor=round_.carol.user, nomination=nomination, upload=pdf())
    services.nomination_list_submit(
        actor=round_.carol.user, nomination_list=nomination.nomination_list
    )
    response = login(round_.carol).post(
        reverse("awards:nomination_attachment_remove", args=[attachment.pk])
    )
    assert response.status_code == 302 and response.url == nomination.get_absolute_url()
    assert any("awaits the emulation office" in m for m in messages_of(response))
    assert NominationAttachment.objects.filter(pk=attachment.pk).exists()


def test_the_nominee_reads_the_files_of_the_own_dossier_but_cannot_remove_them(
    round_, login, media
):
    nomination = draft(round_, person=round_.bob.person, actor=round_.alice)
    attachment = services.attachment_add(
        actor=round_.alice.user, nomination=nomination, kind="rating", upload=pdf("xep-loai.pdf")
    )
    client = login(round_.bob)
    download = client.get(reverse("awards:nomination_attachment", args=[attachment.pk]))
    assert download.status_code == 200 and content_of(download) == PDF_BYTES
    response = client.post(reverse("awards:nomination_attachment_remove", args=[attachment.pk]))
    assert response.status_code == 403
    assert NominationAttachment.objects.filter(pk=attachment.pk).exists()


def test_a_proof_whose_stored_file_is_gone_is_404(round_, login, media):
    nomination = draft(round_)
    attachment = services.attachment_add(
        actor=round_.carol.user, nomination=nomination, kind="proof", upload=pdf("qd.pdf")
    )
    attachment.file.storage.delete(attachment.file.name)
    response = login(round_.carol).get(
        reverse("awards:nomination_attachment", args=[attachment.pk])
    )
    assert response.status_code == 404


def test_the_signed_report_is_uploaded_then_downloaded(round_, login, media):
    nomination = draft(round_)
    client = login(round_.carol)
    url = reverse("awards:nomination_signed_report", args=[nomination.code])
    assert client.get(url).status_code == 404  # nothing signed yet
    assert 'data-testid="no-signed-report"' in html_of(client.get(nomination.get_absolute_url()))
    client.post(
        reverse("awards:nomination_sign", args=[nomination.code]),
        {"signed_report": pdf("bao-cao-da-ky.pdf")},
    )
    page = html_of(client.get(nomination.get_absolute_url()))
    assert f'href="{url}" data-testid="signed-report">bao-cao-da-ky.pdf' in page
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="bao-cao-da-ky.pdf"'
    assert content_of(download) == PDF_BYTES
    nomination.refresh_from_db()
    nomination.signed_report.storage.delete(nomination.signed_report.name)
    assert client.get(url).status_code == 404


def test_the_head_of_another_division_gets_404_for_its_dossiers_and_files(round_, login, media):
    nomination = draft(round_, person=round_.bob.person, actor=round_.alice)
    attachment = services.attachment_add(
        actor=round_.alice.user, nomination=nomination, kind="proof", upload=pdf("qd.pdf")
    )
    services.nomination_sign(actor=round_.alice.user, nomination=nomination, upload=pdf())
    client = login(round_.carol)  # head of KT; bob works in VP
    for name in ("nomination_detail", "nomination_report_pdf", "nomination_signed_report"):
        assert client.get(reverse(f"awards:{name}", args=[nomination.code])).status_code == 404
    assert (
        client.get(reverse("awards:nomination_attachment", args=[attachment.pk])).status_code == 404
    )
    for name in ("nomination_attach", "nomination_remove", "nomination_edit"):
        assert client.post(reverse(f"awards:{name}", args=[nomination.code])).status_code == 404
    response = client.post(reverse("awards:nomination_attachment_remove", args=[attachment.pk]))
    assert response.status_code == 404
    assert Nomination.objects.filter(pk=nomination.pk).exists()
    assert NominationAttachment.objects.filter(pk=attachment.pk).exists()


# --- review and removal through the pages -------------------------------------------------------


def test_the_officer_accepts_a_sent_dossier_with_a_comment(round_, login, media):
    nomination = sent(round_)
    response = login(round_.alice).post(
        reverse("awards:nomination_accept", args=[nomination.code]),
        {"accept-comment": "Hồ sơ đầy đủ."},
    )
    assert response.status_code == 302 and response.url == nomination.get_absolute_url()
    assert "The dossier is accepted: it can go before the council." in messages_of(response)
    nomination.refresh_from_db()
    assert nomination.state.accepted and nomination.review_comment == "Hồ sơ đầy đủ."
    assert nomination.reviewed_by == round_.alice.user


def test_accepting_a_dossier_that_is_not_sent_leaves_it_as_it_is(round_, login):
    nomination = draft(round_)
    response = login(round_.alice).post(
        reverse("awards:nomination_accept", args=[nomination.code]), {"accept-comment": "Được."}
    )
    assert response.status_code == 200
    assert "The dossier is accepted" not in " ".join(messages_of(response))
    nomination.refresh_from_db()
    assert nomination.state.draft and nomination.review_comment == ""


@pytest.mark.parametrize(
    ("who", "name", "data"),
    [
        ("carol", "nomination_sign", lambda: {"signed_report": pdf("moi.pdf")}),
        ("carol", "nomination_attach", lambda: {"kind": "proof", "file": pdf("qd.pdf")}),
        ("carol", "nomination_edit", lambda: {"achievement_report": "Mới", "kind": "yearly"}),
        ("alice", "nomination_return", lambda: {"return-comment": "Bổ sung."}),
    ],
)
def test_a_write_refused_for_the_dossiers_stage_says_why(round_, login, media, who, name, data):
    nomination = sent(round_)
    services.nomination_accept(actor=round_.alice.user, nomination=nomination)
    response = login(getattr(round_, who)).post(
        reverse(f"awards:{name}", args=[nomination.code]), data()
    )
    said = text_of(response) + " ".join(messages_of(response))
    assert "can no longer be changed" in said or "Only a submitted dossier" in said


def test_a_draft_is_taken_off_the_list_and_its_registration_offered_again(round_, login):
    registration = round_.carol.person.registrations.get()
    (nomination,) = services.nominations_from_registrations(
        actor=round_.carol.user, registrations=[registration]
    )
    client = login(round_.carol)
    response = client.post(reverse("awards:nomination_remove", args=[nomination.code]))
    assert response.status_code == 302
    assert response.url == nomination.nomination_list.get_absolute_url()
    assert "The dossier has been taken off the list." in messages_of(response)
    assert not Nomination.objects.exists()
    page = html_of(client.get(response.url))
    assert 'data-testid="registered" data-nominee="Lê Thị Carol"' in page


def test_a_sent_dossier_cannot_be_taken_off_the_list(round_, login, media):
    nomination = sent(round_)
    response = login(round_.carol).post(reverse("awards:nomination_remove", args=[nomination.code]))
    assert response.status_code == 302 and response.url == nomination.get_absolute_url()
    assert "Only a draft dossier can be removed; a sent one stays on record." in messages_of(
        response
    )
    assert Nomination.objects.filter(pk=nomination.pk, status="submitted").exists()


# --- the officer's desk: its filters and its export ---------------------------------------------


@pytest.fixture
def desk(org, campaign):
    """Four sent dossiers: two of KT (a person's, the collective's), one of VP sent despite a
    failing verdict, and one of KT for the campaign."""
    kt = NominationListFactory(unit=org.technical, year=YEAR)
    vp = NominationListFactory(unit=org.office, year=YEAR)
    kt_campaign = NominationListFactory(unit=org.technical, year=YEAR, campaign=campaign)
    hai = PersonFactory(unit=org.technical, full_name="Vũ Văn Hải")
    submitted = {"status": "submitted", "submitted_at": timezone.now()}
    NominationFactory(nomination_list=kt, person=hai, **submitted)
    NominationFactory(nomination_list=kt, unit=org.technical, **submitted)
    NominationFactory(
        nomination_list=vp,
        person=org.bob.person,
        verdict="fail",
        justification="Đề nghị đặc biệt.",
        **submitted,
    )
    NominationFactory(
        nomination_list=kt_campaign,
        person=org.carol.person,
        award=Award.objects.get(code="GIAY_KHEN"),
        kind="campaign",
        campaign=campaign,
        **submitted,
    )
    return org


def desk_names(client, **query):
    url = reverse("awards:nomination_desk")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    page = client.get(url)
    assert page.status_code == 200
    html = html_of(page)
    return sorted(
        chunk.split('"', 1)[0] for chunk in html.split('data-testid="desk-row" data-nominee="')[1:]
    )


def test_the_desk_narrows_the_dossiers_down_by_unit_name_campaign_and_override(
    desk, campaign, login
):
    client = login(desk.alice)
    everyone = ["Lê Thị Carol", "Phòng Quản lý công nghệ", "Trần Văn Bob", "Vũ Văn Hải"]
    assert desk_names(client) == everyone
    assert desk_names(client, unit="SKHCN") == everyone  # the agency and the units below it
    assert desk_names(client, unit="KT") == [
        "Lê Thị Carol",
        "Phòng Quản lý công nghệ",
        "Vũ Văn Hải",
    ]
    assert desk_names(client, unit=" VP ") == ["Trần Văn Bob"]
    assert desk_names(client, unit="NOPE") == []
    assert desk_names(client, q="van hai") == ["Vũ Văn Hải"]  # with or without accents
    assert desk_names(client, q="Quản lý công") == ["Phòng Quản lý công nghệ"]
    assert desk_names(client, campaign=campaign.code) == ["Lê Thị Carol"]
    assert desk_names(client, overridden="true") == ["Trần Văn Bob"]
    assert desk_names(client, overridden="false") == [
        "Lê Thị Carol",
        "Phòng Quản lý công nghệ",
        "Vũ Văn Hải",
    ]


def test_the_export_lists_the_dossiers_the_desks_filter_keeps(desk, login):
    response = run_export(
        login(desk.alice), reverse("awards:nomination_desk_export"), {"unit": "KT"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(row[2] for row in rows) == [
        "Lê Thị Carol",
        "Phòng Quản lý công nghệ",
        "Vũ Văn Hải",
    ]
    assert {row[1] for row in rows} == {"Phòng Quản lý công nghệ"}


def test_award_choices_for_one_subject_hold_only_its_awards_titles_apart_from_forms(db):
    (titles_label, titles), (forms_label, forms_) = award_choices(Award.Subject.COLLECTIVE)
    assert (titles_label, forms_label) == ("Emulation titles", "Forms of commendation")
    codes = [code for code, _name in titles + forms_]
    collective = Award.objects.filter(is_active=True, subject=Award.Subject.COLLECTIVE)
    assert sorted(codes) == sorted(collective.values_list("code", flat=True))
    assert "TTLDTT" in [code for code, _name in titles]
    assert "GIAY_KHEN_TT" in [code for code, _name in forms_]
    assert "LDTT" not in codes and "GIAY_KHEN" not in codes
    assert all(Award.objects.get(code=code).is_title for code, _name in titles)


def test_the_desk_opens_on_the_latest_year_units_sent_lists_for(desk, login):
    earlier = NominationListFactory(
        unit=desk.office, year=YEAR - 1, status="submitted", submitted_at=timezone.now()
    )
    NominationFactory(
        nomination_list=earlier,
        person=desk.alice.person,
        status="submitted",
        submitted_at=timezone.now(),
    )
    NominationList.objects.filter(year=YEAR).update(status="submitted")
    client = login(desk.alice)
    four = ["Lê Thị Carol", "Phòng Quản lý công nghệ", "Trần Văn Bob", "Vũ Văn Hải"]
    assert desk_names(client) == four  # YEAR, the latest
    assert desk_names(client, year=YEAR - 1) == ["Nguyễn Thị Alice"]
    assert desk_names(client, year="") == sorted([*four, "Nguyễn Thị Alice"])
    page = html_of(client.get(reverse("awards:nomination_desk")))
    assert f'<option value="{YEAR}" selected>{YEAR}</option>' in page

"""The campaign's final report (tổng kết) and interim report (sơ kết) as a PDF and a workbook:
for the leadership and the officer only, the statuses as they stood at the quarter's end, the
awards, initiatives and council sessions of the agency, user text never turned into a formula,
and a cost that does not grow with the data."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from awards.models import Award, Council, CouncilItem, CouncilSession, Initiative, Nomination
from campaigns import services
from campaigns.models import Campaign, CampaignReview, Commitment, ProgressReport
from dashboards.report_documents import SHEET_TITLES
from organizations import roles
from organizations.models import Job
from tests.factories import (
    AwardRecordFactory,
    CampaignFactory,
    FocusAreaFactory,
    InitiativeFactory,
    NominationFactory,
    NominationListFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
    accepted,
)
from tests.jobs import job_run_for, run_job_download
from tests.uploads import pdf_text

pytestmark = pytest.mark.usefixtures("english")


def url(campaign, kind="tong-ket", extension="xlsx"):
    return reverse(f"dashboards:report_{extension}", args=[campaign.code, kind])


def vietnamese(text) -> str:
    """Return a label (lazy) or a msgid as the report prints it: always in Vietnamese."""
    with translation.override("vi"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def workbook(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(book, key) -> list[tuple]:
    """Return the rows of a sheet below its header."""
    return list(book[vietnamese(SHEET_TITLES[key])[:31]].iter_rows(min_row=2, values_only=True))


def statuses(book) -> dict[str, str]:
    """Return {party: status} from the commitments sheet (one commitment a party here)."""
    return {row[0]: row[6] for row in rows(book, "commitments")}


def label(status) -> str:
    return vietnamese(ProgressReport.Status(status).label)


def report(party, user, period, status):
    return services.report_submit(
        actor=user, commitment=party.commitments.get(), period=period, status=status
    )


@pytest.fixture
def parties(org, leader, covenant_in_force):
    return {party.unit.code: party for party in covenant_in_force.parties.select_related("unit")}


def test_staff_and_unit_heads_may_not_download_it(org, login, covenant_in_force):
    campaign = covenant_in_force.campaign
    for persona in (org.bob, org.carol):
        for kind in ("tong-ket", "so-ket"):
            for extension in ("pdf", "xlsx"):
                assert login(persona).post(url(campaign, kind, extension)).status_code == 403
    assert not Job.objects.exists()


def test_an_unknown_kind_another_agency_and_a_draft_are_not_found(org, leader, login, campaign):
    client = login(leader)
    assert client.post(url(campaign, "nam")).status_code == 404
    assert client.post(url(campaign, "final", "pdf")).status_code == 404
    theirs = CampaignFactory(organiser=org.other, status=Campaign.Status.LAUNCHED)
    assert client.post(url(theirs)).status_code == 404
    draft = CampaignFactory(organiser=org.agency)
    assert client.post(url(draft)).status_code == 404
    assert not Job.objects.exists()


def test_each_report_is_a_job_started_by_a_post(leader, login, campaign):
    client = login(leader)
    for extension in ("pdf", "xlsx"):
        assert client.get(url(campaign, "so-ket", extension)).status_code == 405
        started = client.post(url(campaign, "so-ket", extension))
        job = Job.objects.get(kind=f"dashboards.report_{extension}")
        assert started["Location"] == job.get_absolute_url()
        assert (job.owner, job.params["code"], job.params["kind"], job.status) == (
            leader.user,
            str(campaign.code),
            "so-ket",
            Job.Status.DONE,
        )


@pytest.mark.parametrize("extension", ["pdf", "xlsx"])
def test_the_job_fails_if_its_owner_may_no_longer_download_the_reports(
    org, leader, campaign, extension
):
    params = {"code": str(campaign.code), "kind": "tong-ket", "site": "http://testserver"}
    # Lena is no longer on the leadership when the job runs.
    leader.user.groups.clear()
    job = job_run_for(leader.user, f"dashboards.report_{extension}", params)
    assert job.status == Job.Status.FAILED and not job.file
    assert job.error == (
        "Only the leadership and the emulation officer download the campaign's reports."
    )
    # Another agency's officer: the campaign is not named.
    officer = UserFactory(roles=[roles.OFFICER, roles.STAFF])
    PersonFactory(unit=org.other, user=officer)
    job = job_run_for(officer, f"dashboards.report_{extension}", params)
    assert job.status == Job.Status.FAILED and not job.file
    assert job.error == "You may no longer read this campaign's reports."


def test_the_workbook_has_a_sheet_per_section_with_bold_headers(org, leader, login, parties):
    response = run_job_download(login(leader), url(parties["BLD"].covenant.campaign))
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-2020.xlsx"'
    book = workbook(response)
    assert book.sheetnames == [vietnamese(title)[:31] for title in SHEET_TITLES.values()]
    for sheet in book.worksheets:
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None), sheet.title
    (due,) = {row[5] for row in rows(book, "commitments")}
    assert due == datetime.datetime(2020, 12, 31)
    commitments = book[vietnamese(SHEET_TITLES["commitments"])]
    assert commitments.cell(row=2, column=6).number_format == "DD/MM/YYYY"
    general = dict(rows(book, "general"))
    assert general[vietnamese("Campaign")] == "Phong trào thi đua hoàn thành nhiệm vụ năm 2020"
    assert general[vietnamese("Period to")] == datetime.datetime(2020, 12, 31)
    assert general[vietnamese("Commitments")] == 3


def test_each_partys_commitment_shows_its_final_status(org, leader, login, parties):
    report(parties["BLD"], leader.user, "Q1", "met")
    report(parties["CD"], org.dave.user, "Q4", "off_track")
    book = workbook(run_job_download(login(org.alice), url(parties["BLD"].covenant.campaign)))
    assert statuses(book) == {
        "Ban lãnh đạo Sở": label("met"),
        "Công đoàn cơ sở": label("off_track"),
        "Phòng Quản lý công nghệ": vietnamese("Not reported"),
    }
    (area, *_others) = rows(book, "areas")
    assert area[:2] == (1, "Sáng kiến, ứng dụng KH&CN")
    assert area[-1] == 3  # total


def test_the_interim_report_counts_the_statuses_at_the_end_of_quarter_2(
    org, leader, login, parties
):
    campaign = parties["BLD"].covenant.campaign
    report(parties["CD"], org.dave.user, "Q2", "on_track")
    report(parties["CD"], org.dave.user, "Q3", "at_risk")
    client = login(leader)
    response = run_job_download(client, url(campaign, "so-ket"))
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-so-ket-2020.xlsx"'
    interim = workbook(response)
    assert statuses(interim)["Công đoàn cơ sở"] == label("on_track")
    general = dict(rows(interim, "general"))
    assert general[vietnamese("Period to")] == datetime.datetime(2020, 6, 30)
    assert general[label("on_track")] == 1 and general[label("at_risk")] == 0
    final = workbook(run_job_download(client, url(campaign, "tong-ket")))
    assert statuses(final)["Công đoàn cơ sở"] == label("at_risk")


def test_user_text_is_written_as_text_never_as_a_formula(org, leader, login, covenant):
    board = covenant.parties.get(unit__code="BLD")
    services.commitment_save(
        actor=org.alice.user,
        commitment=Commitment(party=board),
        focus_area=covenant.campaign.focus_areas.get(number=2),
        text="=1+1",
        measure="yes_no",
        target=Decimal(1),
        due_date=datetime.date(2020, 6, 30),
    )
    for party, user in zip(
        covenant.parties.order_by("order"),
        [leader.user, org.dave.user, org.carol.user],
        strict=True,
    ):
        services.covenant_sign(actor=user, party=party)
    book = workbook(run_job_download(login(leader), url(covenant.campaign)))
    sheet = book[vietnamese(SHEET_TITLES["commitments"])]
    (cell,) = [row[2] for row in sheet.iter_rows(min_row=2) if row[2].value == "=1+1"]
    assert cell.data_type == "s"
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_conclusions_are_the_reviews_or_an_honest_line(org, leader, login, parties):
    campaign = parties["BLD"].covenant.campaign
    client = login(leader)
    (line,) = rows(workbook(run_job_download(client, url(campaign, "so-ket"))), "conclusions")
    assert line == (vietnamese("No conclusions recorded yet."),)
    review = services.review_open(
        actor=org.alice.user, campaign=campaign, kind=CampaignReview.Kind.INTERIM
    )
    services.review_conclude(
        actor=org.alice.user,
        review=review,
        conclusions="Các bên đã báo cáo đúng hạn.\n- Cần đẩy mạnh ứng dụng phần mềm.",
    )
    book = workbook(run_job_download(client, url(campaign, "so-ket")))
    assert rows(book, "conclusions") == [
        ("Các bên đã báo cáo đúng hạn.",),
        ("- Cần đẩy mạnh ứng dụng phần mềm.",),
    ]
    # The final review has none yet.
    (line,) = rows(workbook(run_job_download(client, url(campaign, "tong-ket"))), "conclusions")
    assert line == (vietnamese("No conclusions recorded yet."),)


@pytest.fixture
def year_2020(org, leader):
    """The agency's awards, initiatives and council session of 2020, with some that do not
    count: a revoked award, another agency's, and one of 2019 (for the five years)."""
    ldtt, giay_khen = Award.objects.get(code="LDTT"), Award.objects.get(code="GIAY_KHEN")
    for _ in range(2):
        AwardRecordFactory(person=PersonFactory(unit=org.technical), year=2020, award=ldtt)
    AwardRecordFactory(person=PersonFactory(unit=org.technical), year=2019, award=ldtt)
    AwardRecordFactory(person=PersonFactory(unit=org.office), year=2020, award=ldtt, revoked=True)
    AwardRecordFactory(person=PersonFactory(unit=org.other), year=2020, award=ldtt)
    AwardRecordFactory(unit=org.office, year=2020, award=Award.objects.get(code="TTLDTT"))
    # A one-off Giấy khen decided in May: the interim report counts it already.
    hero = PersonFactory(unit=org.office, full_name="Đặng Văn Cường")
    dossier = NominationFactory(
        nomination_list=NominationListFactory(unit=org.office),
        person=hero,
        award=giay_khen,
        kind=Nomination.Kind.ONE_OFF,
        status=Nomination.Status.DECIDED,
    )
    AwardRecordFactory(
        person=hero,
        year=2020,
        award=giay_khen,
        nomination=dossier,
        decision_number="88/QĐ-SKHCN",
        decision_date=datetime.date(2020, 5, 20),
    )
    InitiativeFactory(unit=org.technical, decision_date=datetime.date(2020, 3, 2))
    InitiativeFactory(
        unit=org.office, decision_date=datetime.date(2020, 9, 1), scope=Initiative.Scope.PROVINCE
    )
    InitiativeFactory(unit=org.other, decision_date=datetime.date(2020, 3, 2))
    # The council's December session, written directly: the report only reads it.
    council = Council.objects.create(
        agency=org.agency, name="Hội đồng TĐKT", term_start=datetime.date(2020, 1, 1)
    )
    session = CouncilSession.objects.create(
        council=council,
        year=2020,
        starts_at=timezone.make_aware(datetime.datetime(2020, 12, 18, 8)),
        place="Phòng họp tầng 2",
        status=CouncilSession.Status.CONCLUDED,
    )
    for position, outcome in enumerate(
        [CouncilItem.Outcome.PASSED, CouncilItem.Outcome.NOT_PASSED], start=1
    ):
        CouncilItem.objects.create(
            session=session,
            nomination=accepted(PersonFactory(unit=org.technical), "CSTDCS"),
            position=position,
            outcome=outcome,
        )


def test_awards_initiatives_and_sessions_of_the_agency(org, leader, login, campaign, year_2020):
    client = login(leader)
    final = workbook(run_job_download(client, url(campaign)))
    ldtt, ttldtt = (Award.objects.get(code=code).name_vi for code in ("LDTT", "TTLDTT"))
    by_unit = {(row[0], row[1]): row[3] for row in rows(final, "awards")}
    assert by_unit[("Phòng Quản lý công nghệ", ldtt)] == 2
    assert by_unit[("Văn phòng Sở", ttldtt)] == 1
    assert sum(by_unit.values()) == 4  # with the one-off Giấy khen
    (years,) = [row for row in rows(final, "years") if row[0] == ldtt]
    assert years == (ldtt, 0, 0, 0, 1, 2)
    assert [row[0] for row in rows(final, "one_off")] == ["Đặng Văn Cường"]
    assert rows(final, "one_off")[0][3:] == ("88/QĐ-SKHCN", datetime.datetime(2020, 5, 20))
    assert len(rows(final, "initiatives")) == 2
    (session,) = rows(final, "sessions")
    assert session[0] == datetime.datetime(2020, 12, 18) and session[1] == "08:00"
    assert session[4:] == (2, 1)
    # At mid-year: only what was decided by 30 June.
    interim = workbook(run_job_download(client, url(campaign, "so-ket")))
    assert [(row[0], row[3]) for row in rows(interim, "awards")] == [("Văn phòng Sở", 1)]
    assert [row[0] for row in rows(interim, "initiatives")] == [
        Initiative.objects.get(unit=org.technical).title
    ]
    assert rows(interim, "sessions") == []


def test_the_pdf_is_the_agencys_signed_report(org, leader, login, parties, year_2020):
    board = parties["BLD"]
    report(board, leader.user, "Q4", "met")
    response = run_job_download(login(leader), url(board.covenant.campaign, "so-ket", "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-so-ket-2020.pdf"'
    text = pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "/BC-SKHCN" in text
    assert "Sơ kết 6 tháng đầu năm 2020 phong trào thi đua hoàn thành nhiệm vụ năm 2020" in text
    assert "Đặng Văn Cường" in text  # the one-off award of May
    assert "Chưa có kết luận sơ kết được ghi nhận" in text
    assert "Nơi nhận" in text and "Lương Thị Lena" in text


def _campaign_with(org, parties: int, name: str) -> Campaign:
    """Launch a campaign whose covenant binds `parties` new divisions, each with a commitment
    reported at mid-year, through the services."""
    officer = org.alice.user
    campaign = CampaignFactory(organiser=org.agency, name=name)
    area = FocusAreaFactory(campaign=campaign, number=1)
    services.campaign_launch(
        actor=officer, campaign=campaign, launch_date=datetime.date(2019, 12, 31)
    )
    covenant = services.covenant_create(
        actor=officer,
        campaign=campaign,
        title=f"Giao ước – {name}",
        signing_date=datetime.date(2019, 12, 31),
        signing_place="Lạng Sơn",
    )
    heads = []
    for _ in range(parties):
        unit = UnitFactory(parent=org.agency)
        user = UserFactory(roles=[roles.UNIT_HEAD, roles.STAFF])
        person = PersonFactory(unit=unit, user=user)
        party = services.party_add(
            actor=officer, covenant=covenant, unit=unit, representative=person
        )
        services.commitment_save(
            actor=officer,
            commitment=Commitment(party=party),
            focus_area=area,
            text="Xử lý đúng hạn 100% hồ sơ",
            measure="number",
            target=Decimal(10),
            due_date=datetime.date(2020, 12, 31),
        )
        heads.append((party, user))
    services.covenant_open(actor=officer, covenant=covenant)
    for party, user in heads:
        services.covenant_sign(actor=user, party=party)
    for party, user in heads:
        report(party, user, "Q2", "on_track")
        AwardRecordFactory(person=PersonFactory(unit=party.unit), year=2020)
        InitiativeFactory(unit=party.unit, decision_date=datetime.date(2020, 4, 1))
    return campaign


def test_the_workbook_costs_the_same_queries_whatever_the_data(org, leader, login):
    client = login(leader)

    def count(campaign):
        with CaptureQueriesContext(connection) as queries:
            assert run_job_download(client, url(campaign)).status_code == 200
        return len(queries)

    few = count(_campaign_with(org, 2, "Phong trào A"))
    assert count(_campaign_with(org, 6, "Phong trào B")) == few


def test_the_pdf_rolls_the_awards_up_to_the_agencys_units(org, leader, campaign, year_2020):
    """However deep the units, the PDF's table has a row per direct sub-unit of the agency
    (each with the units below it) and a column per title; the workbook keeps every unit."""
    from campaigns.models import CampaignReview
    from dashboards.report import year_report
    from tests.factories import UnitFactory

    team = UnitFactory(code="KT1", name="Tổ Ứng dụng", parent=org.technical)
    AwardRecordFactory(
        person=PersonFactory(unit=team), year=2020, award=Award.objects.get(code="LDTT")
    )
    AwardRecordFactory(unit=org.agency, year=2020, award=Award.objects.get(code="TTLDTT"))
    table = year_report(campaign, CampaignReview.Kind.FINAL).award_table
    ldtt, ttldtt, giay_khen = (
        Award.objects.get(code=code).name_vi for code in ("LDTT", "TTLDTT", "GIAY_KHEN")
    )
    rows = {name: dict(zip(table.titles, counts, strict=True)) for name, counts, _ in table.rows}
    assert list(rows) == ["Sở Khoa học và Công nghệ", "Phòng Quản lý công nghệ", "Văn phòng Sở"]
    assert rows["Phòng Quản lý công nghệ"][ldtt] == 3  # two of its own, one of the team below
    assert rows["Sở Khoa học và Công nghệ"][ttldtt] == 1
    assert rows["Văn phòng Sở"][ttldtt] == 1 and rows["Văn phòng Sở"][giay_khen] == 1
    assert sum(table.totals) == 6

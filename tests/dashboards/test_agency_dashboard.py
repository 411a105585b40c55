"""The agency dashboard (issue "Leadership dashboards", first increment): the leadership reaches
it from the home page; each headline number links to the list that shows the same rows; its cost
does not grow with the data."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Award
from awards.services import award_record_add
from tests.factories import AwardRecordFactory, PersonFactory, accepted, passed, registered
from tests.jobs import run_job_download

pytestmark = pytest.mark.usefixtures("english")

URL = reverse("dashboards:agency")


def figures(page) -> dict[str, int]:
    """Return {link: number} of the dashboard's linked figures."""
    return {
        url.replace("&amp;", "&"): int(count)
        for url, count in re.findall(
            r'<a href="([^"]+)" data-testid="figure">(\d+)</a>', page.content.decode()
        )
    }


def listed(client, url) -> int:
    """Return how many rows the list behind a link holds, as its page counts them."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def status_counts(page: str) -> dict[str, int]:
    """Return the headline count of each status of the commitments card."""
    return {
        status: int(count)
        for status, count in re.findall(
            r'data-status="(\w+)">\s*<span[^>]*>[^<]*</span>\s*'
            r'<span[^>]*data-testid="status-count">(\d+)</span>',
            page,
        )
    }


@pytest.fixture
def year_2020(org):
    people = [PersonFactory(unit=org.technical) for _ in range(3)]
    for person in people:
        registered(person, 2020)
        AwardRecordFactory(person=person, year=2020, award=Award.objects.get(code="LDTT"))
    AwardRecordFactory(year=2019, person=PersonFactory(unit=org.office),
                       award=Award.objects.get(code="LDTT"))  # fmt: skip
    AwardRecordFactory(year=2020, person=PersonFactory(unit=org.office), revoked=True,
                       award=Award.objects.get(code="LDTT"))  # fmt: skip
    accepted(people[0], "CSTDCS", 2020)
    passed(people[1], "GIAY_KHEN", 2020)
    # Another agency's records are not counted.
    AwardRecordFactory(person=PersonFactory(unit=org.other), year=2020,
                       award=Award.objects.get(code="LDTT"))  # fmt: skip
    return people


def test_the_leadership_reaches_the_dashboard_from_the_home_page(org, leader, login):
    client = login(leader)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in home and 'data-testid="open-dashboard"' in home
    assert client.get(URL).status_code == 200
    assert login(org.alice).get(URL).status_code == 200


def test_staff_and_unit_heads_do_not_read_it(org, login):
    assert login(org.bob).get(URL).status_code == 403
    assert login(org.carol).get(URL).status_code == 403
    assert 'data-testid="open-dashboard"' not in login(org.bob).get(reverse("home")).text


def test_each_number_matches_the_list_it_links_to(org, leader, login, year_2020):
    client = login(leader)
    page = client.get(URL, {"year": 2020})
    numbers = figures(page)
    awards = {url: n for url, n in numbers.items() if "qua-trinh" in url}
    (ldtt,) = [url for url in awards if "award=LDTT" in url and "year=2020" in url]
    assert awards[ldtt] == 3  # the revoked one and the other agency's are not counted
    body = page.content.decode()
    assert re.search(r"award=LDTT[^>]*>3</a></td><td[^>]*>1</td>", body.replace("&amp;", "&"))
    registrations = {url: n for url, n in numbers.items() if "dang-ky" in url}
    assert list(registrations.values()) == [3]
    stages = {url: n for url, n in numbers.items() if "de-nghi" in url}
    assert sorted(stages.values()) == [1, 1]
    officer = login(org.alice)
    for url, count in numbers.items():
        assert listed(officer, url) == count, url


def test_an_empty_year_says_so(org, leader, login):
    page = login(leader).get(URL).content.decode()
    assert "No registration for this year." in page
    assert "No award recorded for these two years." in page
    assert "No covenant in force for this year yet" in page


def test_the_commitments_rank_the_parties_lowest_first(org, leader, login, covenant_in_force):
    from decimal import Decimal

    from campaigns import services

    parties = {party.unit.code: party for party in covenant_in_force.parties.all()}
    # The board's commitment is met, the union's late, the division has not reported.
    for code, user, status, value in (
        ("BLD", leader.user, "met", Decimal(100)),
        ("CD", org.dave.user, "off_track", Decimal(60)),
    ):
        commitment = parties[code].commitments.get()
        services.report_submit(
            actor=user, commitment=commitment, period="Q1", status=status, value=value
        )
    page = login(leader).get(URL, {"year": 2020}).content.decode()
    links = re.findall(r'href="(/phong-trao/ben/\d+/tien-do/)" data-testid="party-link"', page)
    ranked = [parties[code].pk for code in ("CD", "KT", "BLD")]
    assert links == [reverse("campaigns:party_progress", args=[pk]) for pk in ranked]
    assert status_counts(page) == {
        "met": 1,
        "on_track": 0,
        "at_risk": 0,
        "off_track": 1,
        "not_reported": 1,
    }


def test_the_dashboard_costs_the_same_queries_whatever_the_data(org, leader, login):
    client = login(leader)

    def count():
        cache.clear()  # the figures counted afresh, as on the first view after a change
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"year": 2020}).status_code == 200
        return len(queries)

    for _ in range(2):
        person = PersonFactory(unit=org.technical)
        registered(person, 2020)
        AwardRecordFactory(person=person, year=2020, award=Award.objects.get(code="LDTT"))
    few = count()
    for _ in range(6):
        person = PersonFactory(unit=org.office)
        registered(person, 2020)
        AwardRecordFactory(person=person, year=2020, award=Award.objects.get(code="CSTDCS"))
        accepted(person, "LDTT", 2020)
    assert count() == few


def award_aggregates(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if 'FROM "awards_awardrecord"' in q["sql"] and "COUNT(" in q["sql"]
    ]


def test_the_agency_figures_are_counted_once_until_a_service_writes(org, leader, login, year_2020):
    client = login(leader)
    first = figures(client.get(URL, {"year": 2020}))
    with CaptureQueriesContext(connection) as again:
        assert figures(client.get(URL, {"year": 2020})) == first
    assert award_aggregates(again) == []  # kept, not recounted
    # Nor the dossiers returned, nor the initiatives by level: each grows with the agency.
    assert [
        q["sql"]
        for q in again
        if "COUNT(" in q["sql"]
        and ('FROM "awards_nomination"' in q["sql"] or 'FROM "awards_initiative"' in q["sql"])
    ] == []

    # An award recorded through its service (which records an event): counted again.
    award_record_add(
        actor=org.alice.user,
        award=Award.objects.get(code="LDTT"),
        year=2020,
        person=PersonFactory(unit=org.technical),
        decision_number="9/QĐ-SKHCN",
        decision_date=datetime.date(2021, 1, 15),
        issuer="Giám đốc Sở",
        source="entered",
        source_document="Sổ khen thưởng",
    )
    with CaptureQueriesContext(connection) as after:
        numbers = figures(client.get(URL, {"year": 2020}))
    assert award_aggregates(after)
    (ldtt,) = [
        url for url in numbers if "qua-trinh" in url and "award=LDTT" in url and "year=2020" in url
    ]
    assert numbers[ldtt] == first[ldtt] + 1
    # Kept apart by language: each reader gets the labels of its own.
    assert "Advanced worker" in client.get(URL, {"year": 2020}).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = client.get(URL, {"year": 2020}).text
    assert "Lao động tiên tiến" in page and "Advanced worker" not in page


def launched_campaign(org, name, start, end, kind="regular"):
    """A campaign of the agency with one focus area, launched on its first day."""
    from campaigns import services
    from tests.factories import CampaignFactory, FocusAreaFactory

    campaign = CampaignFactory(
        organiser=org.agency, name=name, kind=kind, start_date=start, end_date=end
    )
    FocusAreaFactory(campaign=campaign, number=1, title="Hoàn thành nhiệm vụ")
    return services.campaign_launch(actor=org.alice.user, campaign=campaign, launch_date=start)


def test_the_year_opens_on_the_campaign_with_the_covenant_in_force(
    org, leader, login, covenant_in_force
):
    import datetime

    wave = launched_campaign(
        org,
        "Đợt thi đua chào mừng Ngày KH&CN 18/5/2020",
        datetime.date(2020, 4, 1),
        datetime.date(2020, 5, 18),
        kind="periodic",
    )
    page = login(leader).get(URL, {"year": 2020})
    assert page.context["campaign"] == covenant_in_force.campaign
    assert 'data-testid="party-ranking"' in page.content.decode()
    chosen = login(leader).get(URL, {"year": 2020, "campaign": wave.code})
    assert chosen.context["campaign"] == wave


def test_it_opens_on_the_latest_year_with_a_covenant_in_force(
    org, leader, login, covenant_in_force
):
    """Units register for next year before its covenant is signed: the dashboard still opens
    on the year the leadership follows, the new one a choice away."""
    import datetime

    launched_campaign(
        org, "Phong trào thi đua năm 2021", datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)
    )
    response = login(leader).get(URL)
    assert 2021 in response.context["years"]
    assert response.context["year"] == 2020
    assert response.context["campaign"] == covenant_in_force.campaign
    assert login(leader).get(URL, {"year": 2021}).context["year"] == 2021


def test_reports_awaiting_review_and_what_comes_next(org, leader, login, covenant_in_force):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from awards.models import Council, CouncilSession
    from campaigns import services

    board = covenant_in_force.parties.get(unit__code="BLD")
    services.report_submit(
        actor=leader.user,
        commitment=board.commitments.get(),
        period="Q1",
        status="on_track",
        value=Decimal(90),
    )
    campaign = covenant_in_force.campaign
    # A session called for next month (written directly: the dashboard only reads it).
    council = Council.objects.create(
        agency=org.agency, name="Hội đồng TĐKT", term_start=datetime.date(2020, 1, 1)
    )
    CouncilSession.objects.create(
        council=council,
        year=2020,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        place="Phòng họp",
    )
    # The officer follows the count to the queue, which lists as many.
    page = login(org.alice).get(URL, {"year": 2020})
    waiting = page.content.decode().split('data-testid="waiting-card"')[1].split("</section>")[0]
    link = reverse("campaigns:reports_pending", args=[campaign.code])
    assert f'href="{link}" data-testid="figure">1</a>' in waiting
    assert listed(login(org.alice), link) == 1
    coming = page.content.decode().split('data-testid="coming-card"')[1].split("</section>")[0]
    assert 'data-testid="council-session"' in coming
    # The leadership reads the count; the queue is the officer's, so it is not a link.
    waiting = login(leader).get(URL, {"year": 2020}).content.decode()
    waiting = waiting.split('data-testid="waiting-card"')[1].split("</section>")[0]
    assert ">1</span>" in waiting and link not in waiting


def test_the_next_milestones_are_those_ahead(org, campaign):
    import datetime

    from dashboards import selectors

    ahead = selectors.coming(org.agency, campaign, today=datetime.date(2020, 5, 1))
    assert [m.title for m in ahead["milestones"]] == ["Ngày KH&CN Việt Nam"]
    assert selectors.coming(org.agency, campaign, today=datetime.date(2020, 6, 1)) == {
        "milestones": [],
        "session": None,
    }


def _report(party, user, period, status):
    from decimal import Decimal

    from campaigns import services

    return services.report_submit(
        actor=user,
        commitment=party.commitments.get(),
        period=period,
        status=status,
        value=Decimal(100 if status == "met" else 70),
    )


@pytest.fixture
def two_quarters(org, leader, covenant_in_force):
    """Q1: the board at risk, the union on track, KT silent; Q2: the board met, KT off track,
    the union silent."""
    parties = {party.unit.code: party for party in covenant_in_force.parties.all()}
    _report(parties["BLD"], leader.user, "Q1", "at_risk")
    _report(parties["CD"], org.dave.user, "Q1", "on_track")
    _report(parties["BLD"], leader.user, "Q2", "met")
    _report(parties["KT"], org.carol.user, "H1", "off_track")  # a half-year report counts in Q2
    return parties


def test_it_opens_on_the_latest_quarter_reported_with_the_change_since_the_one_before(
    leader, login, two_quarters
):
    page = login(leader).get(URL, {"year": 2020})
    assert page.context["quarter"] == 2
    body = page.content.decode()
    counts = status_counts(body)
    assert counts == {"met": 1, "on_track": 1, "at_risk": 0, "off_track": 1, "not_reported": 0}
    changes = re.findall(r'data-testid="status-change">([^<]+)</span>', body)
    assert changes == ["+1", "no change", "-1", "+1", "-1"]
    # The union reported in Q1 but not in Q2: it is named, with the party's page behind it.
    unreported = body.split('data-testid="unreported"')[1].split("</li></ul>")[0]
    assert "Công đoàn" in unreported or str(two_quarters["CD"].unit) in unreported
    assert reverse("campaigns:party_progress", args=[two_quarters["CD"].pk]) in unreported
    assert str(two_quarters["KT"].unit) not in unreported
    assert "which is over" in unreported  # 2020's second quarter is long over
    # The trend shows each quarter up to the one chosen.
    trend = body.split('data-testid="chart-trend"')[1].split("</table>")[0]
    assert "Quarter I" in trend and "Quarter II" in trend and "Quarter III" not in trend


def test_the_covenants_progress_is_kept_until_a_party_reports_again(
    org, leader, login, two_quarters
):
    client = login(leader)
    assert status_counts(client.get(URL, {"year": 2020}).content.decode())["met"] == 1
    with CaptureQueriesContext(connection) as again:
        body = client.get(URL, {"year": 2020}).content.decode()
    assert status_counts(body)["met"] == 1
    tallied = [q["sql"] for q in again if '"campaigns_progressreport"."status"' in q["sql"]]
    assert tallied == []  # read from what the first view counted
    _report(two_quarters["CD"], org.dave.user, "Q2", "met")  # the union reports Q2: an event
    assert status_counts(client.get(URL, {"year": 2020}).content.decode())["met"] == 2


def test_an_earlier_quarter_shows_the_commitments_as_they_stood(leader, login, two_quarters):
    page = login(leader).get(URL, {"year": 2020, "quarter": 1})
    body = page.content.decode()
    assert status_counts(body) == {
        "met": 0,
        "on_track": 1,
        "at_risk": 1,
        "off_track": 0,
        "not_reported": 1,
    }
    assert 'data-testid="status-change"' not in body  # nothing before the first quarter
    unreported = body.split('data-testid="unreported"')[1].split("</li></ul>")[0]
    assert str(two_quarters["KT"].unit) in unreported
    assert str(two_quarters["CD"].unit) not in unreported


def test_the_attention_list_names_late_commitments_and_returned_work(
    org, leader, login, two_quarters
):
    from campaigns import services

    kt_report = two_quarters["KT"].commitments.get().reports.get()
    services.report_review(
        actor=org.alice.user, report=kt_report, accept=False, comment="Bổ sung minh chứng."
    )
    from awards.services import registrations as registration_services

    registered(PersonFactory(unit=org.technical), 2020)
    registration_list = org.technical.registration_lists.get(year=2020)
    registration_services.registration_list_submit(
        actor=org.carol.user, registration_list=registration_list
    )
    registration_services.registration_list_return(
        actor=org.alice.user, registration_list=registration_list, comment="Thiếu chữ ký."
    )
    page = login(leader).get(URL, {"year": 2020, "quarter": 4}).content.decode()
    attention = page.split('data-testid="attention-card"')[1].split("</section>")[0]
    # Due on 31/12/2020 and not met when the year ended: the union and KT, not the board.
    late = attention.split('data-testid="late"')[1].split("</ul>")[0]
    assert str(two_quarters["KT"].unit) in late and str(two_quarters["CD"].unit) in late
    assert str(two_quarters["BLD"].unit) not in late
    returned = attention.split('data-testid="returned-reports"')[1].split("</ul>")[0]
    assert reverse("campaigns:party_progress", args=[two_quarters["KT"].pk]) in returned
    lists = attention.split('data-testid="returned-lists"')[1].split("</ul>")[0]
    assert reverse("awards:registration_unit", args=[org.technical.code]) + "?year=2020" in lists


def test_the_charts_have_their_numbers_beside_them(org, leader, login, two_quarters, year_2020):
    from awards.models import Initiative
    from tests.factories import InitiativeFactory

    InitiativeFactory(unit=org.technical, decision_date=datetime.date(2020, 6, 1))
    InitiativeFactory(
        unit=org.technical, decision_date=datetime.date(2020, 9, 1), scope=Initiative.Scope.PROVINCE
    )
    InitiativeFactory(unit=org.technical, decision_date=datetime.date(2019, 9, 1))
    client = login(leader)
    page = client.get(URL, {"year": 2020})
    body = page.content.decode()
    for testid in ("chart-areas", "chart-trend", "chart-years", "chart-initiatives"):
        chart = body.split(f'data-testid="{testid}"')[1].split("</table>")[0]
        assert "<svg" in chart and "<td" in chart, testid
    initiatives = body.split('data-testid="chart-initiatives"')[1].split("</table>")[0]
    assert [int(n) for n in re.findall(r'data-testid="figure">(\d+)</a>', initiatives)] == [1, 1]
    years = body.split('data-testid="chart-years"')[1].split("</table>")[0]
    assert '<th scope="col" class="text-end">2016</th>' in years
    officer = login(org.alice)
    for url, count in figures(page).items():
        assert listed(officer, url) == count, url


def test_a_new_year_opens_on_its_own_quarter(leader, login, two_quarters):
    """The form sends the quarter shown with the year chosen: a quarter picked for another
    year gives way to the new year's latest reported quarter; a link with a quarter keeps it."""
    client = login(leader)
    assert client.get(URL, {"year": 2020, "quarter": 4, "shown_year": 2021}).context["quarter"] == 2
    assert client.get(URL, {"year": 2020, "quarter": 4, "shown_year": 2020}).context["quarter"] == 4
    assert client.get(URL, {"year": 2020, "quarter": 1}).context["quarter"] == 1


def test_the_campaign_reports_are_one_click_away(leader, login, covenant_in_force):
    page = login(leader).get(URL, {"year": 2020}).content.decode()
    links = page.split('data-testid="report-links"')[1].split("</div>")[0]
    code = covenant_in_force.campaign.code
    # Each button starts the job making its report.
    for name in ("dashboards:report_pdf", "dashboards:report_xlsx"):
        for kind in ("tong-ket", "so-ket"):
            assert f'<form method="post" action="{reverse(name, args=[code, kind])}"' in links
    final = reverse("dashboards:report_pdf", args=[code, "tong-ket"])
    response = run_job_download(login(leader), final)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")

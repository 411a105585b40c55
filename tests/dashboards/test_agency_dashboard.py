"""The agency dashboard (issue "Leadership dashboards", first increment): the leadership reaches
it from the home page; each headline number links to the list that shows the same rows; its cost
does not grow with the data."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Award
from tests.factories import AwardRecordFactory, PersonFactory, accepted, passed, registered

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
    (ldtt,) = [url for url in awards if "award=LDTT" in url]
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
    statuses = page[page.index('data-testid="commitment-statuses"') :]
    assert 'data-status="met"><span class="badge text-bg-success">1</span>' in statuses


def test_the_dashboard_costs_the_same_queries_whatever_the_data(org, leader, login):
    client = login(leader)

    def count():
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


def test_the_year_opens_on_the_campaign_with_the_covenant_in_force(
    org, leader, login, covenant_in_force
):
    import datetime

    from campaigns import services
    from tests.factories import CampaignFactory, FocusAreaFactory

    wave = CampaignFactory(
        organiser=org.agency,
        name="Đợt thi đua chào mừng Ngày KH&CN 18/5/2020",
        kind="periodic",
        start_date=datetime.date(2020, 4, 1),
        end_date=datetime.date(2020, 5, 18),
    )
    FocusAreaFactory(campaign=wave, number=1, title="Chào mừng")
    services.campaign_launch(
        actor=org.alice.user, campaign=wave, launch_date=datetime.date(2020, 4, 1)
    )
    page = login(leader).get(URL, {"year": 2020})
    assert page.context["campaign"] == covenant_in_force.campaign
    assert 'data-testid="party-ranking"' in page.content.decode()
    chosen = login(leader).get(URL, {"year": 2020, "campaign": wave.code})
    assert chosen.context["campaign"] == wave


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

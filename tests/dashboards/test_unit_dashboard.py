"""A unit's dashboard and the home page's "to do" card: the head of a unit reads its commitments
and what is due, its registrations, its dossiers and its people's ratings; the chair of a union
reads its organisation's, without the ratings; the leadership and the officer read any unit in
their scope; the home page tells each what waits for it. Neither costs more with more data."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, Nomination
from awards.services import nominations as nomination_services
from awards.services import registrations as registration_services
from campaigns import services
from campaigns.models import Commitment
from organizations.models import AnnualRating
from tests.factories import (
    CampaignFactory,
    FocusAreaFactory,
    NominationFactory,
    PersonFactory,
    RatingFactory,
    UnitFactory,
    accepted,
    registered,
)

pytestmark = pytest.mark.usefixtures("english")

HOME = reverse("home")


def url(unit, **query):
    base = reverse("dashboards:unit", args=[unit.code])
    return f"{base}?year={query['year']}" if query else base


def card(page, testid: str) -> str:
    """Return the HTML of the element marked `data-testid=testid`, up to the next section."""
    html = page.content.decode()
    assert f'data-testid="{testid}"' in html, testid
    return html.split(f'data-testid="{testid}"', 1)[1].split("</section>", 1)[0]


def todo(client) -> str:
    html = client.get(HOME).content.decode()
    assert 'data-testid="todo-card"' in html
    return html.split('data-testid="todo-card"', 1)[1].split("</div></div>", 1)[0]


def build_covenant(org, campaign, parties):
    """Open a covenant of `campaign` whose parties are (unit, representative, commitments)."""
    covenant = services.covenant_create(
        actor=org.alice.user,
        campaign=campaign,
        title=f"Giao ước thi đua năm {campaign.start_date.year}",
        signing_date=campaign.start_date,
        signing_place="Lạng Sơn",
    )
    area = campaign.focus_areas.get(number=1)
    for unit, representative, count in parties:
        party = services.party_add(
            actor=org.alice.user, covenant=covenant, unit=unit, representative=representative
        )
        for number in range(count):
            services.commitment_save(
                actor=org.alice.user,
                commitment=Commitment(party=party),
                focus_area=area,
                text=f"{unit}: chỉ tiêu số {number + 1}",
                measure="percentage",
                target=Decimal(100),
                due_date=campaign.end_date,
            )
    return services.covenant_open(actor=org.alice.user, covenant=covenant)


def sign_all(covenant):
    for party in covenant.parties.select_related("representative__user"):
        services.covenant_sign(actor=party.representative.user, party=party)
    covenant.refresh_from_db()
    return covenant


def populate(unit, n):
    """Give a unit n working people, each registered, rated and nominated for 2020."""
    people = [PersonFactory(unit=unit) for _ in range(n)]
    for index, person in enumerate(people):
        registered(person, 2020)
        RatingFactory(person=person, year=2020, level=list(AnnualRating.Level)[index % 4])
        accepted(person, "CSTDCS", 2020)
    return people


# --- who reads it ------------------------------------------------------------------------------


def test_the_unit_head_reads_its_unit(org, login, covenant_in_force):
    people = populate(org.technical, 2)
    registered(org.technical, 2020)
    party = covenant_in_force.parties.get(unit=org.technical)
    services.report_submit(
        actor=org.carol.user,
        commitment=party.commitments.get(),
        period="Q1",
        status="on_track",
        value=Decimal(90),
    )
    page = login(org.carol).get(url(org.technical, year=2020))
    assert page.status_code == 200
    assert page.context["years"] == [2020]
    # 2020 is gone by: the dashboard asks for the fourth quarter, which has no report.
    commitments = page.context["commitments"]
    assert (commitments.quarter, commitments.total, commitments.unreported) == (4, 1, 1)
    (row,) = commitments.parties[0].rows
    assert (row.status, row.unreported, row.due, row.overdue) == ("on_track", True, True, True)
    progress = card(page, "unit-commitments-card")
    assert reverse("campaigns:party_progress", args=[party.pk]) in progress
    assert "31/12/2020" in progress and "On track" in progress
    # Two people and the collective registered; each person has an accepted dossier.
    titles = {t["label"]: t["count"] for t in page.context["registrations"]["titles"]}
    assert titles == {
        Award.objects.get(code="LDTT").name: 2,
        Award.objects.get(code="TTLDTT").name: 1,
    }
    assert reverse("awards:registration_unit", args=["KT"]) in card(page, "unit-registrations-card")
    nominations = page.context["nominations"]
    assert [(s["label"], s["count"]) for s in nominations["statuses"]] == [
        (Nomination.Status.ACCEPTED.label, 2)
    ]
    assert reverse("awards:nomination_unit", args=["KT"]) in card(page, "unit-nominations-card")
    # Carol and Dave work in KT too: 4 people, 2 of them rated for 2020.
    ratings = page.context["ratings"]
    assert (ratings["year"], ratings["total"], ratings["rated"], ratings["missing"]) == (
        2020,
        4,
        2,
        2,
    )
    assert sum(level["count"] for level in ratings["levels"]) == len(people)
    assert "missing_rating=2020" in card(page, "unit-ratings-card")


def test_a_year_without_data_says_what_to_do(org, login):
    page = login(org.carol).get(url(org.technical))
    assert page.status_code == 200
    body = page.content.decode()
    assert "The unit is not a party to a covenant in force this year" in body
    assert "No registration list for this year." in body
    assert "No one in the unit has a rating recorded yet." in body


def test_the_unit_head_cannot_read_another_unit(org, login):
    client = login(org.carol)
    assert client.get(url(org.office)).status_code == 404
    assert client.get(url(org.union)).status_code == 404
    assert client.get(url(org.other)).status_code == 404
    assert client.get(reverse("dashboards:unit", args=["NOPE"])).status_code == 404


def test_the_unit_head_reads_the_units_below_its_own(org, login):
    team = UnitFactory(code="KT1", name="Tổ ứng dụng công nghệ", parent=org.technical)
    assert login(org.carol).get(url(team)).status_code == 200


def test_staff_may_not_read_its_unit(org, login):
    client = login(org.bob)
    assert client.get(url(org.office)).status_code == 403
    assert client.get(url(org.technical)).status_code == 404
    assert 'data-testid="todo-card"' not in client.get(HOME).content.decode()


def test_the_union_chair_reads_its_union_without_ratings(org, login):
    RatingFactory(person=org.bob.person, year=2020)
    client = login(org.dave)
    page = client.get(url(org.union))
    assert page.status_code == 200
    assert "ratings" not in page.context
    assert 'data-testid="unit-ratings-card"' not in page.content.decode()
    # A union registers and nominates no one (its members do, in their units): no dead links.
    assert 'data-testid="unit-registrations-card"' not in page.content.decode()
    assert 'data-testid="unit-nominations-card"' not in page.content.decode()
    # Dave works in KT, which he does not head: in his scope, not his to read.
    assert client.get(url(org.technical)).status_code == 403


def test_the_leadership_and_the_officer_read_any_unit_in_their_scope(org, leader, login):
    for persona in (leader, org.alice):
        client = login(persona)
        for unit in (org.agency, org.office, org.technical, org.union, leader.unit):
            assert client.get(url(unit)).status_code == 200, unit
        assert client.get(url(org.other)).status_code == 404


def test_the_year_chooser_offers_the_years_with_data(org, login):
    registered(PersonFactory(unit=org.technical), 2019)
    registered(PersonFactory(unit=org.technical), 2020)
    client = login(org.carol)
    assert client.get(url(org.technical)).context["year"] == 2020
    page = client.get(url(org.technical, year=2019))
    assert (page.context["year"], page.context["years"]) == (2019, [2020, 2019])
    assert client.get(url(org.technical, year=1990)).context["year"] == 2020


def test_it_opens_on_the_latest_year_of_a_covenant_in_force_not_on_a_year_only_registered(
    org, login, covenant_in_force
):
    """The demo's unit heads had registered for 2021 before its covenant was signed: the
    dashboard opened on 2021 and an empty commitments panel, their 2020 commitments a click
    away."""
    registered(PersonFactory(unit=org.technical), 2021)
    page = login(org.carol).get(url(org.technical))
    assert (page.context["year"], page.context["years"]) == (2020, [2021, 2020])
    assert page.context["commitments"]
    # A unit party to no covenant opens on its latest year with data, as before.
    registered(PersonFactory(unit=org.office), 2021)
    assert login(org.alice).get(url(org.office)).context["year"] == 2021


# --- the home page's to-do card ----------------------------------------------------------------


def test_the_representative_is_asked_to_sign_until_it_has_signed(org, login, covenant):
    party = covenant.parties.get(unit=org.technical)
    client = login(org.carol)
    waiting = todo(client)
    assert reverse("campaigns:covenant_sign", args=[party.pk]) in waiting
    assert reverse("dashboards:unit", args=["KT"]) in waiting
    assert "Open my unit's dashboard" in waiting
    # Dave is asked to sign for the union only, and opens the union's dashboard, not KT's.
    union = todo(login(org.dave))
    assert reverse("campaigns:covenant_sign", args=[party.pk]) not in union
    assert 'data-testid="todo-sign"' in union
    assert reverse("dashboards:unit", args=["CD"]) in union
    assert reverse("dashboards:unit", args=["KT"]) not in union
    services.covenant_sign(actor=org.carol.user, party=party)
    waiting = todo(login(org.carol))
    assert 'data-testid="todo-sign"' not in waiting
    assert "Nothing waits for you." in waiting


def test_a_returned_registration_list_waits_for_the_unit_head(org, login):
    entry = registered(PersonFactory(unit=org.technical), 2020)
    registration_list = entry.registration_list
    registration_services.registration_list_submit(
        actor=org.carol.user, registration_list=registration_list
    )
    assert "Nothing waits for you." in todo(login(org.carol))
    registration_services.registration_list_return(
        actor=org.alice.user, registration_list=registration_list, comment="Thiếu tập thể"
    )
    waiting = todo(login(org.carol))
    assert 'data-testid="todo-registration-list"' in waiting
    assert reverse("awards:registration_unit", args=["KT"]) in waiting


def test_a_returned_dossier_waits_for_the_unit_head(org, login):
    nomination = NominationFactory(
        nomination_list__unit=org.technical, status=Nomination.Status.SUBMITTED
    )
    nomination_services.nomination_return(
        actor=org.alice.user, nomination=nomination, comment="Bổ sung minh chứng"
    )
    waiting = todo(login(org.carol))
    assert 'data-testid="todo-nomination-list"' in waiting
    assert reverse("awards:nomination_unit", args=["KT"]) in waiting


@pytest.fixture
def this_year(org, leader):
    """A launched campaign of the current year whose covenant is in force: KT has two
    commitments, the union one."""
    year = timezone.localdate().year
    campaign = CampaignFactory(
        organiser=org.agency,
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
    )
    FocusAreaFactory(campaign=campaign, number=1)
    services.campaign_launch(
        actor=org.alice.user, campaign=campaign, launch_date=datetime.date(year, 1, 1)
    )
    return sign_all(
        build_covenant(
            org, campaign, [(org.technical, org.carol.person, 2), (org.union, org.dave.person, 1)]
        )
    )


def test_progress_due_this_quarter_and_reports_returned(org, login, this_year):
    party = this_year.parties.get(unit=org.technical)
    progress = reverse("campaigns:party_progress", args=[party.pk])
    waiting = todo(login(org.carol))
    assert 'data-testid="todo-report"' in waiting and progress in waiting
    assert "report on 2 commitments" in waiting
    quarter = f"Q{(timezone.localdate().month - 1) // 3 + 1}"
    first, second = party.commitments.order_by("pk")
    for commitment in (first, second):
        services.report_submit(
            actor=org.carol.user, commitment=commitment, period=quarter, status="on_track"
        )
    assert 'data-testid="todo-report"' not in todo(login(org.carol))
    report = first.reports.get()
    services.report_review(actor=org.alice.user, report=report, accept=False, comment="Thiếu số")
    waiting = todo(login(org.carol))
    assert 'data-testid="todo-returned-report"' in waiting and progress in waiting
    # Dave is asked for the union's report, not for KT's.
    union = todo(login(org.dave))
    assert "report on 1 commitment " in union and progress not in union
    # The unit's dashboard says the same for the quarter under way.
    page = login(org.carol).get(url(org.technical))
    rows = page.context["commitments"].parties[0].rows
    assert [(row.unreported, row.returned) for row in rows] == [(False, 1), (False, 0)]


# --- cost --------------------------------------------------------------------------------------


def test_the_dashboard_costs_the_same_queries_whatever_the_data(org, leader, login, campaign):
    """KT has one person, one commitment and one report; VP three of each: same queries."""
    covenant = sign_all(
        build_covenant(
            org, campaign, [(org.technical, org.carol.person, 1), (org.office, org.bob.person, 3)]
        )
    )
    for party in covenant.parties.select_related("unit"):
        for commitment in party.commitments.all():
            services.report_submit(
                actor=org.alice.user, commitment=commitment, period="Q1", status="met"
            )
    populate(org.technical, 1)
    populate(org.office, 3)
    client = login(org.alice)

    def count(unit):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url(unit, year=2020))
            assert page.status_code == 200
        return len(queries), page.context["commitments"].total

    few, many = count(org.technical), count(org.office)
    assert (few[1], many[1]) == (1, 3)
    assert few[0] == many[0]


def test_the_home_page_costs_the_same_queries_whatever_the_data(org, login, this_year):
    client = login(org.carol)

    def count():
        cache.clear()  # the rating summary counted afresh, as after a change
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME).status_code == 200
        return len(queries)

    few = count()
    registered(PersonFactory(unit=org.technical), 2020)
    for commitment in this_year.parties.get(unit=org.technical).commitments.all():
        services.report_submit(
            actor=org.carol.user, commitment=commitment, period="Y", status="at_risk"
        )
    populate(org.technical, 3)
    assert count() == few

"""The pages "what could this person / unit get this year": verdicts, scope, years, queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, AwardRecord, Initiative, InitiativeAuthor
from organizations.models import AnnualRating, UnitRating
from tests.factories import (
    DisciplineFactory,
    PendingReviewFactory,
    PersonFactory,
    RatingFactory,
    registered,
    reprimanded,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EXCELLENT = AnnualRating.Level.EXCELLENT
GOOD = AnnualRating.Level.GOOD


def person_url(person, year=None):
    url = reverse("awards:person_eligibility", args=[person.code])
    return f"{url}?year={year}" if year is not None else url


def unit_url(unit, year=None):
    url = reverse("awards:unit_eligibility", args=[unit.code])
    return f"{url}?year={year}" if year is not None else url


def outcome(response, code):
    """Return the data-outcome of a verdict card."""
    found = re.search(rf'data-testid="verdict-{code}" data-outcome="([a-z_]+)"', response.text)
    return found.group(1) if found else None


def check_statuses(response, code):
    """Return {check code: status} of a verdict card."""
    card = response.text.split(f'data-testid="verdict-{code}"', 1)[1].split(
        'data-testid="verdict-'
    )[0]
    return dict(re.findall(r'data-code="([a-z_]+)" data-status="([a-z]+)"', card))


def award_record(person, code, year):
    return AwardRecord.objects.create(
        award=Award.objects.get(code=code),
        person=person,
        year=year,
        decision_number=f"{year}/QĐ-SKHCN",
        decision_date=datetime.date(year + 1, 1, 15),
        issuer="Giám đốc Sở",
        source="entered",
        source_document=f"QĐ số {year}/QĐ-SKHCN",
    )


def initiative(person, year, scope=Initiative.Scope.UNIT):
    item = Initiative.objects.create(
        title=f"Sáng kiến {year}",
        recognised_by="Hội đồng sáng kiến cơ sở",
        decision_number=f"{year}/QĐ-HĐSK",
        decision_date=datetime.date(year, 10, 1),
        scope=scope,
    )
    InitiativeAuthor.objects.create(initiative=item, person=person, share=100)
    return item


def test_person_page_shows_each_verdict_with_checks_in_english(org, login):
    RatingFactory(person=org.bob.person, year=2020, level=GOOD)
    registered(org.bob.person, 2020)
    response = login(org.alice).get(person_url(org.bob.person, 2020))
    assert response.status_code == 200
    for code in ("LDTT", "CSTDCS", "CSTD_TINH", "GIAY_KHEN", "BANG_KHEN_TINH", "BANG_KHEN_TTG"):
        assert outcome(response, code) is not None
    assert outcome(response, "LDTT") == "eligible"
    assert check_statuses(response, "LDTT") == {
        "registration": "pass",
        "rating_good": "pass",
        "working_time": "pass",
        "no_discipline": "pass",
        "no_pending_review": "pass",
    }
    assert "Rated “well completed duties” for 2020" in response.text
    assert "Registered to take part in the emulation of 2020 (Advanced worker)" in response.text
    assert "Điểm b Khoản 1 Điều 10, Luật Thi đua, khen thưởng 2003" in response.text
    assert "registration" not in check_statuses(response, "GIAY_KHEN")  # a form: never needed
    assert "Điều 24" in response.text  # the citation
    assert "Emulation title" in response.text  # the kind badge
    assert "ND91_2017" in response.text
    # No initiative under the 2003 law: CSTĐCS fails.
    assert outcome(response, "CSTDCS") == "not_eligible"


def test_person_page_shows_vietnamese_messages_in_vietnamese(org, login, client):
    client.cookies["portal_language"] = "vi"
    RatingFactory(person=org.bob.person, year=2020, level=GOOD)
    response = login(org.alice).get(person_url(org.bob.person, 2020))
    assert "Xếp loại năm 2020: Hoàn thành tốt nhiệm vụ" in response.text
    assert "Rated “well completed duties”" not in response.text


def test_discipline_and_missing_rating_show_fail_and_unknown(org, login):
    DisciplineFactory(
        person=org.bob.person,
        start_date=datetime.date(2019, 5, 20),
        end_date=datetime.date(2020, 5, 19),
    )
    RatingFactory(person=org.bob.person, year=2020, level=GOOD)
    client = login(org.alice)
    blocked = client.get(person_url(org.bob.person, 2020))
    assert outcome(blocked, "LDTT") == "not_eligible"
    assert check_statuses(blocked, "LDTT")["no_discipline"] == "fail"
    registered(org.alice.person, 2020)
    unrated = client.get(person_url(org.alice.person, 2020))
    assert outcome(unrated, "LDTT") == "unknown"
    assert "Unknown — data missing" in unrated.text


def test_cstdcs_quota_is_decided_for_the_agency_batch__nd91_art_9(org, login):
    """Khoản 3 Điều 9 Nghị định 91/2017: CSTĐCS ≤ 15 % of LĐTT; 7 LĐTT allow one."""
    nominee = org.bob.person
    RatingFactory(person=nominee, year=2020, level=EXCELLENT)
    registered(nominee, 2020, "CSTDCS")
    initiative(nominee, 2020)
    for index in range(7):
        award_record(PersonFactory(unit=org.technical, full_name=f"Người {index}"), "LDTT", 2020)
    response = login(org.alice).get(person_url(nominee, 2020))
    assert outcome(response, "CSTDCS") == "eligible"
    assert check_statuses(response, "CSTDCS")["quota"] == "pass"
    assert "The quota is decided for a batch of 1" in response.text
    assert org.agency.name in response.text


def test_cstdcs_quota_fails_when_the_batch_exceeds_it__nd91_art_9(org, login):
    """Two excellent people against 7 LĐTT (15 % = 1): over the quota."""
    RatingFactory(person=org.bob.person, year=2020, level=EXCELLENT)
    RatingFactory(person=org.carol.person, year=2020, level=EXCELLENT)
    initiative(org.bob.person, 2020)
    for index in range(7):
        award_record(PersonFactory(unit=org.technical, full_name=f"Người {index}"), "LDTT", 2020)
    response = login(org.alice).get(person_url(org.bob.person, 2020))
    assert check_statuses(response, "CSTDCS")["quota"] == "fail"
    assert outcome(response, "CSTDCS") == "not_eligible"
    assert "The quota is decided for a batch of 2" in response.text


def test_unit_page_shows_collective_verdicts(org, login):
    for person in (org.alice.person, org.bob.person):
        RatingFactory(person=person, year=2020, level=GOOD)
        award_record(person, "LDTT", 2020)
    UnitRating.objects.create(unit=org.office, year=2020, level=GOOD)
    registered(org.office, 2020)
    response = login(org.alice).get(unit_url(org.office, 2020))
    assert response.status_code == 200
    assert outcome(response, "TTLDTT") == "eligible"
    assert check_statuses(response, "TTLDTT")["unit_rating"] == "pass"
    assert outcome(response, "TTLDXS") == "not_eligible"  # no member holds CSTĐCS
    assert outcome(response, "BANG_KHEN_TINH_TT") == "not_eligible"  # rated good, not excellent
    assert "2 of 2 members (100.0 %) hold the advanced worker title" in response.text


def test_outsider_gets_404(org, login):
    client = login(org.charlie)
    assert client.get(person_url(org.bob.person, 2020)).status_code == 404
    assert client.get(unit_url(org.office, 2020)).status_code == 404


def test_staff_reads_a_colleagues_page(org, login):
    registered(org.alice.person, 2020)
    response = login(org.bob).get(person_url(org.alice.person, 2020))
    assert response.status_code == 200
    assert outcome(response, "LDTT") == "unknown"
    assert login(org.bob).get(unit_url(org.office, 2020)).status_code == 200


def test_one_s_own_page_speaks_to_the_reader(org, login):
    own = login(org.bob).get(person_url(org.bob.person, 2020)).content.decode()
    assert "What could you get for 2020?" in own
    assert "<title>What could you get?" in own
    assert "this person" not in own
    colleague = login(org.bob).get(person_url(org.alice.person, 2020)).content.decode()
    assert f"What could {org.alice.person.full_name} get for 2020?" in colleague


def test_staff_does_not_see_a_person_outside_their_unit(org, login):
    assert login(org.bob).get(person_url(org.carol.person, 2020)).status_code == 404


def test_anonymous_is_sent_to_sign_in(org, client):
    response = client.get(person_url(org.bob.person, 2020))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2010", "No rule set applies to the year 2010, so it cannot be judged."),
        ("abc", "“abc” is not a year."),
        ("2999", "2999 cannot be judged"),
    ],
)
def test_year_without_rule_set_shows_a_message(org, login, year, message):
    client = login(org.alice)
    for url in (person_url(org.bob.person, year), unit_url(org.office, year)):
        response = client.get(url)
        assert response.status_code == 200
        assert message in response.text
        assert 'data-testid="verdict-' not in response.text


def test_default_year_is_the_last_past_year_with_a_rule_set(org, login):
    response = login(org.alice).get(person_url(org.bob.person))
    last_year = timezone.localdate().year - 1
    assert response.context["year"] == last_year
    assert response.context["rule_set"] is not None


def test_the_page_opens_on_the_latest_year_the_nominee_was_rated(org, login):
    """The demo's people were rated up to 2020: their page opened on last year, with nothing to
    judge. A year without a rating stays a choice."""
    from tests.factories import RatingFactory

    for year in (2019, 2020):
        RatingFactory(person=org.bob.person, year=year)
    client = login(org.alice)
    response = client.get(person_url(org.bob.person))
    assert response.context["year"] == 2020
    assert timezone.localdate().year - 1 in response.context["years"]
    assert client.get(person_url(org.bob.person, 2023)).context["year"] == 2023


def test_person_and_unit_pages_link_to_the_eligibility_pages(org, login):
    client = login(org.alice)
    person_page = client.get(reverse("organizations:person_detail", args=[org.bob.person.code]))
    assert person_url(org.bob.person) in person_page.text
    unit_page = client.get(reverse("organizations:unit_detail", args=[org.office.code]))
    assert unit_url(org.office) in unit_page.text


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_history(person, count, first_year):
    for year in range(first_year, first_year + count):
        RatingFactory(person=person, year=year, level=EXCELLENT)
        award_record(person, "LDTT", year)
        initiative(person, year)
        award_record(PersonFactory(unit=person.unit, full_name=f"Đồng nghiệp {year}"), "LDTT", 2020)


def test_query_count_does_not_grow_with_ratings_and_awards(org, login):
    client = login(org.alice)
    _add_history(org.bob.person, 5, 2000)
    _add_history(org.carol.person, 20, 1990)
    small = _queries(client, person_url(org.bob.person, 2020))
    large = _queries(client, person_url(org.carol.person, 2020))
    assert large == small
    unit_small = _queries(client, unit_url(org.office, 2020))
    unit_large = _queries(client, unit_url(org.technical, 2020))
    assert unit_large == unit_small


def test_person_page_shows_the_paths_of_the_provincial_certificate__art_74_1d(org, login):
    """Two consecutive CSTĐCS: the CSTĐCS path passes, the excellent path fails, one suffices."""
    award_record(org.bob.person, "CSTDCS", 2019)
    award_record(org.bob.person, "CSTDCS", 2020)
    response = login(org.alice).get(person_url(org.bob.person, 2020))
    assert outcome(response, "BANG_KHEN_TINH") == "eligible"
    statuses = check_statuses(response, "BANG_KHEN_TINH")
    assert statuses["path_cstdcs"] == "pass"
    assert statuses["path_excellent_initiatives"] == "fail"
    card = response.text.split('data-testid="verdict-BANG_KHEN_TINH"', 1)[1]
    assert 'data-testid="alternatives" data-group="path" data-status="pass"' in card
    assert "One of the following paths suffices:" in card


def test_person_page_blocks_every_award_while_a_review_is_open(org, login):
    RatingFactory(person=org.bob.person, year=2020, level=GOOD)
    PendingReviewFactory(person=org.bob.person, opened_on=datetime.date(2020, 12, 1))
    response = login(org.alice).get(person_url(org.bob.person, 2020))
    for code in ("LDTT", "GIAY_KHEN", "BANG_KHEN_TINH", "BANG_KHEN_TTG"):
        assert outcome(response, code) == "not_eligible"
        assert check_statuses(response, code)["no_pending_review"] == "fail"
    assert "complaint or denunciation being verified (since 01/12/2020)" in response.text


def test_unit_page_shows_the_collective_certificate(org, login):
    UnitRating.objects.create(unit=org.office, year=2019, level=EXCELLENT)
    UnitRating.objects.create(unit=org.office, year=2020, level=EXCELLENT)
    response = login(org.alice).get(unit_url(org.office, 2020))
    assert outcome(response, "BANG_KHEN_TINH_TT") == "eligible"
    assert check_statuses(response, "BANG_KHEN_TINH_TT") == {
        "consecutive_excellent": "pass",
        "no_member_warning": "pass",
    }


def test_the_verdicts_are_judged_once_until_a_service_writes(org, login):
    """The engine is the page's heaviest work: its cards are kept for the reader, the day and
    the language, and judged again after any service's write."""
    person = org.alice.person
    RatingFactory(person=person, year=2020, level=GOOD)
    registered(person, 2020)
    url = person_url(person, 2020)
    client = login(org.alice)
    with CaptureQueriesContext(connection) as judged:
        response = client.get(url)
    assert outcome(response, "LDTT") == "eligible"
    assert 'data-testid="check"' in response.text
    with CaptureQueriesContext(connection) as kept:
        assert outcome(client.get(url), "LDTT") == "eligible"
    assert len(kept) < len(judged) - 5
    # A colleague reads the same verdicts without the records behind them, whatever the
    # officer was shown a moment before.
    response = login(org.bob).get(url)
    assert outcome(response, "LDTT") == "eligible"
    assert 'data-testid="evidence-hidden"' in response.text
    assert 'data-testid="check"' not in response.text
    reprimanded(org.alice.user, person, datetime.date(2020, 3, 1))
    assert outcome(login(org.alice).get(url), "LDTT") == "not_eligible"

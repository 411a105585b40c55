"""A rule's history next to the verdicts that used it: which thresholds a verdict read, their
current value, and when and by whom each last changed."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.eligibility import evaluate, evaluate_many
from awards.eligibility.engine import PERSON_TITLES
from awards.models import Rule
from organizations.models import AnnualRating
from tests.admin_pages import change_form_data
from tests.factories import PersonFactory, RatingFactory

pytestmark = pytest.mark.usefixtures("english")

MONTHS_WORKED = "ldtt.min_months_worked"


def person_url(person, year=2020):
    return reverse("awards:person_eligibility", args=[person.code]) + f"?year={year}"


def card(response, code):
    """Return the markup of one verdict's card."""
    return response.text.split(f'data-testid="verdict-{code}"', 1)[1].split(
        'data-testid="verdict-'
    )[0]


def rules_used(response, code):
    """Return {rule key: its line, as text} under a verdict."""
    lines = re.findall(
        r'data-testid="rule-used" data-key="([^"]+)">(.*?)</li>', card(response, code), re.S
    )
    return {key: " ".join(re.sub(r"<[^>]+>", " ", line).split()) for key, line in lines}


def test_a_verdict_names_the_rules_it_read(org):
    verdict = evaluate(org.bob.person, "LDTT", 2020)
    assert [rule.key for rule in verdict.rules] == [
        "title.registration_required",
        MONTHS_WORKED,
        "pending_review.blocks_award",
    ]
    assert all(rule.rule_set.code == "ND91_2017" for rule in verdict.rules)
    assert verdict.as_dict()["rules"] == [rule.key for rule in verdict.rules]


def test_each_verdict_names_only_its_own_rules_when_judged_together(org):
    """The rule set is shared by the verdicts of a page; what one read is not listed on another."""
    verdicts = evaluate_many(org.bob.person, list(PERSON_TITLES), 2020)
    assert MONTHS_WORKED in [rule.key for rule in verdicts["LDTT"].rules]
    assert MONTHS_WORKED not in [rule.key for rule in verdicts["CSTD_TINH"].rules]
    # The law's name is read for the citations only: it is not a threshold the verdict used.
    assert all(rule.key != "ttldtt.min_percent_ldtt" for v in verdicts.values() for rule in v.rules)


def test_a_rule_changed_in_the_admin_is_shown_under_the_verdicts_that_used_it(
    org, login, admin_client, admin_user
):
    PersonFactory(user=admin_user, unit=org.office, full_name="Đinh Quản Trị")
    RatingFactory(person=org.bob.person, year=2020, level=AnnualRating.Level.GOOD)
    rule = Rule.objects.get(rule_set__code="ND91_2017", key=MONTHS_WORKED)
    before = rules_used(login(org.alice).get(person_url(org.bob.person)), "LDTT")
    assert before[MONTHS_WORKED].endswith("10 months · no change recorded")

    url = reverse("admin:awards_rule_change", args=[rule.pk])
    data = change_form_data(admin_client.get(url))
    data["value"] = "9"
    assert admin_client.post(url, data).status_code == 302

    response = login(org.alice).get(person_url(org.bob.person))
    today = timezone.localdate().strftime("%d/%m/%Y")
    for code in ("LDTT", "GIAY_KHEN"):
        line = rules_used(response, code)[MONTHS_WORKED]
        assert line.endswith(f"9 months · last changed on {today} by Đinh Quản Trị"), line
    assert MONTHS_WORKED not in rules_used(response, "CSTD_TINH")
    unchanged = rules_used(response, "LDTT")["pending_review.blocks_award"]
    assert unchanged.endswith("no change recorded")


def test_the_rules_history_costs_one_query_whatever_the_changes(org, login):
    client = login(org.alice)

    def queries():
        cache.clear()  # the verdicts judged afresh, as on the first view after a change
        with CaptureQueriesContext(connection) as captured:
            assert client.get(person_url(org.bob.person)).status_code == 200
        return len(captured)

    unchanged = queries()
    for rule in Rule.objects.filter(rule_set__code="ND91_2017"):
        for step in range(3):
            rule.value += Decimal(step)
            rule.save()
    assert queries() == unchanged
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(person_url(org.bob.person))
    table = f'"{Rule.history.model._meta.db_table}"'
    history = [q for q in captured if table in q["sql"] and "MAX(" not in q["sql"]]
    assert len(history) == 1  # for every rule of every verdict on the page
    response = client.get(person_url(org.bob.person))
    assert "last changed on" in rules_used(response, "LDTT")[MONTHS_WORKED]

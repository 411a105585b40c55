"""A unit's nomination page judges again only the dossiers the unit still edits: a sent list
costs the same SQL queries whatever its length (measured in docs/performance.md: 438 queries for
31 dossiers before)."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Award, Nomination, NominationList
from awards.services import nominations as services
from awards.views.nominations import _outcome_of
from organizations.models import AnnualRating
from tests.factories import (
    DisciplineFactory,
    NominationFactory,
    PersonFactory,
    RatingFactory,
    registered,
    reprimanded,
)


def test_a_sent_list_costs_the_same_queries_for_one_dossier_or_six(org, login):
    nomination_list = NominationList.objects.create(
        unit=org.technical, year=2020, status=NominationList.Status.SUBMITTED
    )

    def add():
        NominationFactory(
            nomination_list=nomination_list,
            person=PersonFactory(unit=org.technical),
            status=Nomination.Status.SUBMITTED,
            verdict=Nomination.Verdict.PASS,
        )

    add()
    client = login(org.alice)
    url = nomination_list.get_absolute_url()
    client.get(url)  # caches filled once per process (content types, the catalogue)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(5):
        add()
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert len(response.context["dossiers"]) == 6
    assert {d.live_verdict for d in response.context["dossiers"]} == {"pass"}
    assert len(six) == len(one)


def test_a_draft_list_judges_its_dossiers_together_as_each_would_be_judged_alone(org, login):
    """The dossiers a unit still edits are judged afresh on every view; their people's records
    are loaded together, so six drafts cost the queries two do, and each verdict is the one
    the dossier's own page gives."""
    nomination_list = NominationList.objects.create(unit=org.technical, year=2020)
    ldtt, cstdcs = Award.objects.get(code="LDTT"), Award.objects.get(code="CSTDCS")

    def add(level, award, disciplined=False):
        person = PersonFactory(unit=org.technical)
        RatingFactory(person=person, year=2020, level=level)
        registered(person, 2020, award.code)
        if disciplined:
            DisciplineFactory(person=person)
        NominationFactory(
            nomination_list=nomination_list,
            person=person,
            award=award,
            status=Nomination.Status.DRAFT,
            verdict="",
        )

    add(AnnualRating.Level.EXCELLENT, cstdcs)
    add(AnnualRating.Level.GOOD, ldtt)
    client = login(org.alice)
    url = nomination_list.get_absolute_url()
    client.get(url)
    # Measured as the first view after a change: the verdicts are judged, not read as kept.
    cache.clear()
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    add(AnnualRating.Level.EXCELLENT, cstdcs, disciplined=True)
    add(AnnualRating.Level.COMPLETED, ldtt)
    add(AnnualRating.Level.GOOD, ldtt, disciplined=True)
    add(AnnualRating.Level.EXCELLENT, ldtt)
    cache.clear()
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    dossiers = response.context["dossiers"]
    assert len(dossiers) == 6
    assert len(six) == len(two)
    alone = {d.pk: _outcome_of(services.evaluate(d.person, d.award, 2020)) for d in dossiers}
    assert {d.pk: d.live_verdict for d in dossiers} == alone
    assert {"pass", "fail"} <= set(alone.values())


def test_the_live_verdicts_are_kept_until_a_service_writes(org, login):
    """Judging is the page's heaviest work: done once, then again only after a write."""
    nomination_list = NominationList.objects.create(unit=org.technical, year=2020)
    person = PersonFactory(unit=org.technical)
    RatingFactory(person=person, year=2020, level=AnnualRating.Level.EXCELLENT)
    registered(person, 2020, "LDTT")
    NominationFactory(
        nomination_list=nomination_list,
        person=person,
        award=Award.objects.get(code="LDTT"),
        status=Nomination.Status.DRAFT,
        verdict="",
    )
    client = login(org.alice)
    url = nomination_list.get_absolute_url()
    with CaptureQueriesContext(connection) as judged:
        assert client.get(url).context["dossiers"][0].live_verdict == "pass"
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).context["dossiers"][0].live_verdict == "pass"
    assert len(kept) < len(judged) - 5
    # A disciplinary measure recorded through its service is an event: the next view judges.
    reprimanded(org.alice.user, person, datetime.date(2020, 6, 1))
    assert client.get(url).context["dossiers"][0].live_verdict == "fail"

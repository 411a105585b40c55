"""A unit's nomination page judges again only the dossiers the unit still edits: a sent list
costs the same SQL queries whatever its length (measured in docs/performance.md: 438 queries for
31 dossiers before)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Nomination, NominationList
from tests.factories import NominationFactory, PersonFactory


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

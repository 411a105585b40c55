"""Officers issuing decisions at the same moment (PostgreSQL): each takes the next number of
the year and the next honour-book entries, none repeated or skipped."""

from awards.models import AwardRecord, Decision
from awards.services import decisions as services
from awards.services import posting as posting_services
from tests.awards.test_decisions import board, end_window
from tests.concurrency import POSTGRESQL_ONLY, at_the_same_moment, recreate_reference_data
from tests.factories import PersonFactory, passed

pytestmark = POSTGRESQL_ONLY

__all__ = ["board"]  # the leadership board fixture, shared with the service tests


def test_officers_issuing_at_once_get_consecutive_numbers(org, board):
    recreate_reference_data()
    drafts = []
    for year in range(2017, 2025):
        passed(PersonFactory(unit=org.technical), year=year)
        posting = posting_services.posting_create(
            actor=org.alice.user, agency=org.agency, year=year
        )
        posting = end_window(
            posting_services.posting_publish(actor=org.alice.user, posting=posting)
        )
        decision = services.decision_create(actor=org.alice.user, posting=posting)
        Decision.objects.filter(pk=decision.pk).update(place="Lạng Sơn")
        drafts.append(decision)
    results = at_the_same_moment(
        *(
            lambda draft=draft: services.decision_issue(actor=org.alice.user, decision=draft)
            for draft in drafts
        )
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(Decision.objects.values_list("number", flat=True)) == list(range(1, 9))
    books = sorted(AwardRecord.objects.values_list("book_number", flat=True))
    assert books == list(range(1, 9))

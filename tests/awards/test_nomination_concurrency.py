"""Two officers act on the same dossier at the same moment: one decides, the other is told why
it cannot (the dossier row is locked by its workflow). PostgreSQL only, as CI runs it."""

import pytest
from django.core.exceptions import ValidationError

from awards.models import Award, Nomination
from awards.services import nominations
from organizations import roles
from organizations.models import Event
from tests.concurrency import (
    POSTGRESQL_ONLY,
    at_the_same_moment,
    meeting_point,
    recreate_reference_data,
)
from tests.factories import PersonFactory, UserFactory
from tests.uploads import pdf

pytestmark = POSTGRESQL_ONLY
YEAR = 2025


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    recreate_reference_data()


def test_two_officers_reviewing_one_dossier_at_once_one_decides(
    org, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    nomination = nominations.nomination_add(
        actor=org.carol.user,
        award=Award.objects.get(code="GIAY_KHEN"),
        year=YEAR,
        person=org.carol.person,
        kind="one_off",
    )
    nominations.nomination_sign(actor=org.carol.user, nomination=nomination, upload=pdf())
    nominations.nomination_edit(
        actor=org.carol.user,
        nomination=nomination,
        achievement_report=nomination.achievement_report,
        justification="Thành tích đột xuất.",
    )
    nominations.nomination_list_submit(
        actor=org.carol.user, nomination_list=nomination.nomination_list
    )
    other = UserFactory(username="oanh", roles=[roles.OFFICER, roles.STAFF])
    PersonFactory(code="OANH", full_name="Đỗ Thị Oanh", unit=org.office, user=other)
    workers = meeting_point(monkeypatch, nominations, "nomination_accepted", "nomination_returned")

    results = at_the_same_moment(
        lambda: nominations.nomination_accept(actor=org.alice.user, nomination=nomination),
        lambda: nominations.nomination_return(
            actor=other, nomination=nomination, comment="Bổ sung minh chứng"
        ),
        workers=workers,
    )

    decided = [r for r in results if isinstance(r, Nomination)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(decided) == 1 and len(refused) == 1, results
    assert "Only a submitted dossier can be reviewed" in refused[0].messages[0]
    assert Nomination.objects.get(pk=nomination.pk).status == decided[0].status
    reviews = Event.objects.filter(verb__in=["nomination_accepted", "nomination_returned"])
    assert reviews.count() == 1

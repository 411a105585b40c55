"""Reading the event log about objects: `Event.objects.for_target(s)` and `recent_events`."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from organizations import selectors
from organizations.actors import SYSTEM
from organizations.events import event_record
from organizations.models import Event, Person, Unit

pytestmark = pytest.mark.usefixtures("english")


def record(target, verb="rating_recorded", year=2019, actor=SYSTEM):
    return event_record(
        actor=actor,
        verb=verb,
        target=target,
        summary=f"{target}: {year}",
        data={"year": year, "level": "good"},
    )


def test_for_target_keeps_the_events_of_that_object_only(org):
    person = org.bob.person
    mine = record(person)
    record(org.carol.person)
    record(org.office, verb="unit_rating_recorded")
    event_record(actor=SYSTEM, verb="staff_imported", summary="import")
    # An event about a unit whose id happens to be the person's is told apart by its type.
    Event.objects.create(
        verb="unit_rating_recorded",
        target_type=ContentType.objects.get_for_model(Unit),
        target_id=str(person.pk),
        summary="same id",
    )
    assert list(Event.objects.for_target(person)) == [mine]


def test_for_targets_keeps_the_events_of_those_objects(org):
    bobs = record(org.bob.person)
    carols = record(org.carol.person)
    record(org.dave.person)
    record(org.office, verb="unit_rating_recorded")
    found = Event.objects.for_targets(Person, [org.bob.person.pk, org.carol.person.pk])
    assert set(found) == {bobs, carols}
    assert list(Event.objects.for_targets(Person, [])) == []


def test_recent_events_are_newest_first_limited_and_read_in_the_users_language(org):
    now = timezone.now()
    for year in (2018, 2019, 2017):
        event = record(org.bob.person, year=year, actor=org.alice.user)
        Event.objects.filter(pk=event.pk).update(
            created_at=now - datetime.timedelta(days=2020 - year)
        )
    recent = selectors.recent_events(org.bob.person, limit=2)
    assert [description for _event, description in recent] == [
        "Rating for 2019 recorded: Well completed duties",
        "Rating for 2018 recorded: Well completed duties",
    ]
    assert recent[0][0].actor_name == "Nguyễn Thị Alice"


def test_recent_events_cost_one_query_whatever_their_number(org, django_assert_num_queries):
    for year in range(2000, 2020):
        record(org.bob.person, year=year, actor=org.alice.user)
    with django_assert_num_queries(1):
        recent = selectors.recent_events(org.bob.person, limit=10)
        names = [event.actor_name for event, _description in recent]
    assert names == ["Nguyễn Thị Alice"] * 10

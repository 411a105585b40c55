"""Audit history on every domain model (issue "Trust"): each write keeps the row as it was
(django-simple-history), batch writes included, and the emulation officer reads on the object's
page what each write changed, field by field, under the event that says who did it; ballots keep
no history, so the secret holds."""

import datetime

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.models import Ballot, BallotParticipation, PostingEntry
from awards.services import posting as posting_services
from campaigns import services
from organizations.audit import timeline
from tests.factories import PersonFactory, passed
from tests.security.test_audit_trail import entries

pytestmark = pytest.mark.usefixtures("english")

# The models that keep no history, and why.
WITHOUT_HISTORY = {
    # A row per vote with its time and its voter's session would undo the secret ballot.
    Ballot,
    BallotParticipation,
    # The register's counter: each number taken is already a decision's or a submission's.
    apps.get_model("awards", "DocumentSequence"),
    # The event log is the history; notices are messages, not records.
    apps.get_model("organizations", "Event"),
    apps.get_model("organizations", "Notification"),
    # A job is a request's progress and its file, not a record of the agency.
    apps.get_model("organizations", "Job"),
    # A counter of changes that keeps the cached summaries fresh, not a record of the agency.
    apps.get_model("organizations", "SummaryVersion"),
}


def test_every_domain_model_keeps_its_history_and_ballots_none():
    missing = [
        model.__name__
        for app in ("organizations", "campaigns", "awards", "dashboards")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
        and model not in WITHOUT_HISTORY
        and not hasattr(model, "history")
    ]
    assert missing == []
    assert not hasattr(Ballot, "history") and not hasattr(BallotParticipation, "history")
    assert not any(model.__name__ == "HistoricalBallot" for model in apps.get_models())


def test_an_edit_reads_field_by_field_under_its_event(org, login, campaign):
    old_name = campaign.name
    services.campaign_save(actor=org.alice.user, campaign=campaign, name="Phong trào đổi tên")
    trail = entries(login(org.alice).get(campaign.get_absolute_url()))
    edited = [entry for entry in trail if "Campaign edited" in entry]
    assert len(edited) == 1
    assert f"Name: {old_name} → Phong trào đổi tên" in edited[0]
    assert "Nguyễn Thị Alice" in edited[0]
    # Said once: the change is not repeated as an entry of its own.
    assert sum("Phong trào đổi tên" in entry and "→" in entry for entry in trail) == 1


def test_a_repair_outside_the_services_reads_as_a_change_of_its_own(
    org, login, campaign, admin_user
):
    campaign.launch_event = "Lễ phát động tại Thành phố Lạng Sơn"
    campaign._history_user = admin_user
    campaign.save()
    # An hour later than everything the fixture did, so no event stands beside it.
    repair = campaign.history.latest("history_date")
    repair.history_date += datetime.timedelta(hours=1)
    repair.save()
    trail = entries(login(org.alice).get(campaign.get_absolute_url()))
    assert trail[0].startswith(f"{timezone.localtime(repair.history_date):%d/%m/%Y}")
    assert "admin: Changed" in trail[0] and "→ Lễ phát động tại Thành phố Lạng Sơn" in trail[0]


def test_a_persons_page_shows_the_officer_what_changed_and_colleagues_nothing(org, login):
    person = org.bob.person
    person.position = "Chuyên viên chính"
    person._history_user = org.alice.user
    person.save()
    trail = entries(login(org.alice).get(person.get_absolute_url()))
    assert any("Position:" in entry and "→ Chuyên viên chính" in entry for entry in trail)
    assert entries(login(org.carol).get(person.get_absolute_url())) == []
    assert entries(login(org.bob).get(person.get_absolute_url())) == []


def test_batch_writes_keep_a_history_row_each_in_the_actors_name(org):
    passed(PersonFactory(unit=org.technical, full_name="Vũ Thị Hoa"))
    passed(PersonFactory(unit=org.office, full_name="Đỗ Văn Nam"))
    posting = posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    rows = PostingEntry.history.filter(posting_id=posting.pk)
    assert rows.count() == posting.entries.count() == 2
    assert {row.history_user for row in rows} == {org.alice.user}
    assert {row.history_type for row in rows} == {"+"}


def test_the_timeline_costs_the_same_whatever_its_length(
    org, campaign, django_assert_max_num_queries
):
    for number in range(3):
        services.campaign_save(actor=org.alice.user, campaign=campaign, name=f"Tên {number}")
    with django_assert_max_num_queries(5) as few:
        short = timeline(campaign)
    for number in range(3, 20):
        services.campaign_save(actor=org.alice.user, campaign=campaign, name=f"Tên {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        long = timeline(campaign)
    assert len(long) > len(short)
    assert "Tên 19" in long[0].changes[0].new


def test_a_time_that_changed_reads_in_the_portals_time_zone(org, login, covenant_in_force):
    """Stored in UTC, shown as the event beside it is: in Hanoi time (UTC+7)."""
    covenant_in_force.refresh_from_db()
    trail = entries(login(org.alice).get(covenant_in_force.get_absolute_url()))
    change = next(entry for entry in trail if "In force since" in entry)
    local = timezone.localtime(covenant_in_force.in_force_at)
    assert f"In force since: — → {local:%d/%m/%Y %H:%M}" in change
    utc = covenant_in_force.in_force_at.astimezone(datetime.UTC)
    assert f"{utc:%d/%m/%Y %H:%M}" not in change


def test_the_trail_is_kept_until_the_next_event_or_repair(org, login, campaign, admin_user):
    client = login(org.alice)
    url = campaign.get_absolute_url()
    entries(client.get(url))
    with CaptureQueriesContext(connection) as kept:
        first = entries(client.get(url))
    cache.clear()
    with CaptureQueriesContext(connection) as drawn:
        assert entries(client.get(url)) == first
    # Kept, the trail reads only the latest history row's number, not the rows.
    history = [
        len([q for q in queries if "historicalcampaign" in q["sql"]]) for queries in (kept, drawn)
    ]
    assert history == [1, 2]
    # A repair in the admin leaves a history row and no event: the next view shows it.
    campaign.launch_event = "Hội trường Sở, tầng 3"
    campaign._history_user = admin_user
    campaign.save()
    assert any("→ Hội trường Sở, tầng 3" in entry for entry in entries(client.get(url)))
    services.campaign_save(actor=org.alice.user, campaign=campaign, name="Phong trào mới")
    assert "Campaign edited" in entries(client.get(url))[0]

"""`manage.py notify_deadlines`: what falls due soon, each deadline announced once."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign, Milestone, Party
from organizations.models import Event, Notification
from tests.factories import CampaignFactory, FocusAreaFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")


def run(*args) -> str:
    out = StringIO()
    call_command("notify_deadlines", *args, stdout=out)
    return out.getvalue()


class NewNotices:
    """The notifications created after the fixtures (which announce the launch and the opening)."""

    def __init__(self):
        self.since = Notification.objects.aggregate(last=Max("id"))["last"] or 0

    def all(self):
        return Notification.objects.filter(id__gt=self.since).order_by("id")

    def titles(self, user) -> list[str]:
        return list(self.all().filter(recipient=user).values_list("title", flat=True))


@pytest.fixture
def notices(db):
    """List it after the fixtures that build the data, so it counts only what came later."""
    return NewNotices()


def deadline_events():
    return Event.objects.filter(verb="deadline_notified")


def add_milestone(campaign, actor, day, title, kind):
    return services.milestone_save(
        actor=actor, milestone=Milestone(campaign=campaign), date=day, title=title, kind=kind
    )


# Commitments


def test_it_tells_each_representative_of_commitments_due_within_a_week(
    org, leader, covenant_in_force, notices
):
    output = run("--today", "2020-12-26")
    assert "3 commitment(s)" in output
    for party in covenant_in_force.parties.select_related("unit", "representative__user"):
        user = party.representative.user
        theirs = notices.all().filter(recipient=user)
        assert theirs.count() == 1, party.unit
        notice = theirs.get()
        assert notice.title == f"Commitments of {party.unit} due soon"
        assert "31/12/2020" in notice.body
        assert "100% hồ sơ công việc" in notice.body
        assert notice.url == reverse("campaigns:party_progress", args=[party.pk])
    events = deadline_events()
    assert events.count() == 3
    commitment_ids = set(
        covenant_in_force.parties.values_list("commitments__id", flat=True).distinct()
    )
    assert {event.data["commitment"] for event in events} == commitment_ids
    assert {event.data["date"] for event in events} == {"2020-12-31"}
    assert {event.data["sent_on"] for event in events} == {"2020-12-26"}
    assert all(event.actor is None for event in events)


def test_running_twice_announces_nothing_twice(org, leader, covenant_in_force, notices):
    run("--today", "2020-12-26")
    sent, events = notices.all().count(), deadline_events().count()
    output = run("--today", "2020-12-26")
    assert "0 commitment(s)" in output
    # The next day the same deadline is still in the window: it was announced already.
    run("--today", "2020-12-27")
    assert notices.all().count() == sent
    assert deadline_events().count() == events


def test_the_window_defaults_to_seven_days(org, leader, covenant_in_force, notices):
    run("--today", "2020-12-23")  # due in 8 days
    assert not notices.all().exists()
    run("--today", "2020-12-23", "--days", "8")
    assert notices.all().count() == 3


def test_a_commitment_already_past_is_not_announced(org, leader, covenant_in_force, notices):
    run("--today", "2021-01-01")
    assert not notices.all().exists()
    assert not deadline_events().exists()


def test_a_commitment_reported_as_met_is_skipped(org, leader, covenant_in_force, notices):
    party = covenant_in_force.parties.get(unit=org.technical)
    services.report_submit(
        actor=org.carol.user,
        commitment=party.commitments.get(),
        period="Q3",
        status="met",
        value=Decimal(100),
    )
    run("--today", "2020-12-26")
    assert notices.titles(org.carol.user) == []
    assert notices.titles(org.dave.user) == ["Commitments of Công đoàn cơ sở due soon"]
    assert deadline_events().count() == 2


def test_a_report_not_yet_met_does_not_stop_the_reminder(org, leader, covenant_in_force, notices):
    party = covenant_in_force.parties.get(unit=org.technical)
    services.report_submit(
        actor=org.carol.user,
        commitment=party.commitments.get(),
        period="Q3",
        status="at_risk",
        value=Decimal(60),
    )
    run("--today", "2020-12-26")
    assert len(notices.titles(org.carol.user)) == 1


def test_a_covenant_not_in_force_is_left_alone(org, leader, covenant, notices):
    run("--today", "2020-12-26")
    # Opening the covenant notified the representatives; the deadline run adds nothing.
    assert not notices.all().filter(title__contains="due soon").exists()
    assert not deadline_events().exists()


def test_a_representative_without_a_login_hears_once_one_exists(
    org, leader, covenant_in_force, notices
):
    person = PersonFactory(code="NOLOGIN", full_name="Vi Văn Không", unit=org.technical)
    Party.objects.filter(covenant=covenant_in_force, unit=org.technical).update(
        representative=person
    )
    run("--today", "2020-12-26")
    assert deadline_events().count() == 2  # nothing recorded for the party nobody can read
    person.user = UserFactory(username="khong")
    person.save()
    run("--today", "2020-12-27")
    assert notices.titles(person.user) == [f"Commitments of {org.technical} due soon"]
    assert deadline_events().count() == 3


# Milestones


def test_it_tells_the_agency_of_deadlines_and_reviews_within_the_window(
    org, leader, campaign, notices
):
    add_milestone(
        campaign, org.alice.user, datetime.date(2020, 12, 10), "Hạn nộp hồ sơ", "deadline"
    )
    add_milestone(campaign, org.alice.user, datetime.date(2020, 12, 12), "Tổng kết", "review")
    add_milestone(campaign, org.alice.user, datetime.date(2020, 12, 11), "Kỷ niệm", "commemoration")
    add_milestone(campaign, org.alice.user, datetime.date(2020, 12, 20), "Hội nghị", "review")
    output = run("--today", "2020-12-05")
    assert "2 milestone(s)" in output
    agency = [org.alice, org.bob, org.carol, org.dave, leader]
    for persona in agency:
        assert sorted(notices.titles(persona.user)) == [
            "Deadline on 10/12/2020: Hạn nộp hồ sơ",
            "Review on 12/12/2020: Tổng kết",
        ], persona.user.username
    assert notices.titles(org.charlie.user) == []
    notice = notices.all().filter(recipient=org.bob.user).first()
    assert notice.url == campaign.get_absolute_url()
    assert notice.body == campaign.name
    assert {event.data["date"] for event in deadline_events()} == {"2020-12-10", "2020-12-12"}
    assert "milestone" in deadline_events().first().data


def test_a_milestone_is_announced_once_and_again_when_its_date_moves(
    org, leader, campaign, notices
):
    milestone = add_milestone(
        campaign, org.alice.user, datetime.date(2020, 12, 10), "Hạn nộp hồ sơ", "deadline"
    )
    run("--today", "2020-12-05")
    run("--today", "2020-12-05")
    run("--today", "2020-12-06")
    assert notices.titles(org.bob.user) == ["Deadline on 10/12/2020: Hạn nộp hồ sơ"]
    services.milestone_save(
        actor=org.alice.user, milestone=milestone, date=datetime.date(2020, 12, 11)
    )
    run("--today", "2020-12-06")
    assert len(notices.titles(org.bob.user)) == 2
    assert deadline_events().count() == 2


def test_campaigns_in_draft_or_closed_are_left_alone(org, leader, campaign, notices):
    draft = CampaignFactory(organiser=org.agency, name="Năm 2021", status=Campaign.Status.DRAFT)
    FocusAreaFactory(campaign=draft, number=1)
    add_milestone(campaign, org.alice.user, datetime.date(2020, 12, 10), "Hạn nộp", "deadline")
    review = services.review_open(actor=org.alice.user, campaign=campaign, kind="final")
    services.review_conclude(actor=org.alice.user, review=review, conclusions="Xong.", snapshot={})
    Milestone.objects.create(
        campaign=draft, date=datetime.date(2020, 12, 10), title="Nháp", kind="deadline"
    )
    run("--today", "2020-12-05")
    assert not notices.all().filter(title__startswith="Deadline").exists()
    assert not deadline_events().exists()


def test_a_campaign_under_review_still_hears_of_its_deadlines(org, leader, campaign, notices):
    add_milestone(campaign, org.alice.user, datetime.date(2020, 6, 30), "Sơ kết", "review")
    services.review_open(actor=org.alice.user, campaign=campaign, kind="interim")
    run("--today", "2020-06-25")
    assert notices.titles(org.bob.user)[0] == "Review on 30/06/2020: Sơ kết"


# Bad input


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="not a date; write it as YYYY-MM-DD"):
        run("--today", "31/12/2020")


def test_a_negative_window_is_refused(db):
    with pytest.raises(CommandError, match="cannot be negative"):
        run("--days", "-1")


def test_representatives_with_an_address_are_e_mailed_once_the_run_commits(
    org,
    leader,
    covenant_in_force,
    notices,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.PORTAL_URL = "https://thidua.langson.gov.vn"
    leader.user.email = "lena@skhcn.example"
    leader.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        run("--today", "2020-12-26")
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [
        ("Commitments of Ban lãnh đạo Sở due soon", ["lena@skhcn.example"])
    ]
    party = covenant_in_force.parties.get(unit=leader.unit)
    link = "https://thidua.langson.gov.vn" + reverse("campaigns:party_progress", args=[party.pk])
    assert link in mailoutbox[0].body


# Run by the job workers


@pytest.mark.django_db(transaction=True)
def test_the_command_hands_the_work_to_the_job_workers(org, leader, covenant_in_force, settings):
    settings.TASKS = {
        "default": {"BACKEND": settings.TASK_BACKENDS["database"], "QUEUES": ["default"]}
    }
    notices = NewNotices()
    output = run("--today", "2020-12-26")
    assert "handed to the job workers" in output
    assert not notices.all().exists() and not deadline_events().exists()

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert deadline_events().count() == 3
    assert notices.all().count() == 3


def test_now_does_the_work_in_the_command_itself(org, leader, covenant_in_force, notices, settings):
    settings.TASKS = {
        "default": {"BACKEND": settings.TASK_BACKENDS["database"], "QUEUES": ["default"]}
    }
    output = run("--today", "2020-12-26", "--now")
    assert "3 commitment(s)" in output
    assert notices.all().count() == 3

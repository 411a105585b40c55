"""Every model is in the admin with search and filters that work; the audit log and a person's
HR records are shown there, never written there."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations import services
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    Event,
    Job,
    Notification,
    SummaryVersion,
)
from organizations.notifications import notify
from tests.admin_pages import app_models, change_form_data, changelist_url, unjoined_foreign_keys
from tests.factories import (
    DisciplineFactory,
    LeaveFactory,
    MembershipFactory,
    PendingReviewFactory,
    PersonFactory,
    RatingFactory,
    UnitFactory,
)

# Every model but the cache's bookkeeping (organizations.summaries): a counter of changes,
# nothing an administrator reads or repairs.
MODELS = [model for model in app_models("organizations") if model is not SummaryVersion]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered_with_search_filters_and_joins(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    assert model_admin.list_filter
    assert model_admin.list_select_related
    assert unjoined_foreign_keys(model_admin) == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_searches_and_filters(org, client, django_user_model, model):
    RatingFactory(person=org.bob.person)
    DisciplineFactory(person=org.bob.person)
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    url = reverse(f"admin:organizations_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "Bob"}).status_code == 200


def test_staff_cannot_open_the_admin(org, login):
    response = login(org.bob).get(reverse("admin:index"))
    assert response.status_code == 302


def add_records(org, number):
    """Add a person of VP with a record of every kind, an event, a notice and a job."""
    person = PersonFactory(unit=org.office, full_name=f"Nguyễn Văn Số {number}")
    MembershipFactory(person=person, organisation=org.union)
    services.rating_record(actor=org.alice.user, person=person, year=2019, level="good")
    DisciplineFactory(person=person)
    PendingReviewFactory(person=person)
    LeaveFactory(person=person)
    unit = UnitFactory(code=f"TO{number}", name=f"Tổ số {number}", parent=org.office)
    services.unit_rating_record(actor=org.alice.user, unit=unit, year=2019, level="good")
    notify(recipients=[org.bob.user], title=f"Thông báo số {number}")
    Job.objects.create(owner=org.bob.user, kind="awards.history_export", title=f"Việc {number}")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_changelist_costs_the_same_queries_for_one_row_or_five(org, admin_client, model):
    add_records(org, 1)
    one, _ = queries(admin_client, changelist_url(model))
    for number in range(2, 6):
        add_records(org, number)
    five, response = queries(admin_client, changelist_url(model))
    assert response.context["cl"].result_count >= 5
    assert five == one
    row = response.context["cl"].result_list[0]
    meta = model._meta
    page = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
    assert admin_client.get(page).status_code == 200


def test_an_event_cannot_be_forged_in_the_admin(org, admin_client):
    """The audit log is written by the services only: no adding, changing or deleting rows."""
    services.rating_record(actor=org.alice.user, person=org.bob.person, year=2019, level="good")
    event = Event.objects.get()
    add = reverse("admin:organizations_event_add")
    assert admin_client.get(add).status_code == 403
    forged = {"verb": "rating_recorded", "summary": "Xếp loại giả", "created_at_0": "01/01/2020"}
    assert admin_client.post(add, forged).status_code == 403
    change = reverse("admin:organizations_event_change", args=[event.pk])
    assert admin_client.get(change).status_code == 200  # read, not written
    assert admin_client.post(change, forged).status_code == 403
    delete = reverse("admin:organizations_event_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert list(Event.objects.values_list("summary", flat=True)) == [event.summary]


def test_a_notification_may_be_deleted_but_not_written_in_the_admin(org, admin_client):
    notice = notify(recipients=[org.bob.user], title="Phong trào đã phát động")[0]
    assert admin_client.get(reverse("admin:organizations_notification_add")).status_code == 403
    change = reverse("admin:organizations_notification_change", args=[notice.pk])
    assert admin_client.post(change, {"title": "Sửa"}).status_code == 403
    delete = reverse("admin:organizations_notification_delete", args=[notice.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Notification.objects.exists()


def test_a_persons_hr_records_are_shown_not_edited_on_the_persons_admin_page(org, admin_client):
    person = org.bob.person
    RatingFactory(person=person, year=2019, level=AnnualRating.Level.GOOD)
    DisciplineFactory(person=person)
    url = reverse("admin:organizations_person_change", args=[person.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert person.get_absolute_url() in page.text  # where they are recorded
    assert 'name="ratings-0-level"' not in page.text
    assert 'name="disciplines-0-form"' not in page.text
    data = change_form_data(page)
    data.update(
        {
            "ratings-TOTAL_FORMS": "2",
            "ratings-1-year": "2018",
            "ratings-1-level": AnnualRating.Level.EXCELLENT,
            "ratings-0-id": str(person.ratings.get().pk),
            "ratings-0-level": AnnualRating.Level.EXCELLENT,
            "disciplines-0-DELETE": "on",
        }
    )
    assert admin_client.post(url, data).status_code == 302
    assert list(person.ratings.values_list("year", "level")) == [(2019, "good")]
    assert DisciplineRecord.objects.filter(person=person).count() == 1
    assert person.start_date == datetime.date(2015, 1, 1)


def test_moving_a_unit_in_the_admin_moves_the_units_below_it(org, admin_client):
    team = UnitFactory(code="TO1", name="Tổ một", parent=org.technical)
    url = reverse("admin:organizations_unit_change", args=[org.technical.pk])
    data = change_form_data(admin_client.get(url))
    data["parent"] = str(org.office.pk)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.path == "/SKHCN/VP/KT/TO1/"
    assert Event.objects.for_target(org.technical).filter(verb="unit_moved").exists()

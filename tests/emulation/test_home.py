from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations import roles, services
from tests.factories import RatingFactory, UserFactory

HOME = reverse("home")


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_sees_its_record_and_no_officer_tasks(org, login):
    RatingFactory(person=org.bob.person, year=2019, level="excellent")
    response = login(org.bob).get(HOME)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trần Văn Bob" in body
    assert reverse("organizations:import_upload") not in body
    assert "ratings" not in response.context


def test_officer_sees_who_is_missing_a_rating_for_last_year(org, login):
    response = login(org.alice).get(HOME)
    summary = response.context["ratings"]
    assert (summary["year"], summary["total"], summary["missing"]) == (
        response.context["last_year"],
        4,
        4,
    )
    assert reverse("organizations:import_upload") in response.content.decode()


def test_the_summary_follows_the_latest_rated_year(org, login):
    RatingFactory(person=org.bob.person, year=2019)
    RatingFactory(person=org.bob.person, year=2018)
    summary = login(org.alice).get(HOME).context["ratings"]
    assert (summary["year"], summary["rated"], summary["missing"]) == (2019, 1, 3)


def test_rating_summary_counts_by_level(org, login, django_capture_on_commit_callbacks):
    response = login(org.alice).get(HOME)
    year = response.context["last_year"]
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_record(
            actor=org.alice.user, person=org.bob.person, year=year, level="excellent"
        )
        services.rating_record(
            actor=org.alice.user, person=org.carol.person, year=year, level="good"
        )
    summary = login(org.alice).get(HOME).context["ratings"]
    assert (summary["rated"], summary["missing"]) == (2, 2)
    counts = {row["level"]: row["count"] for row in summary["levels"]}
    assert counts == {"excellent": 1, "good": 1, "completed": 0, "not_completed": 0}


def aggregates(queries) -> list[str]:
    """The summary's count of the ratings by level (the people are counted beside it)."""
    return [
        query["sql"]
        for query in queries
        if 'COUNT("organizations_annualrating"."id")' in query["sql"]
    ]


def test_the_summary_is_counted_once_until_a_rating_or_a_person_changes(
    org, login, django_capture_on_commit_callbacks
):
    client = login(org.alice)
    year = client.get(HOME).context["last_year"]
    with CaptureQueriesContext(connection) as again:
        summary = client.get(HOME).context["ratings"]
    assert aggregates(again) == []  # kept, not recounted
    assert summary["rated"] == 0

    # A rating recorded through the service: counted again on the next view, in every process.
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_record(
            actor=org.alice.user, person=org.bob.person, year=year, level="excellent"
        )
    with CaptureQueriesContext(connection) as after:
        summary = client.get(HOME).context["ratings"]
    assert len(aggregates(after)) == 1
    assert (summary["rated"], summary["missing"]) == (1, 3)
    # Another reader with another scope has a summary of its own.
    assert login(org.carol).get(HOME).context["ratings"]["total"] == 2


def test_unit_head_summary_covers_its_unit_only(org, login):
    summary = login(org.carol).get(HOME).context["ratings"]
    assert summary["total"] == 2  # carol and dave in KT


def test_union_chair_sees_the_union_it_chairs(org, login):
    response = login(org.dave).get(HOME)
    chaired = list(response.context["chaired"])
    assert [(u.code, u.member_count) for u in chaired] == [("CD", 2)]


def test_a_login_without_a_person_is_told_what_to_do(db, client):
    user = UserFactory(username="lonely", roles=[roles.STAFF])
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    assert 'data-testid="empty-state"' in response.content.decode()


def test_healthz_answers_without_sign_in(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_a_load_balancers_head_and_refuses_a_post(client, db):
    assert client.head(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405

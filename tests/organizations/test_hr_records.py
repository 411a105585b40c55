"""Recording annual ratings and discipline from the person page."""

import datetime

import pytest
from django.urls import reverse

from organizations.models import AnnualRating, DisciplineRecord, Event
from tests.factories import RatingFactory


def rating_url(code):
    return reverse("organizations:rating_add", args=[code])


def discipline_url(code):
    return reverse("organizations:discipline_add", args=[code])


def snapshot():
    return (AnnualRating.objects.count(), DisciplineRecord.objects.count(), Event.objects.count())


def test_officer_records_a_rating(org, login):
    client = login(org.alice)
    assert client.get(rating_url("BOB")).status_code == 200
    response = client.post(rating_url("BOB"), {"year": 2019, "level": "excellent", "note": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:person_detail", args=["BOB"])
    rating = AnnualRating.objects.get(person=org.bob.person)
    assert (rating.year, rating.level) == (2019, "excellent")
    event = Event.objects.get(verb="rating_recorded")
    assert event.actor == org.alice.user
    assert event.target == org.bob.person


def test_a_second_rating_for_the_same_year_is_refused(org, login):
    RatingFactory(person=org.bob.person, year=2019, level="good")
    before = snapshot()
    response = login(org.alice).post(rating_url("BOB"), {"year": 2019, "level": "excellent"})
    assert response.status_code == 200
    assert "đã có xếp loại năm 2019" in str(response.context["form"].errors)
    assert snapshot() == before
    assert AnnualRating.objects.get(person=org.bob.person).level == "good"


def test_a_rating_for_a_future_year_is_refused(org, login):
    before = snapshot()
    next_year = datetime.date.today().year + 1
    response = login(org.alice).post(rating_url("BOB"), {"year": next_year, "level": "good"})
    assert response.status_code == 200
    assert "năm chưa đến" in str(response.context["form"].errors)
    assert snapshot() == before


@pytest.mark.parametrize("level", ["", "superb"])
def test_a_rating_with_no_valid_level_is_refused(org, login, level):
    before = snapshot()
    response = login(org.alice).post(rating_url("BOB"), {"year": 2019, "level": level})
    assert response.status_code == 200
    assert response.context["form"].errors["level"]
    assert snapshot() == before


def test_staff_may_not_record_ratings(org, login):
    client = login(org.bob)
    assert client.get(rating_url("ALICE")).status_code == 403
    assert client.post(rating_url("ALICE"), {"year": 2019, "level": "good"}).status_code == 403
    assert not AnnualRating.objects.exists()


def test_unit_head_may_not_record_ratings(org, login):
    assert (
        login(org.carol).post(rating_url("DAVE"), {"year": 2019, "level": "good"}).status_code
        == 403
    )


def test_recording_is_404_outside_scope(org, login):
    assert (
        login(org.charlie).post(rating_url("BOB"), {"year": 2019, "level": "good"}).status_code
        == 404
    )
    assert login(org.bob).post(discipline_url("CAROL"), {}).status_code == 404


def test_officer_records_discipline(org, login):
    response = login(org.alice).post(
        discipline_url("CAROL"),
        {
            "form": "warning",
            "decision_number": "15/QĐ-SKHCN",
            "start_date": "01/04/2019",
            "end_date": "31/03/2020",
            "reason": "Vi phạm quy định về thời giờ làm việc",
        },
    )
    assert response.status_code == 302
    record = DisciplineRecord.objects.get(person=org.carol.person)
    assert record.start_date == datetime.date(2019, 4, 1)
    assert record.end_date == datetime.date(2020, 3, 31)
    assert Event.objects.filter(verb="discipline_recorded", actor=org.alice.user).exists()


def test_discipline_ending_before_it_starts_is_refused(org, login):
    before = snapshot()
    response = login(org.alice).post(
        discipline_url("CAROL"),
        {"form": "reprimand", "start_date": "01/04/2019", "end_date": "01/03/2019", "reason": "x"},
    )
    assert response.status_code == 200
    assert "không thể kết thúc trước khi bắt đầu" in str(response.context["form"].errors)
    assert snapshot() == before


def test_discipline_with_a_bad_date_is_refused(org, login):
    before = snapshot()
    response = login(org.alice).post(
        discipline_url("CAROL"),
        {"form": "reprimand", "start_date": "31/02/2019", "reason": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"]
    assert snapshot() == before


def test_staff_may_not_record_discipline(org, login):
    response = login(org.bob).post(
        discipline_url("ALICE"), {"form": "reprimand", "start_date": "01/04/2019", "reason": "x"}
    )
    assert response.status_code == 403
    assert not DisciplineRecord.objects.exists()

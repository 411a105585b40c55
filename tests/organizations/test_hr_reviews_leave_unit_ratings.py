"""Pending reviews (open, close), long leave and unit ratings from the person and unit pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from organizations import services
from organizations.models import Event, LeaveRecord, PendingReview, UnitRating
from tests.factories import LeaveFactory, PendingReviewFactory, UnitRatingFactory

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date


def review_url(code):
    return reverse("organizations:pending_review_add", args=[code])


def close_url(code, pk):
    return reverse("organizations:pending_review_close", args=[code, pk])


def leave_url(code):
    return reverse("organizations:leave_add", args=[code])


def unit_rating_url(code):
    return reverse("organizations:unit_rating_add", args=[code])


def snapshot():
    return (
        PendingReview.objects.count(),
        list(PendingReview.objects.values_list("closed_on", flat=True)),
        LeaveRecord.objects.count(),
        UnitRating.objects.count(),
        Event.objects.count(),
    )


def errors(response):
    return str(response.context["form"].errors)


# --- pending reviews --------------------------------------------------------------------------


def test_officer_records_a_pending_review(org, login):
    client = login(org.alice)
    assert client.get(review_url("BOB")).status_code == 200
    response = client.post(
        review_url("BOB"),
        {"kind": "complaint", "opened_on": "16/11/2020", "reference": "Đơn ngày 12/11/2020"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:person_detail", args=["BOB"])
    review = PendingReview.objects.get(person=org.bob.person)
    assert (review.kind, review.opened_on, review.closed_on) == ("complaint", D(2020, 11, 16), None)
    event = Event.objects.get(verb="pending_review_opened")
    assert (event.actor, event.target) == (org.alice.user, org.bob.person)
    page = client.get(reverse("organizations:person_detail", args=["BOB"])).text
    assert "Complaint or denunciation being verified" in page
    assert "16/11/2020" in page
    assert close_url("BOB", review.pk) in page
    assert "Pending review opened: Complaint or denunciation being verified" in page


def test_officer_closes_a_pending_review(org, login):
    review = PendingReviewFactory(person=org.bob.person, opened_on=D(2020, 11, 16))
    client = login(org.alice)
    page = client.get(close_url("BOB", review.pk))
    assert page.status_code == 200
    assert "opened on 16/11/2020" in page.text
    response = client.post(
        close_url("BOB", review.pk), {"closed_on": "15/01/2021", "note": "Không có vi phạm"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.closed_on == D(2021, 1, 15)
    assert "Không có vi phạm" in review.note
    assert Event.objects.filter(verb="pending_review_closed", actor=org.alice.user).exists()


def test_closing_a_review_before_it_opened_is_refused(org, login):
    review = PendingReviewFactory(person=org.bob.person, opened_on=D(2020, 11, 16))
    before = snapshot()
    response = login(org.alice).post(close_url("BOB", review.pk), {"closed_on": "01/11/2020"})
    assert response.status_code == 200
    assert "A review cannot be closed before the day it was opened." in errors(response)
    assert snapshot() == before


def test_closing_a_review_twice_is_refused(org, login):
    review = PendingReviewFactory(
        person=org.bob.person, opened_on=D(2020, 11, 16), closed_on=D(2021, 1, 15)
    )
    before = snapshot()
    response = login(org.alice).post(close_url("BOB", review.pk), {"closed_on": "20/01/2021"})
    assert response.status_code == 200
    assert "This review was already closed on 15/01/2021." in errors(response)
    assert snapshot() == before


def test_the_service_refuses_a_second_closing_in_english(org):
    review = PendingReviewFactory(
        person=org.bob.person, opened_on=D(2020, 11, 16), closed_on=D(2021, 1, 15)
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.pending_review_close(actor=org.alice.user, review=review, closed_on=D(2021, 2, 1))
    assert error.value.messages == ["This review was already closed on 15/01/2021."]


def test_a_review_opened_in_the_future_is_refused(org, login):
    before = snapshot()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = login(org.alice).post(
        review_url("BOB"), {"kind": "inspection", "opened_on": tomorrow}
    )
    assert response.status_code == 200
    assert "A review cannot be opened in the future." in errors(response)
    assert snapshot() == before


def test_a_review_with_no_kind_is_refused(org, login):
    before = snapshot()
    response = login(org.alice).post(review_url("BOB"), {"kind": "", "opened_on": "01/02/2020"})
    assert response.context["form"].errors["kind"]
    assert snapshot() == before


def test_staff_may_not_record_or_close_reviews(org, login):
    review = PendingReviewFactory(person=org.alice.person)
    client = login(org.bob)
    assert client.get(review_url("ALICE")).status_code == 403
    assert (
        client.post(review_url("ALICE"), {"kind": "complaint", "opened_on": "01/02/2020"})
    ).status_code == 403
    assert (
        client.post(close_url("ALICE", review.pk), {"closed_on": "01/03/2021"}).status_code == 403
    )
    review.refresh_from_db()
    assert review.closed_on is None
    assert PendingReview.objects.count() == 1


def test_reviews_are_404_outside_scope(org, login):
    review = PendingReviewFactory(person=org.bob.person)
    client = login(org.charlie)
    assert client.get(review_url("BOB")).status_code == 404
    assert client.post(close_url("BOB", review.pk), {"closed_on": "01/03/2021"}).status_code == 404


def test_a_review_is_closed_only_under_its_own_person(org, login):
    review = PendingReviewFactory(person=org.bob.person)
    response = login(org.alice).post(close_url("CAROL", review.pk), {"closed_on": "01/03/2021"})
    assert response.status_code == 404


# --- long leave -------------------------------------------------------------------------------


def test_officer_records_a_maternity_leave(org, login):
    client = login(org.alice)
    assert client.get(leave_url("BOB")).status_code == 200
    response = client.post(
        leave_url("BOB"),
        {"kind": "maternity", "start_date": "02/03/2020", "end_date": "31/08/2020"},
    )
    assert response.status_code == 302
    leave = LeaveRecord.objects.get(person=org.bob.person)
    assert (leave.kind, leave.start_date, leave.end_date) == (
        "maternity",
        D(2020, 3, 2),
        D(2020, 8, 31),
    )
    page = client.get(reverse("organizations:person_detail", args=["BOB"])).text
    assert "Maternity leave" in page
    assert "Leave recorded: Maternity leave (nghỉ thai sản) from 02/03/2020 to 31/08/2020" in page


def test_officer_records_a_short_training_course__tt_01_2024_art_1_5(org, login, client):
    """Thông tư 01/2024/TT-BNV Khoản 5 Điều 1: a short course counts as working time, so the
    officer records it as its own kind, and the person's page names it in Vietnamese."""
    response = login(org.alice).post(
        leave_url("BOB"),
        {"kind": "training", "start_date": "01/04/2024", "end_date": "30/06/2024"},
    )
    assert response.status_code == 302
    assert LeaveRecord.objects.get(person=org.bob.person).kind == LeaveRecord.Kind.TRAINING
    client.cookies["portal_language"] = "vi"
    page = client.get(reverse("organizations:person_detail", args=["BOB"])).text
    assert "Đào tạo, bồi dưỡng ngắn hạn" in page


def test_a_leave_without_end_date_is_accepted(org, login):
    response = login(org.alice).post(
        leave_url("BOB"), {"kind": "unpaid", "start_date": "01/10/2020", "end_date": ""}
    )
    assert response.status_code == 302
    assert LeaveRecord.objects.get().end_date is None


def test_a_leave_ending_before_it_starts_is_refused(org, login):
    before = snapshot()
    response = login(org.alice).post(
        leave_url("BOB"), {"kind": "sick", "start_date": "01/04/2020", "end_date": "01/03/2020"}
    )
    assert response.status_code == 200
    assert "The leave cannot end before it starts." in errors(response)
    assert snapshot() == before


def test_an_overlapping_leave_is_refused(org, login):
    LeaveFactory(person=org.bob.person, start_date=D(2020, 3, 1), end_date=D(2020, 8, 31))
    before = snapshot()
    response = login(org.alice).post(
        leave_url("BOB"), {"kind": "unpaid", "start_date": "01/08/2020", "end_date": "30/09/2020"}
    )
    assert response.status_code == 200
    assert "This leave overlaps the Maternity leave (nghỉ thai sản) recorded from 01/03/2020" in (
        errors(response)
    )
    assert snapshot() == before


def test_staff_may_not_record_leave_and_outsiders_get_404(org, login):
    data = {"kind": "sick", "start_date": "01/04/2020"}
    assert login(org.bob).post(leave_url("ALICE"), data).status_code == 403
    assert login(org.charlie).post(leave_url("BOB"), data).status_code == 404
    assert not LeaveRecord.objects.exists()


# --- unit ratings -----------------------------------------------------------------------------


def test_officer_records_a_unit_rating(org, login):
    client = login(org.alice)
    assert client.get(unit_rating_url("KT")).status_code == 200
    response = client.post(unit_rating_url("KT"), {"year": 2020, "level": "excellent"})
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:unit_detail", args=["KT"])
    rating = UnitRating.objects.get(unit=org.technical)
    assert (rating.year, rating.level) == (2020, "excellent")
    event = Event.objects.get(verb="unit_rating_recorded")
    assert (event.actor, event.target) == (org.alice.user, org.technical)
    page = client.get(reverse("organizations:unit_detail", args=["KT"])).text
    assert 'data-testid="unit-ratings"' in page
    assert "Excellently completed duties" in page


def test_a_second_unit_rating_for_a_year_is_refused(org, login):
    UnitRatingFactory(unit=org.technical, year=2020, level="good")
    before = snapshot()
    response = login(org.alice).post(unit_rating_url("KT"), {"year": 2020, "level": "excellent"})
    assert response.status_code == 200
    assert "Phòng Quản lý công nghệ already has a rating for 2020." in errors(response)
    assert snapshot() == before
    assert UnitRating.objects.get().level == "good"


def test_a_unit_rating_for_a_future_year_is_refused(org, login):
    before = snapshot()
    next_year = timezone.localdate().year + 1
    response = login(org.alice).post(unit_rating_url("KT"), {"year": next_year, "level": "good"})
    assert response.status_code == 200
    assert "A rating cannot be recorded for a year that has not yet come." in errors(response)
    assert snapshot() == before


def test_staff_and_unit_heads_may_not_rate_units(org, login):
    assert login(org.bob).get(unit_rating_url("VP")).status_code == 403
    assert (
        login(org.carol).post(unit_rating_url("KT"), {"year": 2020, "level": "good"}).status_code
        == 403
    )
    assert not UnitRating.objects.exists()


def test_unit_rating_is_404_outside_scope(org, login):
    assert login(org.charlie).get(unit_rating_url("KT")).status_code == 404
    assert (
        login(org.bob).post(unit_rating_url("KT"), {"year": 2020, "level": "good"}).status_code
        == 404
    )


def test_read_only_pages_hide_the_write_buttons(org, login):
    client = login(org.bob)
    person_page = client.get(reverse("organizations:person_detail", args=["ALICE"])).text
    assert review_url("ALICE") not in person_page
    assert leave_url("ALICE") not in person_page
    unit_page = client.get(reverse("organizations:unit_detail", args=["VP"])).text
    assert unit_rating_url("VP") not in unit_page
    assert "No collective rating recorded yet." in unit_page

"""Public posting (công khai danh sách): the passed list open to anyone for a number of working
days, comments from the public, the officer's answers, and a window the decision waits for
(issue 10, item 1). Every refusal leaves the database as it was."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import (
    Posting,
    PostingComment,
    PublicHoliday,
    working_days_after,
)
from awards.services import posting as services
from organizations.models import Event
from tests.factories import PersonFactory, RatingFactory, passed

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date


@pytest.fixture
def posting(org):
    for name in ("Vũ Thị Hoa", "Đinh Văn Giang"):
        passed(PersonFactory(unit=org.technical, full_name=name))
    return services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)


@pytest.fixture
def published(org, posting):
    return services.posting_publish(actor=org.alice.user, posting=posting)


def test_working_days_skip_weekends_and_public_holidays(db):
    # Friday 18/12/2020 + 5 working days: 21, 22, 23, 24, 25 December.
    assert working_days_after(D(2020, 12, 18), 5) == D(2020, 12, 25)
    # 30/04 and 01/05 are holidays every year (migration 0015); Tết is entered by the officer.
    assert working_days_after(D(2021, 4, 28), 2) == D(2021, 5, 3)
    PublicHoliday.objects.create(day=D(2021, 2, 10), name="Tết Nguyên đán")
    assert working_days_after(D(2021, 2, 8), 2) == D(2021, 2, 11)


def test_the_officer_prepares_the_list_of_the_passed_dossiers(org, posting):
    assert posting.state.draft
    assert [entry.nomination.nominee_name for entry in posting.entries.all()] == [
        "Vũ Thị Hoa",
        "Đinh Văn Giang",
    ]
    assert Event.objects.filter(verb="posting_created").count() == 1
    # The same dossiers are not posted twice.
    before = Posting.objects.count()
    with pytest.raises(Exception, match="passed no dossier of 2020"):
        services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    assert Posting.objects.count() == before


def test_publishing_sets_the_window_and_freezes_the_list(org, posting, login):
    client = login(org.alice)
    entry = posting.entries.first()
    client.post(
        reverse("awards:posting_edit", args=[posting.code]),
        {
            "title": "Danh sách đề nghị 2020",
            "working_days": 7,
            f"summary_{entry.pk}": "Chủ trì 2 đề tài",
        },
    )
    posting.refresh_from_db()
    assert (posting.title, posting.working_days) == ("Danh sách đề nghị 2020", 7)
    client.post(reverse("awards:posting_publish", args=[posting.code]))
    posting.refresh_from_db()
    assert posting.state.published
    assert posting.closes_on == working_days_after(timezone.localdate(), 7)
    assert posting.window_open() and not posting.window_over()
    assert posting.window_over(posting.closes_on + datetime.timedelta(days=1))
    response = client.post(
        reverse("awards:posting_edit", args=[posting.code]), {"title": "Đổi", "working_days": 1}
    )
    assert response.status_code == 302
    assert "it stays as the public read it" in " ".join(
        str(m) for m in response.wsgi_request._messages
    )
    posting.refresh_from_db()
    assert posting.title == "Danh sách đề nghị 2020"


def test_the_public_page_opens_without_signing_in_and_shows_nothing_personal(
    org, client, published
):
    RatingFactory(person=published.entries.first().nomination.person, year=2020, level="excellent")
    page = client.get(published.get_public_url()).content.decode()
    assert "Vũ Thị Hoa" in page and "Phòng Quản lý công nghệ" in page
    assert "Advanced worker" in page or "Lao động tiên tiến" in page
    assert "Excellently completed" not in page and "Báo cáo thành tích" not in page
    assert published.closes_on.strftime("%d/%m/%Y") in page
    assert client.get(reverse("awards:posting_index")).status_code == 200


def test_a_draft_or_unknown_posting_is_not_found_by_the_public(org, client, posting):
    assert client.get(posting.get_public_url()).status_code == 404
    url = reverse("awards:posting_public", args=["3f8c6a1e-0000-4000-8000-000000000000"])
    assert client.get(url).status_code == 404


def comment(client, posting, text="Đề nghị xem xét lại.", **extra):
    return client.post(posting.get_public_url(), {"author": "Nguyễn Văn A", "text": text, **extra})


def test_anyone_comments_and_the_officer_answers_on_the_page(org, client, login, published):
    response = comment(client, published, text="<script>alert(1)</script> Ý kiến")
    assert response.status_code == 302
    page = client.get(published.get_public_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ý kiến" in page
    assert "<script>alert(1)" not in page
    note = PostingComment.objects.get()
    assert note.sender and note.sender != "127.0.0.1"  # the address is never stored
    officer = login(org.alice)
    detail = officer.get(published.get_absolute_url()).content.decode()
    assert "1 comment awaits your answer." in detail
    officer.post(
        reverse("awards:comment_answer", args=[note.pk]),
        {f"c{note.pk}-answer": "Đã kiểm tra, hồ sơ đúng quy định."},
    )
    note.refresh_from_db()
    assert note.status == PostingComment.Status.ANSWERED
    client.logout()
    page = client.get(published.get_public_url()).content.decode()
    assert "Đã kiểm tra, hồ sơ đúng quy định." in page


def test_bad_comments_are_refused_and_nothing_is_written(org, client, published):
    before = PostingComment.objects.count(), Event.objects.count()
    assert comment(client, published, text="x" * 100_000).status_code == 400
    assert comment(client, published, text="").status_code == 400
    assert comment(client, published, website="http://spam.example").status_code == 400
    assert (PostingComment.objects.count(), Event.objects.count()) == before


def test_a_flood_from_one_address_is_stopped(org, client, published):
    for number in range(services.FLOOD_SHORT):
        assert comment(client, published, text=f"Ý kiến {number}").status_code == 302
    response = comment(client, published, text="Thêm nữa")
    assert response.status_code == 400
    assert "Too many comments" in response.content.decode()
    assert PostingComment.objects.count() == services.FLOOD_SHORT
    # Another address is heard.
    other = client.post(
        published.get_public_url(),
        {"author": "B", "text": "Khác"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 302


def test_comments_close_with_the_window(org, client, published):
    Posting.objects.filter(pk=published.pk).update(closes_on=D(2020, 12, 25))
    response = comment(client, published)
    assert response.status_code == 400
    assert "Comments are closed" in response.content.decode()
    assert 'data-testid="comment-form"' not in response.content.decode()
    assert PostingComment.objects.count() == 0
    with pytest.raises(Exception, match="Comments are closed"):
        services.comment_add(posting=published, author="A", text="B", address="1.2.3.4")


def test_only_the_officer_keeps_the_posting(org, login, leader, published):
    note = services.comment_add(posting=published, author="A", text="B", address="1.2.3.4")
    assert login(leader).get(published.get_absolute_url()).status_code == 403
    assert login(org.carol).get(published.get_absolute_url()).status_code == 404
    assert login(org.charlie).get(published.get_absolute_url()).status_code == 404
    response = login(org.carol).post(
        reverse("awards:comment_answer", args=[note.pk]), {f"c{note.pk}-answer": "x"}
    )
    assert response.status_code in (403, 404)
    note.refresh_from_db()
    assert note.status == PostingComment.Status.NEW
    services.comment_resolve(actor=org.alice.user, comment=note)
    note.refresh_from_db()
    assert note.status == PostingComment.Status.RESOLVED


def test_the_public_page_costs_the_same_queries_for_a_short_or_long_list(org, client):
    def build(size, year):
        for _ in range(size):
            passed(PersonFactory(unit=org.technical), year=year)
        posting = services.posting_create(actor=org.alice.user, agency=org.agency, year=year)
        posting = services.posting_publish(actor=org.alice.user, posting=posting)
        for number in range(size):
            services.comment_add(
                posting=posting, author="A", text="B", address=f"10.0.{year}.{number}"
            )
        return posting

    small, large = build(1, 2020), build(6, 2021)
    with CaptureQueriesContext(connection) as few:
        assert client.get(small.get_public_url()).status_code == 200
    with CaptureQueriesContext(connection) as many:
        response = client.get(large.get_public_url())
    assert len(response.context["entries"]) == 6
    assert len(many) == len(few)


def test_the_officer_prepares_and_finds_the_list_on_the_pages(org, login):
    client = login(org.alice)
    page = client.get(reverse("awards:posting_list")).content.decode()
    assert "No list posted yet" in page
    # Nothing passed yet: refused on the form, nothing written.
    response = client.post(reverse("awards:posting_create"), {"year": "2020", "working_days": "5"})
    assert response.status_code == 400
    assert "passed no dossier of 2020" in response.content.decode()
    passed(PersonFactory(unit=org.technical, full_name="Vũ Thị Hoa"))
    response = client.post(reverse("awards:posting_create"), {"year": "2020", "working_days": "5"})
    posting = Posting.objects.get()
    assert response.url == posting.get_absolute_url()
    assert (
        "List proposed for commendation, 2020"
        in client.get(reverse("awards:posting_list")).content.decode()
    )
    # A bad summary form is shown again with its errors, nothing saved.
    response = client.post(
        reverse("awards:posting_edit", args=[posting.code]), {"title": "", "working_days": 0}
    )
    assert response.status_code == 400
    posting.refresh_from_db()
    assert posting.title == "List proposed for commendation, 2020"


def test_a_login_without_a_person_cannot_prepare_a_list(db, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    response = client.post(reverse("awards:posting_create"), {"year": "2020", "working_days": "5"})
    assert response.status_code == 302
    assert "not linked to a person" in client.get(response.url).content.decode()


def test_the_officer_resolves_a_comment_on_the_page_and_every_step_reads_in_words(
    org, login, published
):
    note = services.comment_add(posting=published, author="A", text="Trùng lặp", address="1.1.1.1")
    client = login(org.alice)
    client.post(reverse("awards:comment_resolve", args=[note.pk]))
    note.refresh_from_db()
    assert note.status == PostingComment.Status.RESOLVED
    # Twice: the page says it is dealt with already.
    response = client.post(reverse("awards:comment_resolve", args=[note.pk]), follow=True)
    assert "already been dealt with" in response.content.decode()
    # An empty answer is refused with a message.
    other = services.comment_add(posting=published, author="B", text="Hỏi", address="1.1.1.2")
    response = client.post(
        reverse("awards:comment_answer", args=[other.pk]), {f"c{other.pk}-answer": " "}, follow=True
    )
    assert "This field is required." in response.content.decode()
    other.refresh_from_db()
    assert other.status == PostingComment.Status.NEW
    from organizations.events import describe

    described = {event.verb: describe(event) for event in Event.objects.all()}
    assert described["posting_created"] == "List of 2020 prepared with 2 entries"
    assert described["posting_published"].startswith("List published, open to comments until")
    assert described["posting_comment_received"] == "A comment from the public received"
    assert described["posting_comment_resolved"] == "A comment resolved without an answer"


def test_the_public_index_lists_what_is_published(org, client, posting):
    assert "No list is posted" in client.get(reverse("awards:posting_index")).content.decode()
    services.posting_publish(actor=org.alice.user, posting=posting)
    page = client.get(reverse("awards:posting_index")).content.decode()
    assert posting.get_public_url() in page and "open until" in page

"""The bell in the navigation bar and the list of the user's notifications."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import Notification

pytestmark = pytest.mark.usefixtures("english")

LIST = reverse("organizations:notification_list")
READ_ALL = reverse("organizations:notification_read_all")
HOME = reverse("home")


def open_url(notice):
    return reverse("organizations:notification_open", args=[notice.pk])


def notice(user, title="Campaign launched", *, url="", read=False, minutes_ago=0, body=""):
    created = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Notification.objects.create(
        recipient=user,
        title=title,
        url=url,
        body=body,
        created_at=created,
        read_at=created if read else None,
    )


def bulk_notices(user, count, start=0):
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            title=f"Notice {i}",
            url="/",
            created_at=now - datetime.timedelta(minutes=i),
            read_at=now if i % 2 else None,
        )
        for i in range(start, start + count)
    )


def bell_count(response) -> str | None:
    match = re.search(r'data-testid="notification-count"[^>]*>([^<]+)<', response.content.decode())
    return match.group(1).strip() if match else None


def notification_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "organizations_notification" in q["sql"]]


# The bell


def test_the_bell_shows_the_unread_count(org, login):
    notice(org.alice.user, "One")
    notice(org.alice.user, "Two")
    notice(org.alice.user, "Read already", read=True)
    notice(org.bob.user, "Bob's")
    response = login(org.alice).get(HOME)
    assert response.status_code == 200
    assert bell_count(response) == "2"
    body = response.content.decode()
    assert 'aria-label="Notifications: 2 unread"' in body
    assert f'href="{LIST}"' in body


def test_the_bell_has_no_badge_when_everything_is_read(org, login):
    notice(org.alice.user, read=True)
    response = login(org.alice).get(HOME)
    assert bell_count(response) is None
    assert 'aria-label="Notifications"' in response.content.decode()


def test_the_bell_caps_the_badge_at_99(org, login):
    bulk_notices(org.bob.user, 210)  # every other one unread: 105
    response = login(org.bob).get(HOME)
    assert bell_count(response) == "99+"
    assert 'aria-label="Notifications: 105 unread"' in response.content.decode()


def test_the_count_costs_one_query_per_page(org, login):
    client = login(org.alice)
    bulk_notices(org.alice.user, 50)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert bell_count(response) == "25"
    assert len(notification_queries(queries)) == 1


def test_anonymous_pages_count_nothing(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'data-testid="notification-bell"' not in response.content.decode()
    assert notification_queries(queries) == []


# The list


@pytest.mark.parametrize("url", [LIST, READ_ALL])
def test_it_requires_sign_in(client, db, url):
    response = client.get(url) if url == LIST else client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_lists_the_users_own_notices_newest_first_unread_in_bold(org, login):
    notice(org.alice.user, "Older, read", read=True, minutes_ago=30)
    notice(org.alice.user, "Newest, unread", body="Please sign by Friday", minutes_ago=1)
    notice(org.alice.user, "Middle, unread", minutes_ago=10)
    notice(org.bob.user, "Someone else's")
    response = login(org.alice).get(LIST)
    assert response.status_code == 200
    titles = [n.title for n in response.context["page"].object_list]
    assert titles == ["Newest, unread", "Middle, unread", "Older, read"]
    body = response.content.decode()
    assert '<strong class="d-block">Newest, unread</strong>' in body
    assert '<strong class="d-block">Older, read</strong>' not in body
    assert "Please sign by Friday" in body
    assert "Someone else&#x27;s" not in body and "Someone else's" not in body
    assert "Mark all as read" in body


def test_it_paginates(org, login):
    bulk_notices(org.alice.user, settings.PAGE_SIZE + 5)
    client = login(org.alice)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == settings.PAGE_SIZE
    assert first.context["page"].object_list[0].title == "Notice 0"
    second = client.get(LIST, {"page": 2})
    assert [n.title for n in second.context["page"].object_list][-1] == (
        f"Notice {settings.PAGE_SIZE + 4}"
    )
    assert len(second.context["page"].object_list) == 5


def test_it_says_when_there_is_nothing(org, login):
    response = login(org.bob).get(LIST)
    body = response.content.decode()
    assert 'data-testid="empty-state"' in body
    assert "No notifications yet" in body
    assert "Mark all as read" not in body


def count_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_notices(org, login):
    client = login(org.alice)
    bulk_notices(org.alice.user, 3)
    client.get(LIST)  # warm the session and content types
    with_3 = count_list_queries(client)
    bulk_notices(org.alice.user, 300, start=3)
    with_303 = count_list_queries(client)
    assert with_303 == with_3


# Opening a notice


def test_opening_marks_it_read_and_follows_its_link(org, login):
    item = notice(org.alice.user, url=reverse("organizations:unit_tree"))
    response = login(org.alice).post(open_url(item))
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:unit_tree")
    item.refresh_from_db()
    assert item.read_at is not None


def test_opening_again_keeps_the_first_reading_time(org, login):
    item = notice(org.alice.user, url="/", read=True, minutes_ago=60)
    first_read = item.read_at
    login(org.alice).post(open_url(item))
    item.refresh_from_db()
    assert item.read_at == first_read


def test_a_notice_without_a_link_opens_the_list(org, login):
    item = notice(org.alice.user, url="")
    response = login(org.alice).post(open_url(item))
    assert response["Location"] == LIST


def test_a_link_to_another_site_is_not_followed(org, login):
    item = notice(org.alice.user, url="https://evil.example/phish")
    response = login(org.alice).post(open_url(item))
    assert response["Location"] == LIST
    item.refresh_from_db()
    assert item.read_at is not None


def test_another_users_notice_is_404_and_stays_unread(org, login):
    item = notice(org.bob.user, url="/")
    response = login(org.charlie).post(open_url(item))
    assert response.status_code == 404
    response = login(org.alice).post(open_url(item))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


def test_opening_is_post_only(org, login):
    item = notice(org.alice.user, url="/")
    response = login(org.alice).get(open_url(item))
    assert response.status_code == 405
    item.refresh_from_db()
    assert item.read_at is None


def test_anonymous_opening_goes_to_sign_in(client, org):
    item = notice(org.alice.user, url="/")
    response = client.post(open_url(item))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    item.refresh_from_db()
    assert item.read_at is None


# Mark all as read


def test_mark_all_read_touches_only_the_users_own_unread_notices(org, login):
    earlier = notice(org.alice.user, read=True, minutes_ago=90)
    first_read = earlier.read_at
    notice(org.alice.user, "A")
    notice(org.alice.user, "B")
    bobs = notice(org.bob.user, "Bob's")
    response = login(org.alice).post(READ_ALL, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=org.alice.user).unread().exists()
    earlier.refresh_from_db()
    assert earlier.read_at == first_read
    bobs.refresh_from_db()
    assert bobs.read_at is None
    assert bell_count(response) is None


def test_mark_all_read_is_post_only(org, login):
    notice(org.alice.user)
    response = login(org.alice).get(READ_ALL)
    assert response.status_code == 405
    assert Notification.objects.unread().count() == 1


# E-mails: a link a mail client can open.


def mailed(org, mailoutbox, django_capture_on_commit_callbacks, url):
    from organizations.notifications import notify

    org.carol.user.email = "carol@skhcn.langson.gov.vn"
    org.carol.user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[org.carol.user], title="Báo cáo bị trả lại", url=url, body="Thiếu số liệu."
        )
    [mail] = mailoutbox
    return mail.body


def test_an_e_mail_links_to_the_portal_by_its_public_address(
    org, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = "https://thidua.langson.gov.vn"
    body = mailed(
        org, mailoutbox, django_capture_on_commit_callbacks, "/phong-trao/ben/3/tien-do/#c-7"
    )
    assert body.endswith("https://thidua.langson.gov.vn/phong-trao/ben/3/tien-do/#c-7")
    assert body.startswith("Thiếu số liệu.")


def test_without_the_portal_s_address_an_e_mail_says_where_to_look_not_a_bare_path(
    org, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = ""
    body = mailed(org, mailoutbox, django_capture_on_commit_callbacks, "/phong-trao/ben/3/tien-do/")
    assert "/phong-trao/" not in body
    assert body.endswith("Open the portal and see your notifications.")


def test_the_deploy_check_warns_when_the_portal_s_address_is_not_set(settings):
    from organizations.checks import portal_url_is_set

    settings.PORTAL_URL = ""
    assert [warning.id for warning in portal_url_is_set(None)] == ["portal.W001"]
    settings.PORTAL_URL = "https://thidua.langson.gov.vn"
    assert portal_url_is_set(None) == []

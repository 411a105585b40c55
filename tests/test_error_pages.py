"""The pages a person meets when something goes wrong speak Vietnamese, say what happened and
lead back home: not found, not allowed (with the reason the portal gave), an expired form, a
fault of the portal's own."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import CampaignFactory
from tests.pages import html_of


def test_a_page_that_does_not_exist_says_so_in_vietnamese(login, org):
    response = login(org.bob).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = html_of(response)
    assert "Không tìm thấy trang" in page
    assert reverse("home") in page
    assert "Not Found" not in page


def test_an_object_outside_the_scope_is_the_same_not_found(login, org):
    other = CampaignFactory(organiser=org.other, status="launched")
    response = login(org.bob).get(other.get_absolute_url())
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html_of(response)


def test_a_refusal_gives_the_portal_s_reason_in_vietnamese(login, org):
    response = login(org.bob).get(reverse("campaigns:campaign_create"))
    assert response.status_code == 403
    page = html_of(response)
    assert "Không được phép" in page
    assert "Chỉ cán bộ thi đua" in page  # the reason the view gave
    assert "403 Forbidden" not in page


def test_an_expired_form_says_nothing_was_saved(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.bob.user)
    response = client.post(reverse("organizations:notification_read_all"))
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in html_of(response)


@pytest.mark.django_db
def test_a_fault_of_the_portal_is_a_vietnamese_page_that_needs_no_database():
    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Đã có lỗi xảy ra" in page
    assert 'lang="vi"' in page

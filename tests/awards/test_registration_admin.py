"""Registrations are in the admin, for repairs, with search and filters that work."""

import pytest
from django.urls import reverse

from awards.models import Award, Registration, RegistrationList
from awards.services import registrations as services
from organizations.models import Event
from tests.admin_pages import change_form_data


@pytest.fixture
def admin_client(client, django_user_model, org):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    services.registration_add(
        actor=org.alice.user,
        award=Award.objects.get(code="LDTT"),
        year=2020,
        person=org.bob.person,
    )
    return client


@pytest.mark.parametrize(
    "model, query",
    [(RegistrationList, "VP"), (Registration, "tran van bob")],
    ids=["RegistrationList", "Registration"],
)
def test_changelist_searches_and_filters(admin_client, model, query):
    url = reverse(f"admin:awards_{model._meta.model_name}_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert admin_client.get(url, {"q": query}).context["cl"].result_count == 1
    assert admin_client.get(url, {"year": "2020"}).status_code == 200


def test_the_list_page_shows_its_entries_inline(admin_client):
    registration_list = RegistrationList.objects.get()
    response = admin_client.get(
        reverse("admin:awards_registrationlist_change", args=[registration_list.pk])
    )
    assert response.status_code == 200
    assert "Trần Văn Bob" in response.text


def test_a_lists_status_is_not_changed_in_the_admin(admin_client, org):
    """Approving goes through the service (right, state, event, notices): the admin's form
    ignores a posted status and review, and still saves a repair of an entry."""
    registration_list = RegistrationList.objects.get()
    services.registration_list_submit(actor=org.alice.user, registration_list=registration_list)
    events = Event.objects.count()
    url = reverse("admin:awards_registrationlist_change", args=[registration_list.pk])
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "status": RegistrationList.Status.APPROVED,
            "review_comment": "Đồng ý",
            "reviewed_at_0": "02/01/2020",
            "reviewed_at_1": "08:00:00",
            "entries-0-note": "Sửa ghi chú",
        }
    )
    assert admin_client.post(url, data).status_code == 302
    registration_list.refresh_from_db()
    assert registration_list.status == RegistrationList.Status.SUBMITTED
    assert (registration_list.review_comment, registration_list.reviewed_at) == ("", None)
    assert Event.objects.count() == events
    assert registration_list.entries.get().note == "Sửa ghi chú"  # the repair was saved

"""Registrations are in the admin, for repairs, with search and filters that work."""

import pytest
from django.urls import reverse

from awards.models import Award, Registration, RegistrationList
from awards.services import registrations as services


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

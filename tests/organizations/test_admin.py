"""Every model is in the admin with search and filters that work."""

import pytest
from django.contrib import admin
from django.urls import reverse

from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    Event,
    Membership,
    Person,
    Unit,
)
from tests.factories import DisciplineFactory, RatingFactory

MODELS = [Unit, Person, Membership, AnnualRating, DisciplineRecord, Event]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered_with_search_filters_and_joins(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    assert model_admin.list_filter
    assert model_admin.list_select_related


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

"""The new HR records are in the admin with search, filters and joins that work."""

import pytest
from django.contrib import admin
from django.urls import reverse

from organizations.models import LeaveRecord, PendingReview, UnitRating
from tests.factories import LeaveFactory, PendingReviewFactory, UnitRatingFactory

MODELS = [PendingReview, LeaveRecord, UnitRating]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_new_record_is_registered_with_search_filters_and_joins(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    assert model_admin.list_filter
    assert model_admin.list_select_related


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_searches_and_filters(org, client, django_user_model, model):
    PendingReviewFactory(person=org.bob.person)
    LeaveFactory(person=org.bob.person)
    UnitRatingFactory(unit=org.office)
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    url = reverse(f"admin:organizations_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "Bob" if model is not UnitRating else "VP"}).status_code == 200
    person_page = reverse("admin:organizations_person_change", args=[org.bob.person.pk])
    assert client.get(person_page).status_code == 200

"""The catalogue, rule sets and rules are in the admin with search and filters that work."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from awards import services
from awards.models import Award, AwardRecord, Rule, RuleSet


@pytest.mark.parametrize("model", [Award, RuleSet, Rule], ids=lambda m: m.__name__)
def test_changelist_searches_and_filters(db, client, django_user_model, model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    url = reverse(f"admin:awards_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "ttldtt"}).status_code == 200


def test_the_rule_changelist_flags_rules_to_confirm(db, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    url = reverse("admin:awards_rule_changelist")
    response = client.get(url, {"status__exact": "to_confirm"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == Rule.objects.filter(status="to_confirm").count()
    assert "icon-no" in response.content.decode()


def test_the_award_changelist_filters_by_kind(db, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    response = client.get(reverse("admin:awards_award_changelist"), {"kind__exact": "form"})
    assert response.context["cl"].result_count == Award.objects.forms().count()


def test_the_rule_set_page_edits_its_rules_inline(db, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    rule_set = RuleSet.objects.get(code="ND91_2017")
    response = client.get(reverse("admin:awards_ruleset_change", args=[rule_set.pk]))
    assert response.status_code == 200
    assert "cstdcs.quota_percent_of_ldtt" in response.content.decode()


def test_the_rule_admin_joins_its_rule_set():
    assert admin.site._registry[Rule].list_select_related == ["rule_set"]


def test_staff_cannot_open_the_admin(org, login):
    assert login(org.bob).get(reverse("admin:awards_rule_changelist")).status_code == 302


def test_award_records_are_added_and_revoked_on_the_pages_not_in_the_admin(admin_client, org):
    """The admin cannot add a record (no once-a-year check there) nor change its status."""
    record = services.award_record_add(
        actor=None,
        award=Award.objects.get(code="LDTT"),
        person=org.bob.person,
        year=2019,
        decision_number="1/QĐ",
        decision_date=datetime.date(2020, 1, 5),
        issuer="Giám đốc Sở",
        source=AwardRecord.Source.ENTERED,
        source_document="Bản sao 1/QĐ",
    )
    assert admin_client.get(reverse("admin:awards_awardrecord_add")).status_code == 403
    change = reverse("admin:awards_awardrecord_change", args=[record.pk])
    response = admin_client.post(
        change,
        {
            "decision_number": "1/QĐ-SKHCN",
            "decision_date": "05/01/2020",
            "issuer": "Giám đốc Sở",
            "source_document": "Bản sao 1/QĐ",
            "status": "revoked",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.decision_number == "1/QĐ-SKHCN"  # a particular repaired
    assert record.status == AwardRecord.Status.VALID  # the status is not the admin's to change

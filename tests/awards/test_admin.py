"""Every model of awards is in the admin with search, filters and joins that work; rules keep
their history; workflow fields are not the admin's to change."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import services
from awards.models import (
    Award,
    AwardRecord,
    Ballot,
    BallotParticipation,
    Council,
    CouncilItem,
    CouncilMember,
    CouncilSession,
    Decision,
    DocumentSequence,
    Nomination,
    Posting,
    PostingComment,
    PostingEntry,
    PublicHoliday,
    Rule,
    RuleSet,
    SessionMember,
    Submission,
)
from awards.services import nominations, registrations
from organizations.actors import SYSTEM
from tests.admin_pages import app_models, change_form_data, unjoined_foreign_keys
from tests.factories import AwardRecordFactory, InitiativeFactory, PersonFactory, UnitFactory
from tests.uploads import pdf


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
        actor=SYSTEM,
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


# Every model of the app, and what its change list costs.

MODELS = app_models("awards")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered_with_search_filters_and_joins(model):
    registered = admin.site._registry[model]
    assert registered.search_fields
    assert registered.list_filter
    assert unjoined_foreign_keys(registered) == []


def add_records(org, number):
    """Add a person in a new unit of the agency with an award, an initiative and a registration."""
    unit = UnitFactory(code=f"P{number}", name=f"Phòng số {number}", parent=org.agency)
    person = PersonFactory(unit=unit, full_name=f"Nguyễn Văn Số {number}")
    AwardRecordFactory(person=person, year=2018)
    InitiativeFactory(unit=unit, authors=[person])
    registrations.registration_add(
        actor=org.alice.user, award=Award.objects.get(code="LDTT"), year=2020, person=person
    )
    nomination = nominations.nomination_add(
        actor=org.alice.user, award=Award.objects.get(code="LDTT"), year=2020, person=person
    )
    nominations.attachment_add(
        actor=org.alice.user, nomination=nomination, kind="proof", upload=pdf()
    )
    # A council with its session, written directly: the admin only reads them.
    council = Council.objects.create(
        agency=org.agency, name=f"Hội đồng {number}", term_start=datetime.date(2020, 1, 1)
    )
    member = CouncilMember.objects.create(council=council, person=person)
    session = CouncilSession.objects.create(
        council=council,
        year=2020,
        starts_at=datetime.datetime(2020, 12, 18, 1, tzinfo=datetime.UTC),
        place="Phòng họp",
    )
    SessionMember.objects.create(session=session, member=member)
    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.IN_COUNCIL)
    item = CouncilItem.objects.create(session=session, nomination=nomination, position=1)
    BallotParticipation.objects.create(item=item, member=member, channel="online")
    Ballot.objects.create(item=item, choice="agree")
    posting = Posting.objects.create(agency=org.agency, year=2020, title=f"Danh sách {number}")
    entry = PostingEntry.objects.create(posting=posting, nomination=nomination)
    PostingComment.objects.create(posting=posting, entry=entry, author="A", text="B", sender="x")
    DocumentSequence.objects.create(agency=org.agency, year=2000 + number, kind="QĐ")
    common = {
        "agency": org.agency,
        "year": 2020,
        "posting": posting,
        "title": f"Về việc khen thưởng {number}",
        "place": "Lạng Sơn",
        "signed_on": datetime.date(2020, 12, 20 + number),
        "signer": person,
    }
    Decision.objects.create(
        **common,
        bases="Căn cứ Luật Thi đua, khen thưởng;",
        recipients="Lưu: VT.",
        status=Decision.Status.ISSUED,
        number=number,
        symbol=f"{number:02d}/QĐ-SKHCN",
    )
    Submission.objects.create(**common, addressee="Chủ tịch Ủy ban nhân dân tỉnh")


# The catalogue, the rule sets and their rules are data loaded by the migrations.
DATA = {Award, RuleSet, Rule, PublicHoliday}


# The ballots are secret: the admin shows them only as each item's tally.
SECRET = {Ballot, BallotParticipation}


@pytest.mark.parametrize("model", sorted(SECRET, key=str), ids=lambda m: m.__name__)
def test_ballots_are_not_shown_row_by_row_in_the_admin(org, admin_client, model):
    add_records(org, 1)
    url = reverse(f"admin:awards_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 403
    assert str(model._meta.verbose_name_plural) not in admin_client.get(reverse("admin:index")).text
    tally = admin_client.get(reverse("admin:awards_councilitem_changelist"))
    assert tally.status_code == 200


@pytest.mark.parametrize("model", [m for m in MODELS if m not in SECRET], ids=lambda m: m.__name__)
def test_the_changelist_costs_the_same_queries_for_one_row_or_five(org, admin_client, model):
    url = reverse(f"admin:awards_{model._meta.model_name}_changelist")
    add_records(org, 1)
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(url).status_code == 200
    for number in range(2, 6):
        add_records(org, number)
    with CaptureQueriesContext(connection) as five:
        response = admin_client.get(url)
    assert response.status_code == 200
    if model not in DATA:
        assert response.context["cl"].result_count == 5
    assert len(five) == len(one)
    row = response.context["cl"].result_list[0]
    meta = model._meta
    page = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
    assert admin_client.get(page).status_code == 200


def test_an_initiatives_use_is_marked_on_the_pages_not_in_the_admin(org, admin_client):
    initiative = InitiativeFactory(unit=org.office, authors=[org.bob.person])
    url = reverse("admin:awards_initiative_change", args=[initiative.pk])
    data = change_form_data(admin_client.get(url))
    data.update(
        title="Sáng kiến đã sửa tên",
        used_for_award=str(Award.objects.get(code="CSTDCS").pk),
        used_for_year="2019",
    )
    assert admin_client.post(url, data).status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Sáng kiến đã sửa tên"
    assert (initiative.used_for_award, initiative.used_for_year) == (None, None)


# Rules keep their history: who changed a threshold, when, and from what.


def test_a_rule_changed_in_the_admin_is_recorded_in_its_history(admin_client, admin_user):
    rule = Rule.objects.get(rule_set__code="ND91_2017", key="ldtt.min_months_worked")
    url = reverse("admin:awards_rule_change", args=[rule.pk])
    data = change_form_data(admin_client.get(url))
    data["value"] = "9"
    assert admin_client.post(url, data).status_code == 302
    change = rule.history.get()
    assert (change.value, change.history_type, change.history_user) == (Decimal(9), "~", admin_user)
    history = admin_client.get(reverse("admin:awards_rule_history", args=[rule.pk]))
    assert history.status_code == 200
    assert admin_user.username in history.text


def test_a_rule_changed_on_its_rule_sets_page_is_recorded_too(admin_client, admin_user):
    rule_set = RuleSet.objects.get(code="ND91_2017")
    url = reverse("admin:awards_ruleset_change", args=[rule_set.pk])
    page = admin_client.get(url)
    data = change_form_data(page)
    forms = page.context["inline_admin_formsets"][0].formset.forms
    index = next(i for i, form in enumerate(forms) if form.instance.key == "ldtt.min_months_worked")
    data[f"rules-{index}-value"] = "11"
    assert admin_client.post(url, data).status_code == 302
    rule = rule_set.rules.get(key="ldtt.min_months_worked")
    assert rule.value == Decimal(11)
    assert [(h.value, h.history_user) for h in rule.history.all()] == [(Decimal(11), admin_user)]
    # Only the rule that changed is recorded.
    assert Rule.history.count() == 1

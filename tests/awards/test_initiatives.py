"""Initiatives (sáng kiến): authors' shares and the single use (issue 4, item 4)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services
from awards.models import Award, Initiative, InitiativeAuthor
from organizations.models import Event

pytestmark = pytest.mark.usefixtures("english")


def record(org, authors, **overrides):
    fields = {
        "actor": org.alice.user,
        "title": "Số hoá hồ sơ thẩm định công nghệ",
        "summary": "Quy trình thẩm định trên phần mềm.",
        "unit": org.technical,
        "recognised_by": "Hội đồng sáng kiến cấp tỉnh",
        "decision_number": "123/QĐ-UBND",
        "decision_date": datetime.date(2020, 10, 15),
        "scope": Initiative.Scope.PROVINCE,
        "authors": authors,
    }
    return services.initiative_record(**{**fields, **overrides})


def counts():
    return Initiative.objects.count(), InitiativeAuthor.objects.count(), Event.objects.count()


def refused(org, authors):
    """Try to record the initiative; return the message and check nothing was written."""
    before = counts()
    with pytest.raises(ValidationError) as exc:
        record(org, authors)
    assert counts() == before
    return exc.value.message_dict["authors"]


def test_an_initiative_is_recorded_with_its_authors_and_an_event(org):
    initiative = record(org, [(org.carol.person, Decimal("60")), (org.dave.person, Decimal("40"))])
    shares = {a.person.code: a.share for a in initiative.authors.all()}
    assert shares == {"CAROL": Decimal("60"), "DAVE": Decimal("40")}
    assert initiative.scope == Initiative.Scope.PROVINCE
    assert not initiative.is_used
    event = Event.objects.get(verb="initiative_recorded")
    assert event.actor == org.alice.user
    assert event.target_id == str(initiative.pk)


def test_shares_of_a_third_each_are_refused_with_the_actual_sum(org):
    third = Decimal("33.33")
    authors = [(org.carol.person, third), (org.dave.person, third), (org.bob.person, third)]
    assert refused(org, authors) == [
        "The authors' shares must add up to exactly 100 %; they add up to 99.99 %."
    ]


def test_shares_summing_above_100_are_refused(org):
    authors = [(org.carol.person, Decimal("70")), (org.dave.person, Decimal("50"))]
    assert refused(org, authors) == [
        "The authors' shares must add up to exactly 100 %; they add up to 120 %."
    ]


def test_an_initiative_without_authors_is_refused(org):
    assert refused(org, []) == ["Name at least one author of the initiative."]


def test_the_same_author_twice_is_refused(org):
    authors = [(org.carol.person, Decimal("50")), (org.carol.person, Decimal("50"))]
    assert refused(org, authors) == ["Lê Thị Carol is listed more than once among the authors."]


def test_a_zero_share_is_refused(org):
    authors = [(org.carol.person, Decimal("100")), (org.dave.person, Decimal("0"))]
    assert refused(org, authors) == [
        "Each author's share must be above 0 %; Hoàng Văn Dave has 0 %."
    ]


def test_an_initiative_is_used_once_for_an_award(org):
    initiative = record(org, [(org.carol.person, Decimal("100"))])
    cstdcs = Award.objects.get(code="CSTDCS")
    services.initiative_use(actor=org.alice.user, initiative=initiative, award=cstdcs, year=2020)
    initiative.refresh_from_db()
    assert (initiative.used_for_award, initiative.used_for_year) == (cstdcs, 2020)
    assert Event.objects.filter(verb="initiative_used", target_id=str(initiative.pk)).exists()


def test_the_second_use_of_an_initiative_is_refused_naming_the_first(org):
    """BNV 5007/BNV-TĐKT (2023): an initiative grounds one title or one form, once."""
    initiative = record(org, [(org.carol.person, Decimal("100"))])
    cstdcs = Award.objects.get(code="CSTDCS")
    services.initiative_use(actor=org.alice.user, initiative=initiative, award=cstdcs, year=2020)
    events = Event.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.initiative_use(
            actor=org.alice.user,
            initiative=initiative,
            award=Award.objects.get(code="BANG_KHEN_TINH"),
            year=2021,
        )
    assert exc.value.message_dict["award"] == [
        f"This initiative was already used for {cstdcs.name_en} in 2020. "
        "An initiative may be used once, for a title or a form of commendation "
        "(BNV 5007/BNV-TĐKT, 2023)."
    ]
    initiative.refresh_from_db()
    assert (initiative.used_for_award, initiative.used_for_year) == (cstdcs, 2020)
    assert Event.objects.count() == events


def test_use_for_a_year_to_come_is_refused(org):
    initiative = record(org, [(org.carol.person, Decimal("100"))])
    year = datetime.date.today().year + 1
    with pytest.raises(ValidationError) as exc:
        services.initiative_use(
            actor=org.alice.user,
            initiative=initiative,
            award=Award.objects.get(code="LDTT"),
            year=year,
        )
    assert exc.value.message_dict["year"] == [f"{year} has not come yet; it cannot be recorded."]
    initiative.refresh_from_db()
    assert not initiative.is_used


def test_the_admin_refuses_authors_whose_shares_do_not_add_up(org, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    data = {
        "title": "Sáng kiến thử",
        "summary": "",
        "unit": org.technical.pk,
        "recognised_by": "Hội đồng sáng kiến",
        "decision_number": "1/QĐ",
        "decision_date": "2020-10-15",
        "scope": "unit",
        "used_for_award": "",
        "used_for_year": "",
        "authors-TOTAL_FORMS": "2",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "1000",
        "authors-0-person": org.carol.person.pk,
        "authors-0-share": "50",
        "authors-1-person": org.dave.person.pk,
        "authors-1-share": "40",
    }
    before = counts()
    client.cookies["portal_language"] = "en"
    response = client.post(reverse("admin:awards_initiative_add"), data)
    assert response.status_code == 200
    assert "they add up to 90 %" in response.content.decode()
    assert counts() == before
    data["authors-1-share"] = "50"
    response = client.post(reverse("admin:awards_initiative_add"), data)
    assert response.status_code == 302
    assert InitiativeAuthor.objects.count() == 2

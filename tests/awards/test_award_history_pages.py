"""The award history on the person page and the unit page (issue 4, item 5)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import services
from awards.models import Award, AwardRecord

pytestmark = pytest.mark.usefixtures("english")


def person_url(persona):
    return reverse("organizations:person_detail", args=[persona.person.code])


def unit_url(unit):
    return reverse("organizations:unit_detail", args=[unit.code])


def add(org, code, year, **nominee):
    return services.award_record_add(
        actor=org.alice.user,
        award=Award.objects.get(code=code),
        year=year,
        decision_number=f"{year}/QĐ-SKHCN",
        decision_date=datetime.date(year + 1, 1, 15),
        issuer="Giám đốc Sở Khoa học và Công nghệ",
        source=AwardRecord.Source.ENTERED,
        source_document="Sổ khen thưởng",
        **nominee,
    )


def rows(response):
    """Return the award history table's rows as HTML fragments."""
    html = response.content.decode()
    start = html.index('data-testid="awards"')
    table = html[start : html.index("</table>", start)]
    return table.split('data-testid="award-record"')[1:]


def bulk_records(person, count):
    """Create many records at once: one per year, alternating a title and a form."""
    title, form = Award.objects.get(code="LDTT"), Award.objects.get(code="GIAY_KHEN")
    AwardRecord.objects.bulk_create(
        AwardRecord(
            award=title if i % 2 else form,
            person=person,
            year=1990 + i,
            decision_number=f"{i}/QĐ",
            decision_date=datetime.date(1991 + i, 1, 1),
            issuer="Giám đốc Sở",
            source=AwardRecord.Source.IMPORTED,
            source_document="Sổ khen thưởng",
            status=AwardRecord.Status.REVOKED if i % 3 == 0 else AwardRecord.Status.VALID,
            revocation_reason="Sai sót" if i % 3 == 0 else "",
        )
        for i in range(count)
    )


def test_the_person_page_shows_each_award_with_its_kind_and_decision(org, login):
    add(org, "CSTDCS", 2019, person=org.carol.person)
    add(org, "GIAY_KHEN", 2018, person=org.carol.person)
    response = login(org.alice).get(person_url(org.carol))
    assert response.status_code == 200
    newest, oldest = rows(response)
    assert Award.objects.get(code="CSTDCS").name_en in newest
    assert "Emulation title" in newest
    assert "2019/QĐ-SKHCN" in newest and "15/01/2020" in newest
    # The issuer is on the full history page the card links to, not in the narrow card.
    assert "Giám đốc Sở Khoa học và Công nghệ" not in newest
    assert Award.objects.get(code="GIAY_KHEN").name_en in oldest
    assert "Form of commendation" in oldest
    assert "15/01/2019" in oldest
    for row in (newest, oldest):
        assert 'data-testid="award-kind"' in row
        assert "Valid" in row


def test_a_revoked_award_is_marked_with_its_reason(org, login):
    record = add(org, "LDTT", 2019, person=org.carol.person)
    services.award_record_revoke(
        actor=org.alice.user,
        record=record,
        reason="Khai man thành tích",
        revoking_decision="77/QĐ-SKHCN",
    )
    (row,) = rows(login(org.alice).get(person_url(org.carol)))
    assert 'data-testid="award-revoked"' in row
    assert "Revoked" in row
    assert "Khai man thành tích" in row and "77/QĐ-SKHCN" in row


def test_a_person_without_awards_shows_the_empty_state(org, login):
    response = login(org.alice).get(person_url(org.carol))
    assert "No title or commendation recorded yet." in response.content.decode()
    assert 'data-testid="awards"' not in response.content.decode()


def test_the_outsider_gets_404_on_a_person_with_awards(org, login):
    add(org, "LDTT", 2019, person=org.carol.person)
    assert login(org.charlie).get(person_url(org.carol)).status_code == 404


def test_the_person_page_query_count_does_not_grow_with_the_history(org, login):
    client = login(org.alice)
    bulk_records(org.carol.person, 5)
    with CaptureQueriesContext(connection) as few:
        response = client.get(person_url(org.carol))
    assert len(rows(response)) == 5
    AwardRecord.objects.all().delete()
    bulk_records(org.carol.person, 20)
    cache.clear()  # a first view, as the one above: nothing kept from it
    with CaptureQueriesContext(connection) as many:
        response = client.get(person_url(org.carol))
    assert len(rows(response)) == 20
    assert len(many) == len(few)


def test_the_unit_page_shows_its_collective_awards(org, login):
    add(org, "TTLDTT", 2019, unit=org.technical)
    add(org, "GIAY_KHEN_TT", 2018, unit=org.technical)
    add(org, "LDTT", 2019, person=org.carol.person)
    response = login(org.alice).get(unit_url(org.technical))
    assert response.status_code == 200
    title, form = rows(response)
    assert Award.objects.get(code="TTLDTT").name_en in title and "Emulation title" in title
    assert Award.objects.get(code="GIAY_KHEN_TT").name_en in form
    assert "Form of commendation" in form
    # A member's personal award belongs on the person's page, not the unit's.
    assert Award.objects.get(code="LDTT").name_en not in response.content.decode()


def test_the_outsider_gets_404_on_a_unit_with_awards(org, login):
    add(org, "TTLDTT", 2019, unit=org.technical)
    assert login(org.charlie).get(unit_url(org.technical)).status_code == 404


def test_the_admin_lists_the_history_with_search_and_filters(org, client, django_user_model):
    add(org, "LDTT", 2019, person=org.carol.person)
    add(org, "TTLDTT", 2019, unit=org.technical)
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    url = reverse("admin:awards_awardrecord_changelist")
    assert client.get(url).context["cl"].result_count == 2
    assert client.get(url, {"q": "carol"}).context["cl"].result_count == 1
    response = client.get(url, {"award__subject": "collective"})
    assert response.context["cl"].result_count == 1
    assert "Emulation title" in response.content.decode()

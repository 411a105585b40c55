"""The catalogue keeps emulation titles and forms of commendation apart (issue 4, item 1)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Award

pytestmark = pytest.mark.usefixtures("english")

TITLES = {
    "LDTT": "person",
    "CSTDCS": "person",
    "CSTD_TINH": "person",
    "CSTD_TQ": "person",
    "TTLDTT": "collective",
    "TTLDXS": "collective",
    "CO_TINH": "collective",
    "CO_CP": "collective",
}
FORMS = {
    "GIAY_KHEN": "person",
    "GIAY_KHEN_TT": "collective",
    "BANG_KHEN_TINH": "person",
    "BANG_KHEN_TINH_TT": "collective",
    "BANG_KHEN_TTG": "person",
    "BANG_KHEN_TTG_TT": "collective",
}
URL = reverse("awards:catalogue")


def table_codes(response, testid):
    """Return the codes listed in one table of the page, in order."""
    html = response.content.decode()
    start = html.index(f'data-testid="{testid}"')
    table = html[start : html.index("</table>", start)]
    return [part.split("</code>")[0] for part in table.split("<td><code>")[1:]]


@pytest.mark.django_db
def test_the_data_migration_loads_every_title_with_kind_and_subject():
    titles = {award.code: award.subject for award in Award.objects.titles()}
    assert titles == TITLES


@pytest.mark.django_db
def test_the_data_migration_loads_every_form_with_kind_and_subject():
    forms = {award.code: award.subject for award in Award.objects.forms()}
    assert forms == FORMS


@pytest.mark.django_db
def test_each_entry_names_its_authority_and_legal_basis():
    expected = {
        "LDTT": "agency_head",
        "CSTDCS": "agency_head",
        "CSTD_TINH": "provincial_chairman",
        "CSTD_TQ": "prime_minister",
        "TTLDTT": "agency_head",
        "TTLDXS": "provincial_chairman",
        "CO_TINH": "provincial_chairman",
        "CO_CP": "prime_minister",
        "GIAY_KHEN": "agency_head",
        "BANG_KHEN_TINH": "provincial_chairman",
        "BANG_KHEN_TTG": "prime_minister",
    }
    for code, authority in expected.items():
        award = Award.objects.get(code=code)
        assert award.authority == authority, code
        assert "06/2022/QH15" in award.legal_basis
        assert award.name_vi and award.name_en


@pytest.mark.django_db
def test_titles_never_contain_a_form_and_forms_never_a_title():
    titles = Award.objects.titles()
    forms = Award.objects.forms()
    assert not titles.filter(kind=Award.Kind.FORM).exists()
    assert not forms.filter(kind=Award.Kind.TITLE).exists()
    assert not set(titles.values_list("code", flat=True)) & set(
        forms.values_list("code", flat=True)
    )
    assert titles.count() + forms.count() == Award.objects.count()


@pytest.mark.django_db
def test_the_database_refuses_a_kind_that_is_neither_title_nor_form():
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            code="BOGUS",
            kind="medal",
            subject="person",
            name_vi="Sai",
            name_en="Bogus",
            authority="agency_head",
            legal_basis="-",
        )
    assert not Award.objects.filter(code="BOGUS").exists()


@pytest.mark.django_db
def test_the_database_refuses_turning_a_title_into_a_bogus_kind():
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.filter(code="LDTT").update(kind="both")
    assert Award.objects.get(code="LDTT").kind == Award.Kind.TITLE


@pytest.mark.django_db
def test_the_database_refuses_a_bogus_subject():
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.filter(code="GIAY_KHEN").update(subject="household")


def test_it_requires_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_page_shows_titles_and_forms_in_two_labelled_tables(org, login):
    response = login(org.bob).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="titles-table-heading">Emulation titles' in html
    assert 'id="forms-table-heading">Forms of commendation' in html
    assert set(table_codes(response, "titles-table")) == set(TITLES)
    assert set(table_codes(response, "forms-table")) == set(FORMS)


def test_a_form_is_never_listed_under_titles_even_when_its_rank_is_low(org, login):
    Award.objects.create(
        code="GIAY_KHEN_DOT_XUAT",
        kind=Award.Kind.FORM,
        subject=Award.Subject.PERSON,
        name_vi="Giấy khen đột xuất",
        name_en="One-off certificate of commendation",
        authority=Award.Authority.AGENCY_HEAD,
        legal_basis="Luật 06/2022/QH15, Điều 75",
        rank=0,
    )
    response = login(org.bob).get(URL)
    titles = table_codes(response, "titles-table")
    assert "GIAY_KHEN_DOT_XUAT" not in titles
    assert not set(titles) & set(FORMS)
    assert "GIAY_KHEN_DOT_XUAT" in table_codes(response, "forms-table")


def test_it_shows_names_in_the_interface_language(org, login):
    response = login(org.bob).get(URL)
    assert "Advanced worker" in response.content.decode()
    assert "Prime Minister" in response.content.decode()


def test_it_filters_by_subject(org, login):
    response = login(org.bob).get(URL, {"subject": "collective"})
    assert set(table_codes(response, "titles-table")) == {
        code for code, subject in TITLES.items() if subject == "collective"
    }
    assert set(table_codes(response, "forms-table")) == {
        code for code, subject in FORMS.items() if subject == "collective"
    }


def test_an_unknown_subject_is_ignored(org, login):
    response = login(org.bob).get(URL, {"subject": "household"})
    assert response.status_code == 200
    assert set(table_codes(response, "titles-table")) == set(TITLES)


def test_an_inactive_entry_is_not_listed(org, login):
    Award.objects.filter(code="CO_CP").update(is_active=False)
    response = login(org.bob).get(URL)
    assert "CO_CP" not in table_codes(response, "titles-table")


def test_the_outsider_reads_the_same_national_catalogue(org, login):
    # The catalogue is the law's, not an agency's: every signed-in user may read it.
    response = login(org.charlie).get(URL)
    assert set(table_codes(response, "titles-table")) == set(TITLES)


def test_query_count_does_not_grow_with_the_catalogue(org, login):
    client = login(org.bob)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for number in range(40):
        Award.objects.create(
            code=f"EXTRA{number}",
            kind=Award.Kind.FORM if number % 2 else Award.Kind.TITLE,
            subject=Award.Subject.PERSON,
            name_vi=f"Khác {number}",
            name_en=f"Extra {number}",
            authority=Award.Authority.AGENCY_HEAD,
            legal_basis="-",
        )
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)

"""Pages of initiatives (sáng kiến): list, detail, create, and the single use (issue 4, item 4)."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards import services
from awards.models import Award, Initiative, InitiativeAuthor
from organizations.actors import SYSTEM
from organizations.models import Event
from tests.factories import PersonFactory
from tests.jobs import run_export

pytestmark = pytest.mark.usefixtures("english")

LIST_URL = reverse("awards:initiative_list")
CREATE_URL = reverse("awards:initiative_create")
EXPORT_URL = reverse("awards:initiative_export")


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


def detail_url(initiative):
    return reverse("awards:initiative_detail", args=[initiative.pk])


def use_url(initiative):
    return reverse("awards:initiative_use", args=[initiative.pk])


def listed(response):
    return [initiative.title for initiative in response.context["page"].object_list]


@pytest.fixture
def initiatives(org):
    """Three initiatives: KT's (carol and dave), VP's (bob), and the other agency's (charlie)."""
    technical = record(org, [(org.carol.person, Decimal("60")), (org.dave.person, Decimal("40"))])
    office = record(
        org,
        [(org.bob.person, Decimal("100"))],
        title="Quản lý văn bản đến trên phần mềm",
        unit=org.office,
        decision_number="7/QĐ-SKHCN",
        decision_date=datetime.date(2019, 6, 1),
        scope=Initiative.Scope.UNIT,
    )
    other = record(
        org,
        [(org.charlie.person, Decimal("100"))],
        title="Sáng kiến của Sở Tài chính",
        unit=org.other,
        decision_number="9/QĐ-STC",
        actor=SYSTEM,  # out of alice's scope
    )
    return technical, office, other


# --- the list -----------------------------------------------------------------------------------


def test_the_officer_lists_the_agencys_initiatives_with_authors_and_shares(org, login, initiatives):
    response = login(org.alice).get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == [
        "Số hoá hồ sơ thẩm định công nghệ",
        "Quản lý văn bản đến trên phần mềm",
    ]
    page = response.content.decode()
    assert "Lê Thị Carol (60 %)" in page and "Hoàng Văn Dave (40 %)" in page
    assert "15/10/2020" in page and "Province" in page
    assert "Sáng kiến của Sở Tài chính" not in page


def test_staff_see_the_initiatives_of_their_unit_or_with_an_author_there(org, login, initiatives):
    technical, office, _other = initiatives
    client = login(org.bob)
    assert listed(client.get(LIST_URL)) == ["Quản lý văn bản đến trên phần mềm"]
    # KT's initiative has no author in VP: outside bob's scope.
    assert client.get(detail_url(technical)).status_code == 404
    shared = record(
        org,
        [(org.carol.person, Decimal("50")), (org.bob.person, Decimal("50"))],
        title="Chung KT và VP",
    )
    assert client.get(detail_url(shared)).status_code == 200


def test_the_outsider_gets_404_on_another_agencys_initiative(org, login, initiatives):
    technical, _office, _other = initiatives
    client = login(org.charlie)
    assert client.get(detail_url(technical)).status_code == 404
    assert client.get(use_url(technical)).status_code == 404
    assert listed(client.get(LIST_URL)) == ["Sáng kiến của Sở Tài chính"]


@pytest.mark.parametrize("query", ["so hoa", "Số hoá", "SO HOA HO SO", "123/QĐ"])
def test_the_search_finds_a_title_with_or_without_diacritics(org, login, initiatives, query):
    response = login(org.alice).get(LIST_URL, {"q": query})
    assert listed(response) == ["Số hoá hồ sơ thẩm định công nghệ"]


def test_an_edited_title_is_found_by_its_new_words(org, login, initiatives):
    technical, _office, _other = initiatives
    technical.title = "Chuyển đổi số quy trình cấp phép"
    technical.save()  # as the admin saves it

    client = login(org.alice)
    assert listed(client.get(LIST_URL, {"q": "chuyen doi so"})) == [technical.title]
    assert listed(client.get(LIST_URL, {"q": "so hoa"})) == []


def test_the_search_compares_titles_in_the_database(org, login, initiatives):
    client = login(org.alice)
    client.get(LIST_URL)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"q": "so hoa"})

    assert listed(response) == ["Số hoá hồ sơ thẩm định công nghệ"]
    # The folded titles are matched by the list's own query: no query reads every title in
    # scope to fold it (320 ms at 35,000 initiatives), and without a digit in the text the
    # decision numbers are not searched.
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    # SQLite: LIKE on the folded titles; PostgreSQL: a phrase query on their words' index.
    assert re.search(
        r'"search_title" LIKE|\("awards_initiative"\."search_title"\)::text\) @@', statements
    )
    assert not re.search(r'"decision_number"(::text)?\)? LIKE', statements)
    assert not any(
        '"awards_initiative"."title"' in query["sql"] and "LIMIT" not in query["sql"]
        for query in queries.captured_queries
    )


def test_the_filters_narrow_the_list(org, login, initiatives):
    technical, _office, _other = initiatives
    services.initiative_use(
        actor=org.alice.user,
        initiative=technical,
        award=Award.objects.get(code="CSTDCS"),
        year=2020,
    )
    client = login(org.alice)
    assert listed(client.get(LIST_URL, {"year": "2019"})) == ["Quản lý văn bản đến trên phần mềm"]
    assert listed(client.get(LIST_URL, {"scope": "province"})) == [technical.title]
    assert listed(client.get(LIST_URL, {"used": "used"})) == [technical.title]
    assert listed(client.get(LIST_URL, {"used": "unused"})) == ["Quản lý văn bản đến trên phần mềm"]
    assert listed(client.get(LIST_URL, {"unit": "KT"})) == [technical.title]
    assert listed(client.get(LIST_URL, {"unit": "SKHCN"})) == [
        technical.title,
        "Quản lý văn bản đến trên phần mềm",
    ]
    empty = client.get(LIST_URL, {"q": "không có"})
    assert "No initiative matches these filters" in empty.content.decode()


def test_the_empty_list_tells_the_officer_what_to_do(org, login):
    page = login(org.alice).get(LIST_URL).content.decode()
    assert "No initiative recorded yet" in page
    assert CREATE_URL in page
    staff_page = login(org.bob).get(LIST_URL).content.decode()
    assert "The emulation officer records the recognised initiatives" in staff_page
    assert CREATE_URL not in staff_page


def bulk_initiatives(org, count):
    for index in range(count):
        initiative = Initiative.objects.create(
            title=f"Sáng kiến số {index}",
            unit=org.technical if index % 2 else None,
            recognised_by="Hội đồng sáng kiến",
            decision_number=f"{index}/QĐ",
            decision_date=datetime.date(2018 + index % 3, 1, 1),
            scope=Initiative.Scope.UNIT,
        )
        InitiativeAuthor.objects.create(
            initiative=initiative, person=org.carol.person, share=Decimal(60)
        )
        InitiativeAuthor.objects.create(
            initiative=initiative, person=org.dave.person, share=Decimal(40)
        )


def test_the_list_costs_the_same_queries_however_many_initiatives(org, login):
    client = login(org.alice)
    bulk_initiatives(org, 3)
    client.get(LIST_URL)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as few:
        response = client.get(LIST_URL, {"q": "sang kien", "used": "unused"})
    assert len(listed(response)) == 3
    bulk_initiatives(org, 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST_URL, {"q": "sang kien", "used": "unused"})
    assert len(listed(response)) == 23
    assert len(many) == len(few)


def test_the_export_has_the_filtered_initiatives(org, login, initiatives):
    response = run_export(login(org.alice), EXPORT_URL, {"scope": "province"})
    assert response.status_code == 200
    assert "sang-kien-" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("Tên sáng kiến", "Tác giả (tỷ lệ đóng góp)", "Đơn vị")
    assert len(rows) == 2
    title, authors, unit, _by, number, date, scope, used, *_rest = rows[1]
    assert title == "Số hoá hồ sơ thẩm định công nghệ"
    assert authors == "Lê Thị Carol (60 %); Hoàng Văn Dave (40 %)"
    assert (unit, number, scope) == ("Phòng Quản lý công nghệ", "123/QĐ-UBND", "Cấp tỉnh")
    assert used is None
    assert date.date() == datetime.date(2020, 10, 15)


def test_staff_export_only_their_scope(org, login, initiatives):
    response = run_export(login(org.bob), EXPORT_URL)
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [r[0] for r in rows[1:]] == ["Quản lý văn bản đến trên phần mềm"]


# --- the detail page ---------------------------------------------------------------------------


def test_the_detail_shows_authors_decision_scope_and_use(org, login, initiatives):
    technical, _office, _other = initiatives
    response = login(org.alice).get(detail_url(technical))
    page = response.content.decode()
    assert "Lê Thị Carol" in page and "60 %" in page and "40 %" in page
    assert "123/QĐ-UBND, 15/10/2020" in page
    assert "Hội đồng sáng kiến cấp tỉnh" in page and "Province" in page
    assert 'data-testid="unused"' in page and use_url(technical) in page
    services.initiative_use(
        actor=org.alice.user,
        initiative=technical,
        award=Award.objects.get(code="CSTDCS"),
        year=2020,
    )
    page = login(org.alice).get(detail_url(technical)).content.decode()
    assert 'data-testid="used-for"' in page
    assert Award.objects.get(code="CSTDCS").name_en in page and "in 2020" in page
    assert use_url(technical) not in page


def test_staff_read_the_detail_without_the_use_action(org, login, initiatives):
    _technical, office, _other = initiatives
    page = login(org.bob).get(detail_url(office)).content.decode()
    assert "Trần Văn Bob" in page
    assert use_url(office) not in page


# --- create ------------------------------------------------------------------------------------


def form_data(org, authors, **changes):
    data = {
        "title": "Phần mềm theo dõi nhiệm vụ khoa học",
        "summary": "Theo dõi tiến độ đề tài.",
        "unit": str(org.technical.pk),
        "recognised_by": "Hội đồng sáng kiến cơ sở",
        "decision_number": "55/QĐ-SKHCN",
        "decision_date": "20/11/2020",
        "scope": "unit",
        "authors-TOTAL_FORMS": "5",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
    }
    for index, (person, share) in enumerate(authors):
        data[f"authors-{index}-person"] = str(person.pk)
        data[f"authors-{index}-share"] = share
    data.update(changes)
    return data


def counts():
    return Initiative.objects.count(), InitiativeAuthor.objects.count(), Event.objects.count()


def test_the_officer_records_an_initiative_with_its_authors(org, login):
    client = login(org.alice)
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(
        CREATE_URL, form_data(org, [(org.carol.person, "70"), (org.dave.person, "30")])
    )
    initiative = Initiative.objects.get(title="Phần mềm theo dõi nhiệm vụ khoa học")
    assert response.status_code == 302
    assert response.url == detail_url(initiative)
    assert initiative.unit == org.technical
    assert initiative.decision_date == datetime.date(2020, 11, 20)
    shares = {a.person.code: a.share for a in initiative.authors.all()}
    assert shares == {"CAROL": Decimal(70), "DAVE": Decimal(30)}
    assert Event.objects.filter(verb="initiative_recorded", actor=org.alice.user).count() == 1


def test_shares_that_do_not_add_up_are_refused_with_the_services_message(org, login):
    before = counts()
    response = login(org.alice).post(
        CREATE_URL, form_data(org, [(org.carol.person, "60"), (org.dave.person, "30")])
    )
    assert response.status_code == 200
    assert counts() == before
    page = response.content.decode()
    assert 'data-testid="author-errors"' in page
    assert "must add up to exactly 100 %; they add up to 90 %." in page


def test_an_initiative_without_authors_is_refused(org, login):
    before = counts()
    response = login(org.alice).post(CREATE_URL, form_data(org, []))
    assert response.status_code == 200
    assert counts() == before
    assert "Name at least one author of the initiative." in response.content.decode()


def test_only_people_in_scope_are_offered_as_authors(org, login):
    response = login(org.alice).get(CREATE_URL)
    choices = {
        str(label)
        for _value, label in response.context["authors"].forms[0].fields["person"].choices
    }
    assert "Lê Thị Carol (CAROL)" in choices
    assert "Phạm Văn Charlie (CHARLIE)" not in choices
    before = counts()
    response = login(org.alice).post(CREATE_URL, form_data(org, [(org.charlie.person, "100")]))
    assert response.status_code == 200
    assert counts() == before
    assert "Select a valid choice." in response.content.decode()


def test_a_unit_outside_the_scope_is_refused(org, login):
    before = counts()
    data = form_data(org, [(org.carol.person, "100")], unit=str(org.other.pk))
    response = login(org.alice).post(CREATE_URL, data)
    assert response.status_code == 200
    assert counts() == before
    assert "Select a valid choice." in response.content.decode()


def test_staff_may_not_record_an_initiative(org, login):
    client = login(org.bob)
    assert client.get(CREATE_URL).status_code == 403
    before = counts()
    assert client.post(CREATE_URL, form_data(org, [(org.bob.person, "100")])).status_code == 403
    assert counts() == before
    assert CREATE_URL not in client.get(LIST_URL).content.decode()


def test_namesakes_are_told_apart_by_their_staff_code(org, login):
    PersonFactory(code="CB777", full_name="Lê Thị Carol", unit=org.office)
    response = login(org.alice).get(CREATE_URL)
    labels = [
        str(label) for _v, label in response.context["authors"].forms[0].fields["person"].choices
    ]
    assert "Lê Thị Carol (CAROL)" in labels and "Lê Thị Carol (CB777)" in labels


# --- use for a title or form ---------------------------------------------------------------


def use(client, initiative, code="CSTDCS", year=2020):
    award = Award.objects.get(code=code)
    return client.post(use_url(initiative), {"award": str(award.pk), "year": str(year)})


def test_the_officer_uses_an_initiative_once(org, login, initiatives):
    technical, _office, _other = initiatives
    client = login(org.alice)
    confirm = client.get(use_url(technical))
    assert confirm.status_code == 200
    assert 'data-testid="confirm-use"' in confirm.content.decode()
    response = use(client, technical)
    assert response.status_code == 302
    assert response.url == detail_url(technical)
    technical.refresh_from_db()
    assert (technical.used_for_award.code, technical.used_for_year) == ("CSTDCS", 2020)
    assert Event.objects.filter(verb="initiative_used").count() == 1


def test_the_second_use_is_refused_with_the_services_message(org, login, initiatives):
    technical, _office, _other = initiatives
    client = login(org.alice)
    assert use(client, technical).status_code == 302
    events = Event.objects.count()
    response = use(client, technical, code="BANG_KHEN_TINH", year=2020)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This initiative was already used for" in page
    assert "An initiative may be used once, for a title or a form of commendation" in page
    technical.refresh_from_db()
    assert technical.used_for_award.code == "CSTDCS"
    assert Event.objects.count() == events
    # Opened again, the page says so instead of offering the form.
    page = client.get(use_url(technical)).content.decode()
    assert 'data-testid="already-used"' in page and 'data-testid="confirm-use"' not in page


def test_a_use_in_a_future_year_is_refused(org, login, initiatives):
    technical, _office, _other = initiatives
    response = use(login(org.alice), technical, year=datetime.date.today().year + 1)
    assert response.status_code == 200
    assert "This year has not come yet." in response.content.decode()
    technical.refresh_from_db()
    assert not technical.is_used


def test_staff_may_not_use_an_initiative(org, login, initiatives):
    _technical, office, _other = initiatives
    client = login(org.bob)
    assert client.get(use_url(office)).status_code == 403
    assert use(client, office).status_code == 403
    office.refresh_from_db()
    assert not office.is_used


def test_the_use_is_post_only_in_effect(org, login, initiatives):
    technical, _office, _other = initiatives
    login(org.alice).get(use_url(technical), {"award": "1", "year": "2020"})
    technical.refresh_from_db()
    assert not technical.is_used


def test_the_year_filter_offers_this_year_back_to_the_earliest_recognition(org, login):
    """Read from the list's index, not from every initiative in scope: the years run from this
    year back to the earliest recognition recorded, and the list reads a page in its order."""
    from django.utils import timezone

    from tests.factories import InitiativeFactory

    InitiativeFactory(unit=org.technical, decision_date=datetime.date(2016, 5, 2))
    InitiativeFactory(unit=org.technical, decision_date=datetime.date(2019, 10, 1))
    response = login(org.alice).get(LIST_URL)
    choices = [value for value, _label in response.context["filter"].form.fields["year"].choices]
    this_year = timezone.localdate().year
    assert [c for c in choices if c] == [str(y) for y in range(this_year, 2015, -1)]
    dated = [i.decision_date for i in response.context["page"].object_list]
    assert dated == sorted(dated, reverse=True)

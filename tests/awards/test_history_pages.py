"""Pages of the award history: per person, per unit, revocation, and the consolidated list."""

import datetime
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards import services
from awards.models import Award, AwardRecord
from organizations.actors import SYSTEM
from organizations.models import Event, Unit
from tests.factories import PersonFactory, UnitFactory
from tests.jobs import run_export

pytestmark = pytest.mark.usefixtures("english")

LIST_URL = reverse("awards:history_list")
EXPORT_URL = reverse("awards:history_export")
ISSUER = "Giám đốc Sở Khoa học và Công nghệ"


def person_url(persona):
    return reverse("awards:person_history", args=[persona.person.code])


def unit_url(unit):
    return reverse("awards:unit_history", args=[unit.code])


def revoke_url(record):
    return reverse("awards:award_revoke", args=[record.pk])


def add(org, code, year, *, source=AwardRecord.Source.ENTERED, actor=None, **nominee):
    return services.award_record_add(
        actor=actor or org.alice.user,
        award=Award.objects.get(code=code),
        year=year,
        decision_number=f"{year}/QĐ-SKHCN",
        decision_date=datetime.date(year + 1, 1, 15),
        issuer=ISSUER,
        source=source,
        source_document="Sổ khen thưởng",
        **nominee,
    )


def revoke(org, record):
    return services.award_record_revoke(
        actor=org.alice.user,
        record=record,
        reason="Khai man thành tích",
        revoking_decision="77/QĐ-SKHCN",
    )


def rows(response):
    """Return the history table's rows as HTML fragments."""
    html = response.content.decode()
    start = html.index('data-testid="awards"')
    table = html[start : html.index("</table>", start)]
    return table.split('data-testid="award-record"')[1:]


def counts():
    return AwardRecord.objects.count(), Event.objects.count()


# --- a person's history -------------------------------------------------------------------------


def test_a_persons_page_lists_valid_and_revoked_awards(org, login):
    add(org, "CSTDCS", 2019, person=org.carol.person)
    revoke(org, add(org, "GIAY_KHEN", 2018, person=org.carol.person))
    response = login(org.alice).get(person_url(org.carol))
    assert response.status_code == 200
    newest, revoked = rows(response)
    assert Award.objects.get(code="CSTDCS").name_en in newest
    assert "Emulation title" in newest and "Valid" in newest
    assert "2019/QĐ-SKHCN" in newest and "15/01/2020" in newest
    assert "Entered by hand" in newest and "Sổ khen thưởng" in newest
    assert 'data-testid="award-revoked"' in revoked and "Form of commendation" in revoked
    assert "<s>" in revoked
    assert "Khai man thành tích" in revoked and "77/QĐ-SKHCN" in revoked
    # The officer may revoke the valid award, not the revoked one again.
    assert 'data-testid="revoke-link"' in newest
    assert 'data-testid="revoke-link"' not in revoked


def test_a_persons_register_page_shows_the_awards_without_issuer_and_source(org, login):
    """The register page's card is narrow: the year, award, kind, decision and status fit it
    whole; the issuer and the source stay on the history page its link opens."""
    add(org, "CSTDCS", 2019, person=org.carol.person)
    client = login(org.alice)
    (row,) = rows(client.get(reverse("organizations:person_detail", args=["CAROL"])))
    assert "2019/QĐ-SKHCN" in row and "Valid" in row and "Emulation title" in row
    assert ISSUER not in row and "Entered by hand" not in row
    (full,) = rows(client.get(person_url(org.carol)))
    assert ISSUER in full and "Entered by hand" in full


def test_the_officer_is_offered_only_the_awards_that_fit_a_person(org, login):
    response = login(org.alice).get(person_url(org.carol))
    offered = {award.code for award in response.context["form"].fields["award"].queryset}
    assert {"LDTT", "CSTDCS", "GIAY_KHEN"} <= offered
    assert not offered & {"TTLDTT", "TTLDXS", "GIAY_KHEN_TT"}
    assert "No title or commendation recorded yet" in response.content.decode()


def record_data(code, year=2019, **changes):
    data = {
        "award": str(Award.objects.get(code=code).pk),
        "year": str(year),
        "decision_number": "45/QĐ-SKHCN",
        "decision_date": "10/01/2020",
        "issuer": ISSUER,
        "source_document": "Bản sao quyết định 45/QĐ-SKHCN",
    }
    data.update(changes)
    return data


def test_a_record_typed_by_hand_is_entered_by_hand_whatever_is_posted(org, login):
    client = login(org.alice)
    form_page = client.get(person_url(org.carol)).content.decode()
    assert "Imported from Excel" not in form_page
    client.post(person_url(org.carol), record_data("LDTT", source="imported"))
    assert AwardRecord.objects.get(person=org.carol.person).source == "entered"


def test_the_officer_adds_a_record_to_a_persons_history(org, login):
    client = login(org.alice)
    response = client.post(person_url(org.carol), record_data("LDTT"))
    assert response.status_code == 302
    assert response.url == person_url(org.carol)
    record = AwardRecord.objects.get(person=org.carol.person)
    assert (record.award.code, record.year, record.source) == ("LDTT", 2019, "entered")
    assert record.decision_date == datetime.date(2020, 1, 10)
    assert record.source_document == "Bản sao quyết định 45/QĐ-SKHCN"
    assert Event.objects.filter(verb="award_recorded", actor=org.alice.user).count() == 1
    page = client.get(response.url).content.decode()
    assert "has been added to the award history" in page


def test_a_collective_award_cannot_be_added_to_a_person(org, login):
    before = counts()
    response = login(org.alice).post(person_url(org.carol), record_data("TTLDTT"))
    assert response.status_code == 200
    assert counts() == before
    assert "Select a valid choice." in response.content.decode()


def test_a_second_record_of_the_same_award_and_year_is_refused(org, login):
    add(org, "LDTT", 2019, person=org.carol.person)
    before = counts()
    response = login(org.alice).post(person_url(org.carol), record_data("LDTT"))
    assert response.status_code == 200
    assert counts() == before
    assert "already has" in response.content.decode()
    assert "2019/QĐ-SKHCN" in response.content.decode()


def test_a_record_for_a_future_year_or_without_its_source_is_refused(org, login):
    client = login(org.alice)
    before = counts()
    future = timezone.localdate().year + 1
    response = client.post(person_url(org.carol), record_data("LDTT", year=future))
    assert "This year has not come yet." in response.content.decode()
    response = client.post(person_url(org.carol), record_data("LDTT", source_document=""))
    assert "This field is required." in response.content.decode()
    response = client.post(person_url(org.carol), record_data("LDTT", decision_date="31/02/2020"))
    assert "Enter a valid date." in response.content.decode()
    assert counts() == before


def test_staff_read_a_history_without_the_form_and_may_not_add(org, login):
    add(org, "LDTT", 2019, person=org.bob.person)
    client = login(org.bob)
    response = client.get(person_url(org.bob))
    assert response.status_code == 200
    assert response.context["form"] is None
    (row,) = rows(response)
    assert 'data-testid="revoke-link"' not in row
    before = counts()
    assert client.post(person_url(org.bob), record_data("CSTDCS")).status_code == 403
    assert counts() == before


def test_the_outsider_gets_404_on_a_persons_history(org, login):
    client = login(org.charlie)
    assert client.get(person_url(org.carol)).status_code == 404
    before = counts()
    assert client.post(person_url(org.carol), record_data("LDTT")).status_code == 404
    assert counts() == before


def test_staff_get_404_on_a_person_outside_their_unit(org, login):
    assert login(org.bob).get(person_url(org.carol)).status_code == 404


def test_the_history_page_costs_the_same_queries_however_long(org, login):
    client = login(org.alice)
    for year in range(2015, 2018):
        add(org, "LDTT", year, person=org.carol.person)
    client.get(person_url(org.carol))
    with CaptureQueriesContext(connection) as few:
        assert len(rows(client.get(person_url(org.carol)))) == 3
    for year in range(2000, 2015):
        add(org, "GIAY_KHEN", year, person=org.carol.person)
    with CaptureQueriesContext(connection) as many:
        assert len(rows(client.get(person_url(org.carol)))) == 18
    assert len(many) == len(few)


# --- a unit's history ---------------------------------------------------------------------------


def test_the_officer_adds_a_collective_award_to_a_unit(org, login):
    client = login(org.alice)
    response = client.get(unit_url(org.technical))
    offered = {award.code for award in response.context["form"].fields["award"].queryset}
    assert "TTLDTT" in offered and "LDTT" not in offered
    response = client.post(unit_url(org.technical), record_data("TTLDTT"))
    assert response.status_code == 302
    record = AwardRecord.objects.get(unit=org.technical)
    assert record.award.code == "TTLDTT"
    (row,) = rows(client.get(unit_url(org.technical)))
    assert Award.objects.get(code="TTLDTT").name_en in row and "Emulation title" in row


def test_a_unit_page_lists_only_the_units_own_awards(org, login):
    add(org, "TTLDTT", 2019, unit=org.technical)
    add(org, "LDTT", 2019, person=org.carol.person)
    (row,) = rows(login(org.alice).get(unit_url(org.technical)))
    assert Award.objects.get(code="TTLDTT").name_en in row


def test_a_unit_history_is_404_outside_the_scope_and_403_to_write(org, login):
    assert login(org.charlie).get(unit_url(org.technical)).status_code == 404
    assert login(org.bob).get(unit_url(org.technical)).status_code == 404
    client = login(org.bob)
    assert client.get(unit_url(org.office)).status_code == 200
    before = counts()
    assert client.post(unit_url(org.office), record_data("TTLDTT")).status_code == 403
    assert counts() == before


def test_a_unit_without_awards_shows_what_to_do(org, login):
    page = login(org.alice).get(unit_url(org.technical)).content.decode()
    assert "No title or commendation recorded yet" in page
    assert reverse("awards:history_import") in page


# --- revocation ----------------------------------------------------------------------------------


def test_the_officer_revokes_an_award_after_confirming(org, login):
    record = add(org, "CSTDCS", 2019, person=org.carol.person)
    client = login(org.alice)
    confirm = client.get(revoke_url(record))
    assert confirm.status_code == 200
    assert 'data-testid="confirm-revoke"' in confirm.content.decode()
    record.refresh_from_db()
    assert record.status == "valid"  # opening the page changes nothing
    response = client.post(
        revoke_url(record),
        {"revoking_decision": "77/QĐ-SKHCN", "revocation_reason": "Khai man thành tích"},
    )
    assert response.status_code == 302
    assert response.url == person_url(org.carol)
    record.refresh_from_db()
    assert record.status == "revoked"
    assert (record.revoking_decision, record.revocation_reason) == (
        "77/QĐ-SKHCN",
        "Khai man thành tích",
    )
    assert Event.objects.filter(verb="award_revoked", actor=org.alice.user).count() == 1
    (row,) = rows(client.get(response.url))
    assert 'data-testid="award-revoked"' in row and "Khai man thành tích" in row


def test_a_unit_award_revocation_returns_to_the_unit(org, login):
    record = add(org, "TTLDTT", 2019, unit=org.technical)
    response = login(org.alice).post(
        revoke_url(record), {"revoking_decision": "8/QĐ", "revocation_reason": "Sai quy trình"}
    )
    assert response.url == unit_url(org.technical)


def test_a_revocation_needs_its_reason_and_decision(org, login):
    record = add(org, "LDTT", 2019, person=org.carol.person)
    before = counts()
    response = login(org.alice).post(
        revoke_url(record), {"revoking_decision": "", "revocation_reason": ""}
    )
    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 2
    record.refresh_from_db()
    assert record.status == "valid"
    assert counts() == before


def test_a_revoked_award_cannot_be_revoked_again(org, login):
    record = revoke(org, add(org, "LDTT", 2019, person=org.carol.person))
    client = login(org.alice)
    page = client.get(revoke_url(record)).content.decode()
    assert 'data-testid="already-revoked"' in page and 'data-testid="confirm-revoke"' not in page
    events = Event.objects.count()
    response = client.post(
        revoke_url(record), {"revoking_decision": "99/QĐ", "revocation_reason": "Lần hai"}
    )
    assert response.status_code == 200
    assert "This award was already revoked by decision 77/QĐ-SKHCN." in response.content.decode()
    record.refresh_from_db()
    assert record.revoking_decision == "77/QĐ-SKHCN"
    assert Event.objects.count() == events


def test_staff_may_not_revoke_and_the_outsider_gets_404(org, login):
    own = add(org, "LDTT", 2019, person=org.bob.person)
    data = {"revoking_decision": "1/QĐ", "revocation_reason": "Thử"}
    assert login(org.bob).get(revoke_url(own)).status_code == 403
    assert login(org.bob).post(revoke_url(own), data).status_code == 403
    assert login(org.charlie).get(revoke_url(own)).status_code == 404
    assert login(org.charlie).post(revoke_url(own), data).status_code == 404
    own.refresh_from_db()
    assert own.status == "valid"


# --- the consolidated list ------------------------------------------------------------------


def listed(response):
    return [
        (r.year, r.award.code, (r.person or r.unit).code)
        for r in response.context["page"].object_list
    ]


@pytest.fixture
def history(org):
    """Awards across the agency, one revoked and one imported, and one in another agency."""
    add(org, "CSTDCS", 2020, person=org.carol.person)
    add(org, "LDTT", 2019, person=org.bob.person, source=AwardRecord.Source.IMPORTED)
    add(org, "TTLDTT", 2019, unit=org.technical)
    revoke(org, add(org, "GIAY_KHEN", 2018, person=org.dave.person))
    # The other agency's record: out of alice's scope, kept by the system here.
    add(org, "LDTT", 2019, person=org.charlie.person, actor=SYSTEM)


def test_the_list_shows_the_scope_with_the_kind_always_shown(org, login, history):
    response = login(org.alice).get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == [
        (2020, "CSTDCS", "CAROL"),
        (2019, "LDTT", "BOB"),
        (2019, "TTLDTT", "KT"),
        (2018, "GIAY_KHEN", "DAVE"),
    ]
    table = rows(response)
    assert all('data-testid="award-kind"' in row for row in table)
    assert "Form of commendation" in table[3] and "Emulation title" in table[0]
    assert "Phòng Quản lý công nghệ" in table[2] and "Collective" in table[2]
    assert "4 award records" in response.content.decode()


def test_staff_see_only_their_units_records(org, login, history):
    assert listed(login(org.bob).get(LIST_URL)) == [(2019, "LDTT", "BOB")]
    assert listed(login(org.charlie).get(LIST_URL)) == [(2019, "LDTT", "CHARLIE")]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2019"}, [(2019, "LDTT", "BOB"), (2019, "TTLDTT", "KT")]),
        ({"award": "CSTDCS"}, [(2020, "CSTDCS", "CAROL")]),
        ({"kind": "form"}, [(2018, "GIAY_KHEN", "DAVE")]),
        ({"kind": "title", "subject": "collective"}, [(2019, "TTLDTT", "KT")]),
        (
            {"subject": "person"},
            [(2020, "CSTDCS", "CAROL"), (2019, "LDTT", "BOB"), (2018, "GIAY_KHEN", "DAVE")],
        ),
        ({"status": "revoked"}, [(2018, "GIAY_KHEN", "DAVE")]),
        ({"source": "imported"}, [(2019, "LDTT", "BOB")]),
        (
            {"unit": "KT"},
            [(2020, "CSTDCS", "CAROL"), (2019, "TTLDTT", "KT"), (2018, "GIAY_KHEN", "DAVE")],
        ),
        ({"q": "le thi carol"}, [(2020, "CSTDCS", "CAROL")]),
        ({"q": "Lê Thị"}, [(2020, "CSTDCS", "CAROL")]),
        ({"q": "quan ly cong nghe"}, [(2019, "TTLDTT", "KT")]),
        ({"q": "bob"}, [(2019, "LDTT", "BOB")]),
        ({"q": "2018/QĐ"}, [(2018, "GIAY_KHEN", "DAVE")]),
    ],
)
def test_the_filters_and_search_narrow_the_list(org, login, history, params, expected):
    assert listed(login(org.alice).get(LIST_URL, params)) == expected


def test_a_name_search_reads_the_records_by_the_people_and_units_found(org, login, history):
    """The people and units are looked up first, each through its own indexes; the records
    are then read by their keys. A condition on the records' own decision number joins the
    search only when the text holds a digit: alone it reads every record of the province
    (2.3 s at 300,000 people, docs/performance.md, "seventh round")."""
    client = login(org.alice)
    with CaptureQueriesContext(connection) as queries:
        assert listed(client.get(LIST_URL, {"q": "le thi carol"})) == [(2020, "CSTDCS", "CAROL")]
    records = [q["sql"] for q in queries if 'FROM "awards_awardrecord"' in q["sql"]]
    assert records and not any("decision_number" in sql.split("WHERE")[-1] for sql in records)
    assert not any("search_name" in sql.split("WHERE")[-1] for sql in records)
    with CaptureQueriesContext(connection) as queries:
        assert listed(client.get(LIST_URL, {"q": "2018/QĐ"})) == [(2018, "GIAY_KHEN", "DAVE")]
    assert any(
        "decision_number" in q["sql"].split("WHERE")[-1]
        for q in queries
        if 'FROM "awards_awardrecord"' in q["sql"]
    )


@pytest.mark.parametrize(
    ("reader", "text", "expected"),
    [
        # Staff of the office: not the technical division's people or unit, nor its numbers.
        ("bob", "le thi carol", []),
        ("bob", "quan ly cong nghe", []),
        ("bob", "2019/QĐ", [(2019, "LDTT", "BOB")]),
        ("bob", "tran van bob", [(2019, "LDTT", "BOB")]),
        # The union chair reads his union's members, whatever their unit.
        ("dave", "tran van bob", [(2019, "LDTT", "BOB")]),
        ("dave", "2019/QĐ", [(2019, "LDTT", "BOB"), (2019, "TTLDTT", "KT")]),
        ("dave", "pham van charlie", []),
        # The other agency's staff: its own record only, whichever number matches.
        ("charlie", "2019/QĐ", [(2019, "LDTT", "CHARLIE")]),
        ("charlie", "bob", []),
        # The officer: the whole agency, never another's.
        ("alice", "pham van charlie", []),
        ("alice", "charlie", []),
        ("alice", "van", [(2019, "LDTT", "BOB"), (2018, "GIAY_KHEN", "DAVE")]),
    ],
)
def test_a_search_finds_nothing_outside_the_readers_scope(
    org, login, history, reader, text, expected
):
    """The people and units are found within the reader's scope before their records are
    read, and a decision number among the records in scope (awards.selectors.history_list)."""
    client = login(getattr(org, reader))
    assert listed(client.get(LIST_URL, {"q": text})) == expected
    sheet = list(
        load_workbook(io.BytesIO(run_export(client, EXPORT_URL, {"q": text}).content)).active.values
    )
    assert [(line[3], line[2], line[0] or line[1]) for line in sheet[1:]] == expected


def test_a_name_search_reads_the_records_without_joining_their_nominees(org, login, history):
    """Found in scope, the records are read by their nominees' keys alone."""
    client = login(org.alice)
    with CaptureQueriesContext(connection) as queries:
        assert listed(client.get(LIST_URL, {"q": "le thi carol"})) == [(2020, "CSTDCS", "CAROL")]
    records = [q["sql"] for q in queries if 'FROM "awards_awardrecord"' in q["sql"]]
    assert records and not any('"path"' in sql.split("WHERE")[-1] for sql in records)


def test_the_officer_of_the_only_agency_finds_the_people_without_reading_their_units(
    org, login, history
):
    """When the officer's agency holds every unit there is, the people are looked up by name
    alone (organizations.scope.holds_every_unit); as soon as another agency is there, by
    name within the agency."""

    def people_lookups(text):
        client = login(org.alice)
        with CaptureQueriesContext(connection) as queries:
            found = listed(client.get(LIST_URL, {"q": text}))
        lookups = [q["sql"] for q in queries if 'FROM "organizations_person"' in q["sql"]]
        return found, [sql for sql in lookups if "search_name" in sql.split(" WHERE ", 1)[-1]]

    AwardRecord.objects.filter(person=org.charlie.person).delete()
    org.charlie.person.delete()
    org.other.delete()
    found, lookups = people_lookups("van")
    assert found == [(2019, "LDTT", "BOB"), (2018, "GIAY_KHEN", "DAVE")]
    assert len(lookups) == 1 and "organizations_unit" not in lookups[0]

    other = UnitFactory(code="STC", name="Sở Tài chính", kind=Unit.Kind.AGENCY)
    stranger = PersonFactory(code="EVE", full_name="Đỗ Văn Eve", unit=other)
    add(org, "LDTT", 2019, person=stranger, actor=SYSTEM)
    found, lookups = people_lookups("van")
    assert found == [(2019, "LDTT", "BOB"), (2018, "GIAY_KHEN", "DAVE")]
    assert len(lookups) == 1 and "organizations_unit" in lookups[0]


def test_past_the_count_limit_each_page_of_a_search_holds_the_next_newest_records(
    org, login, history, settings
):
    """More records match than the list counts ("more than 2"): its pages, in its order."""
    settings.LIST_COUNT_LIMIT, settings.PAGE_SIZE = 2, 1
    add(org, "GIAY_KHEN", 2020, person=org.bob.person)
    client = login(org.alice)
    first = client.get(LIST_URL, {"q": "van"})
    assert listed(first) == [(2020, "GIAY_KHEN", "BOB")]
    assert "Showing 1–1 of more than 2" in first.content.decode()
    second = client.get(LIST_URL, {"q": "van", "page": 2})
    assert listed(second) == [(2019, "LDTT", "BOB")]


def test_a_renamed_unit_is_found_by_its_new_name(org, login, history):
    org.technical.name = "Phòng Đổi mới sáng tạo"
    org.technical.save()
    found = listed(login(org.alice).get(LIST_URL, {"q": "doi moi sang tao"}))
    assert found == [(2019, "TTLDTT", "KT")]


def test_the_rows_show_what_changed_since_they_were_first_drawn(org, login, history, leader):
    """The rows are drawn once for what they show (awards.templatetags.award_history): a
    change made anywhere, even behind the services' back, is drawn again at once."""
    client = login(org.alice)
    first = rows(client.get(LIST_URL))
    assert "Phòng Quản lý công nghệ" in first[0] and 'data-testid="revoke-link"' in first[0]
    Unit.objects.filter(pk=org.technical.pk).update(name="Phòng Công nghệ số")
    record = AwardRecord.objects.get(person=org.carol.person)
    revoke(org, record)
    again = rows(client.get(LIST_URL))
    assert "Phòng Công nghệ số" in again[0] and "Phòng Quản lý công nghệ" not in again[0]
    assert 'data-status="revoked"' in again[0] and "77/QĐ-SKHCN" in again[0]
    assert 'data-testid="revoke-link"' not in again[0]
    # In the reader's language, and without the officer's links for a reader who has none.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert "Danh hiệu thi đua" in rows(client.get(LIST_URL))[1]
    read = rows(login(leader).get(LIST_URL))
    assert read and not any('data-testid="revoke-link"' in row for row in read)


def test_a_nominees_page_draws_its_rows_without_the_nominee(org, login, history):
    client = login(org.alice)
    assert all('class="nominee"' in row for row in rows(client.get(LIST_URL)))
    own = rows(client.get(person_url(org.carol)))
    assert own and not any('class="nominee"' in row for row in own)


def test_a_filter_that_matches_nothing_says_so(org, login, history):
    page = login(org.alice).get(LIST_URL, {"q": "không ai"}).content.decode()
    assert "No award record matches these filters" in page


def test_the_empty_list_tells_each_reader_what_to_expect(org, login):
    officer = login(org.alice).get(LIST_URL).content.decode()
    assert "No award recorded yet" in officer
    assert reverse("awards:history_import") in officer
    staff = login(org.bob).get(LIST_URL).content.decode()
    assert "The emulation officer records the titles" in staff
    assert reverse("awards:history_import") not in staff


def bulk(org, count):
    """Many records: people of a new unit under KT, alternating a title and a form."""
    unit = UnitFactory(code=f"TO{count}", name=f"Tổ {count}", parent=org.technical)
    title, form = Award.objects.get(code="LDTT"), Award.objects.get(code="GIAY_KHEN")
    for index in range(count):
        person = PersonFactory(unit=unit, full_name=f"Nguyễn Văn Số {count}-{index}")
        AwardRecord.objects.create(
            award=title if index % 2 else form,
            person=person,
            year=2000 + index % 20,
            decision_number=f"{index}/QĐ",
            decision_date=datetime.date(2021, 1, 1),
            issuer=ISSUER,
            source=AwardRecord.Source.IMPORTED,
            source_document="Sổ khen thưởng",
        )
    AwardRecord.objects.create(
        award=Award.objects.get(code="TTLDTT"),
        unit=unit,
        year=2019,
        decision_number="U/QĐ",
        decision_date=datetime.date(2020, 1, 1),
        issuer=ISSUER,
        source=AwardRecord.Source.ENTERED,
        source_document="Bản sao",
    )


def test_the_list_costs_the_same_queries_however_many_records(org, login):
    client = login(org.alice)
    bulk(org, 3)
    client.get(LIST_URL)
    params = {"q": "nguyen", "unit": "KT", "status": "valid"}
    with CaptureQueriesContext(connection) as few:
        response = client.get(LIST_URL, params)
    assert response.context["page"].paginator.count == 3
    bulk(org, 30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST_URL, params)
    assert response.context["page"].paginator.count == 33
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as unfiltered:
        response = client.get(LIST_URL)
    assert len(response.context["page"].object_list) == 25
    bulk(org, 40)
    with CaptureQueriesContext(connection) as larger:
        client.get(LIST_URL)
    assert len(larger) == len(unfiltered)


def test_the_export_has_the_filtered_records_in_the_import_format(org, login, history):
    response = run_export(login(org.alice), EXPORT_URL, {"year": "2019"})
    assert response.status_code == 200
    assert "khen-thuong-" in response["Content-Disposition"]
    sheet = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert sheet[0][:8] == (
        "Mã cán bộ",
        "Mã đơn vị",
        "Mã danh hiệu/hình thức",
        "Năm",
        "Số quyết định",
        "Ngày quyết định",
        "Cơ quan ban hành",
        "Văn bản nguồn",
    )
    assert "Loại" in sheet[0] and "Trạng thái" in sheet[0]
    assert [(line[0], line[1], line[2], line[3]) for line in sheet[1:]] == [
        ("BOB", None, "LDTT", 2019),
        (None, "KT", "TTLDTT", 2019),
    ]
    kind = sheet[0].index("Loại")
    assert sheet[2][kind] == "Danh hiệu thi đua"


def test_the_export_marks_revoked_awards(org, login, history):
    sheet = list(
        load_workbook(
            io.BytesIO(run_export(login(org.alice), EXPORT_URL, {"status": "revoked"}).content)
        ).active.values
    )
    header = sheet[0]
    (line,) = sheet[1:]
    assert line[header.index("Trạng thái")] == "Đã hủy bỏ"
    assert line[header.index("Lý do hủy bỏ")] == "Khai man thành tích"
    assert line[header.index("Quyết định hủy bỏ")] == "77/QĐ-SKHCN"
    assert line[header.index("Loại")] == "Hình thức khen thưởng"


def test_staff_export_only_their_scope(org, login, history):
    export = run_export(login(org.bob), EXPORT_URL)
    sheet = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert [line[0] for line in sheet[1:]] == ["BOB"]


# Adding a record from the list: find the person or the unit first.

ADD_URL = reverse("awards:history_add")


def test_the_list_offers_the_officer_a_way_to_add_a_record(org, login):
    assert ADD_URL in login(org.alice).get(LIST_URL).content.decode()
    assert ADD_URL not in login(org.bob).get(LIST_URL).content.decode()


def test_the_officer_finds_the_person_or_unit_and_goes_to_their_history_form(org, login):
    client = login(org.alice)
    page = client.get(ADD_URL, {"q": "carol"}).content.decode()
    assert f"{person_url(org.carol)}#add-record" in page
    page = client.get(ADD_URL, {"q": "quan ly cong nghe"}).content.decode()
    assert f"{unit_url(org.technical)}#add-record" in page
    # Outside the officer's agency nothing is offered, and nothing found says so.
    page = client.get(ADD_URL, {"q": "charlie"}).content.decode()
    assert person_url(org.charlie) not in page
    assert 'data-testid="empty-state"' in page


def test_only_the_officer_may_add_records(org, login):
    assert login(org.bob).get(ADD_URL).status_code == 403
    assert login(org.carol).get(ADD_URL, {"q": "bob"}).status_code == 403

"""Hostile input through the forms people type into (issue "Trust"): markup, formulas, huge and
odd Unicode, NUL and control characters, out-of-range numbers and dates, wrong types. Whatever
hypothesis sends: never a 500, never a partial write (a refused post leaves every row as it was),
never the payload as live markup on the page that shows it, never a formula in an export."""

import io

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from awards.models import PostingComment, Registration
from campaigns.models import ProgressReport
from organizations.models import Event
from tests.factories import PersonFactory, passed
from tests.jobs import run_job_download

pytestmark = pytest.mark.usefixtures("english", "media")

MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "{% debug %}"]
FORMULAS = ["=1+1", '=HYPERLINK("http://evil.example")', "+SUM(A1)", "-2+3", "@cmd"]
ODD = ["\x00", "\u202e", "\ufeff", "\U0001f600", "Nguyễn\u0301", "a\r\nb", " " * 3, "٣", "𝓧"]

hostile_text = st.one_of(
    st.sampled_from(MARKUP + FORMULAS + ODD),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.builds(lambda a, b: a + b, st.sampled_from(MARKUP + FORMULAS), st.text(max_size=20)),
)
hostile_number = st.one_of(
    st.sampled_from(["-1", "1e308", "NaN", "Infinity", "99999999999999999999", "0x10", "", "١٢"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=12),
)
hostile_date = st.one_of(
    st.sampled_from(["31/02/2020", "00/00/0000", "2020-13-01", "-1", "99/99/99999", ""]),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.text(max_size=12),
)

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def rows_of(*models) -> tuple:
    return tuple(tuple(model.objects.order_by("pk").values_list()) for model in models)


def in_savepoint(check):
    """Run one example inside a savepoint rolled back after it: examples do not see each
    other's writes."""
    with transaction.atomic():
        check()
        transaction.set_rollback(True)


def assert_whole(before: tuple, after: tuple):
    """The write happened whole (the object and its event) or not at all."""
    (objects_before, events_before), (objects_after, events_after) = before, after
    assert (objects_after == objects_before) == (events_after == events_before)


def assert_no_live_markup(page: str):
    for payload in MARKUP[:2]:
        assert payload not in page


@EXAMPLES
@given(note=hostile_text, year=hostile_number)
def test_my_registration(org, login, note, year):
    client = login(org.bob)

    def check():
        before = rows_of(Registration, Event)
        response = client.post(
            reverse("awards:registration_mine"), {"year": year, "award": "LDTT", "note": note}
        )
        assert response.status_code < 500
        if response.status_code != 302:
            assert rows_of(Registration, Event) == before
        page = client.get(reverse("awards:registration_mine"), {"year": 2020}).content.decode()
        assert_no_live_markup(page)

    in_savepoint(check)


@EXAMPLES
@given(narrative=hostile_text, value=hostile_number, period=st.sampled_from(["Q1", "Y", "Q9", ""]))
def test_a_progress_report(org, login, covenant_in_force, narrative, value, period):
    commitment = covenant_in_force.parties.get(unit=org.technical).commitments.get()
    client = login(org.carol)
    prefix = f"c{commitment.pk}"

    def check():
        before = rows_of(ProgressReport, Event)
        response = client.post(
            reverse("campaigns:report_submit", args=[commitment.pk]),
            {
                f"{prefix}-period": period,
                f"{prefix}-value": value,
                f"{prefix}-status": "on_track",
                f"{prefix}-narrative": narrative,
            },
        )
        assert response.status_code < 500
        assert_whole(before, rows_of(ProgressReport, Event))
        page = client.get(
            reverse("campaigns:party_progress", args=[commitment.party_id])
        ).content.decode()
        assert_no_live_markup(page)
        export = run_job_download(
            client, reverse("campaigns:covenant_export", args=[covenant_in_force.code])
        )
        if export.status_code == 200:
            book = load_workbook(io.BytesIO(export.content))
            cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
            assert not [c.coordinate for c in cells if c.data_type == "f"]

    in_savepoint(check)


@pytest.fixture
def public_list(org):
    from awards.services import posting as services

    passed(PersonFactory(unit=org.technical, full_name="Vũ Thị Hoa"))
    posting = services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    return services.posting_publish(actor=org.alice.user, posting=posting)


@EXAMPLES
@given(author=hostile_text, text=hostile_text)
def test_a_public_comment(client, public_list, author, text):
    def check():
        before = rows_of(PostingComment, Event)
        response = client.post(
            public_list.get_public_url(),
            {"author": author, "text": text},
            REMOTE_ADDR="10.1.2.3",
        )
        assert response.status_code < 500
        if response.status_code != 302:
            assert rows_of(PostingComment, Event) == before
        assert_no_live_markup(client.get(public_list.get_public_url()).content.decode())

    in_savepoint(check)


@EXAMPLES
@given(
    text=hostile_text,
    target=hostile_number,
    baseline=hostile_number,
    due=hostile_date,
    measure=st.sampled_from(["number", "percentage", "yes_no", "nonsense"]),
)
def test_a_commitment(org, login, covenant, text, target, baseline, due, measure):
    from campaigns.models import Commitment

    party = covenant.parties.get(unit=org.technical)
    area = covenant.campaign.focus_areas.get(number=1)
    client = login(org.alice)
    url = reverse("campaigns:commitment_add", args=[party.pk])

    def check():
        before = rows_of(Commitment, Event)
        response = client.post(
            url,
            {
                "focus_area": area.pk,
                "text": text,
                "measure": measure,
                "target": target,
                "baseline": baseline,
                "unit_label": text[:50],
                "due_date": due,
            },
        )
        assert response.status_code < 500
        assert_whole(before, rows_of(Commitment, Event))
        page = client.get(covenant.get_absolute_url()).content.decode()
        assert_no_live_markup(page)

    in_savepoint(check)

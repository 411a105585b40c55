"""Hostile input through the forms tests/security/test_hostile_input.py leaves out (issue
"Trust"): a person's HR records, the campaign's own forms, the award history typed by hand,
initiatives, the council, the public posting, decisions, dossiers and the staff import's cells.

The same promise with the same strategies: whatever hypothesis sends, never a 500, never a
partial write (the object and its event, or neither; a refused post leaves every row as it was),
never the payload as live markup on the page that shows it, never a formula in the Excel export
of what was written.

Each form starts valid, its text fields holding markup and formulas, and hypothesis replaces any
of its text, number and date fields with hostile values: the simplest example is a write that
goes through (so the pages and exports are checked on saved payloads), the others are refused
or saved with odder text.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import event, example, given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from awards.models import (
    Award,
    AwardRecord,
    Council,
    CouncilSession,
    Decision,
    Initiative,
    InitiativeAuthor,
    Nomination,
    Posting,
    PostingComment,
    PostingEntry,
    SessionMember,
)
from awards.services import council as council_services
from awards.services import nominations as nomination_services
from awards.services import posting as posting_services
from campaigns.models import Campaign, FocusArea, Milestone
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    Event,
    Job,
    LeaveRecord,
    Notification,
    PendingReview,
    Person,
    Unit,
)
from tests.awards.test_decisions import board, dossiers, draft, posting  # noqa: F401 (fixtures)
from tests.awards.test_history_import import row as history_row
from tests.awards.test_history_import import upload as history_upload
from tests.awards.test_history_import import xlsx as history_xlsx
from tests.factories import PersonFactory, RatingFactory, passed, registered
from tests.jobs import run_export
from tests.organizations.test_import import STAFF_HEADERS, UNIT_HEADERS
from tests.security.test_hostile_input import (
    EXAMPLES,
    FORMULAS,
    MARKUP,
    assert_no_live_markup,
    assert_whole,
    hostile_date,
    hostile_number,
    hostile_text,
    in_savepoint,
    rows_of,
)
from tests.uploads import pdf

pytestmark = pytest.mark.usefixtures("english", "media")

SCRIPT, IMG = MARKUP[:2]
FORMULA, LINK = FORMULAS[:2]


def form_data(valid: dict, **hostile) -> st.SearchStrategy:
    """The valid form, with any of the fields named in `hostile` drawn from its strategy."""
    return st.fixed_dictionaries({}, optional=hostile).map(lambda changes: {**valid, **changes})


def post_whole(client, url, data, *models):
    """Post; assert no 500, and that `models` and the events changed together or not at all
    (not at all when the post is refused). Return the response."""
    before = (rows_of(*models), rows_of(Event))
    response = client.post(url, data)
    assert response.status_code < 500
    assert response.wsgi_request.user.is_authenticated  # not a redirect to the sign-in page
    event(f"answered {response.status_code}")
    after = (rows_of(*models), rows_of(Event))
    event("wrote" if after != before else "wrote nothing")
    if response.status_code != 302:
        assert after == before
    assert_whole(before, after)
    return response


def shows_no_markup(client, *urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert_no_live_markup(response.content.decode())


def no_formula(response):
    """Assert an Excel download opens and holds no formula cell."""
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]


def pages_after(response, *urls):
    """The pages to look at: those given, and where a successful post led."""
    return [*urls, response.url] if response.status_code == 302 else list(urls)


# --- 1. HR records on a person's page -----------------------------------------------------------

HR_RECORDS = {
    "organizations:rating_add": (
        AnnualRating,
        form_data(
            {"year": "2019", "level": AnnualRating.Level.GOOD, "note": SCRIPT},
            year=hostile_number,
            note=hostile_text,
        ),
    ),
    "organizations:discipline_add": (
        DisciplineRecord,
        form_data(
            {
                "form": DisciplineRecord.Form.REPRIMAND,
                "decision_number": IMG,
                "start_date": "01/03/2019",
                "end_date": "28/02/2020",
                "reason": SCRIPT,
            },
            decision_number=hostile_text,
            start_date=hostile_date,
            end_date=hostile_date,
            reason=hostile_text,
        ),
    ),
    "organizations:pending_review_add": (
        PendingReview,
        form_data(
            {
                "kind": PendingReview.Kind.COMPLAINT,
                "opened_on": "02/11/2020",
                "reference": IMG,
                "note": SCRIPT,
            },
            opened_on=hostile_date,
            reference=hostile_text,
            note=hostile_text,
        ),
    ),
    "organizations:leave_add": (
        LeaveRecord,
        form_data(
            {
                "kind": LeaveRecord.Kind.MATERNITY,
                "start_date": "01/03/2020",
                "end_date": "31/08/2020",
                "note": IMG,
            },
            start_date=hostile_date,
            end_date=hostile_date,
            note=hostile_text,
        ),
    ),
}


@pytest.mark.parametrize("url_name", HR_RECORDS)
@EXAMPLES
@given(data=st.data())
def test_an_hr_record(org, login, url_name, data):
    model, fields = HR_RECORDS[url_name]
    form = data.draw(fields, label="form")
    client = login(org.alice)
    url = reverse(url_name, args=[org.bob.person.code])

    def check():
        post_whole(client, url, form, model)
        shows_no_markup(client, org.bob.person.get_absolute_url())

    in_savepoint(check)


# --- 2. The campaign's own forms ----------------------------------------------------------------


@EXAMPLES
@given(
    form=form_data(
        {
            "name": SCRIPT,
            "kind": Campaign.Kind.REGULAR,
            "parent": "",
            "parent_title": IMG,
            "start_date": "01/01/2020",
            "end_date": "31/12/2020",
            "launch_date": "31/12/2019",
            "launch_event": LINK,
            "objectives": f"{SCRIPT}\n{IMG}",
        },
        name=hostile_text,
        parent_title=hostile_text,
        start_date=hostile_date,
        end_date=hostile_date,
        launch_date=hostile_date,
        launch_event=hostile_text,
        objectives=hostile_text,
    )
)
def test_a_campaign_edit(org, login, campaign, form):
    client = login(org.alice)
    url = reverse("campaigns:campaign_edit", args=[campaign.code])

    def check():
        post_whole(client, url, {**form, "organiser": org.agency.pk}, Campaign)
        shows_no_markup(
            client, campaign.get_absolute_url(), reverse("campaigns:campaign_list"), url
        )

    in_savepoint(check)


@EXAMPLES
@given(
    form=form_data(
        {"number": "3", "title": SCRIPT, "text": IMG},
        number=hostile_number,
        title=hostile_text,
        text=hostile_text,
    )
)
def test_a_focus_area(org, login, campaign, form):
    client = login(org.alice)
    url = reverse("campaigns:focus_area_add", args=[campaign.code])

    def check():
        post_whole(client, url, form, FocusArea)
        shows_no_markup(client, campaign.get_absolute_url())

    in_savepoint(check)


@EXAMPLES
@given(
    form=form_data(
        {"date": "18/06/2020", "title": SCRIPT, "kind": Milestone.Kind.EVENT, "note": IMG},
        date=hostile_date,
        title=hostile_text,
        note=hostile_text,
    )
)
def test_a_milestone(org, login, campaign, form):
    client = login(org.alice)
    url = reverse("campaigns:milestone_add", args=[campaign.code])

    def check():
        post_whole(client, url, form, Milestone)
        shows_no_markup(client, campaign.get_absolute_url())

    in_savepoint(check)


# --- 3. The award history by hand, and initiatives ----------------------------------------------


@EXAMPLES
@given(
    form=form_data(
        {
            "year": "2019",
            "decision_number": FORMULA,
            "decision_date": "15/01/2020",
            "issuer": SCRIPT,
            "source": AwardRecord.Source.ENTERED,
            "source_document": LINK,
        },
        year=hostile_number,
        decision_number=hostile_text,
        decision_date=hostile_date,
        issuer=hostile_text,
        source_document=hostile_text,
    )
)
def test_an_award_record_by_hand(org, login, form):
    client = login(org.alice)
    url = reverse("awards:person_history", args=[org.bob.person.code])
    award = Award.objects.get(code="LDTT")

    def check():
        post_whole(client, url, {**form, "award": award.pk}, AwardRecord)
        shows_no_markup(client, url, reverse("awards:history_list"))
        no_formula(run_export(client, reverse("awards:history_export")))

    in_savepoint(check)


@EXAMPLES
@given(
    form=form_data(
        {
            "title": SCRIPT,
            "summary": IMG,
            "recognised_by": LINK,
            "decision_number": FORMULA,
            "decision_date": "01/10/2019",
            "scope": Initiative.Scope.UNIT,
            "authors-0-share": "100",
        },
        title=hostile_text,
        summary=hostile_text,
        recognised_by=hostile_text,
        decision_number=hostile_text,
        decision_date=hostile_date,
        **{"authors-0-share": hostile_number},
    ),
    with_unit=st.booleans(),
)
def test_an_initiative(org, login, form, with_unit):
    client = login(org.alice)
    url = reverse("awards:initiative_create")
    fixed = {
        "unit": org.technical.pk if with_unit else "",
        "authors-TOTAL_FORMS": "5",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "authors-0-person": org.bob.person.pk,
    }

    def check():
        response = post_whole(client, url, {**form, **fixed}, Initiative, InitiativeAuthor)
        shows_no_markup(client, *pages_after(response, reverse("awards:initiative_list")))
        no_formula(run_export(client, reverse("awards:initiative_export")))

    in_savepoint(check)


# --- 4. The council and its sessions ------------------------------------------------------------


@EXAMPLES
@given(
    form=form_data(
        {"name": SCRIPT, "decision": IMG, "term_start": "2020-01-01", "term_end": "2024-12-31"},
        name=hostile_text,
        decision=hostile_text,
        term_start=hostile_date,
        term_end=hostile_date,
    )
)
def test_a_council(org, login, form):
    client = login(org.alice)
    url = reverse("awards:council_create")

    def check():
        response = post_whole(client, url, form, Council)
        shows_no_markup(client, *pages_after(response, reverse("awards:council_list")))

    in_savepoint(check)


@pytest.fixture
def council(org):
    council = council_services.council_create(
        actor=org.alice.user,
        agency=org.agency,
        name="Hội đồng Thi đua - Khen thưởng",
        term_start=datetime.date(2019, 1, 1),
    )
    council_services.council_member_add(
        actor=org.alice.user, council=council, person=org.carol.person, role="chair"
    )
    return council


@EXAMPLES
@given(
    form=form_data(
        {"year": "2020", "day": "2020-12-15", "time": "08:00", "place": SCRIPT},
        year=hostile_number,
        day=hostile_date,
        time=hostile_text,
        place=hostile_text,
    )
)
def test_a_council_session(org, login, council, form):
    client = login(org.alice)
    url = reverse("awards:session_create", args=[council.pk])

    def check():
        response = post_whole(client, url, form, CouncilSession, SessionMember)
        shows_no_markup(client, *pages_after(response, council.get_absolute_url()))

    in_savepoint(check)


# --- 5. The public posting, decisions and dossiers ----------------------------------------------


@pytest.fixture
def draft_posting(org):
    for name in ("Vũ Thị Hoa", "Đinh Văn Giang"):
        passed(PersonFactory(unit=org.technical, full_name=name))
    return posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)


@EXAMPLES
@given(
    form=form_data(
        {"title": SCRIPT, "working_days": "5", "first": IMG, "second": LINK},
        title=hostile_text,
        working_days=hostile_number,
        first=hostile_text,
        second=hostile_text,
    )
)
def test_a_posting_edit(org, login, draft_posting, form):
    client = login(org.alice)
    url = reverse("awards:posting_edit", args=[draft_posting.code])
    first, second = draft_posting.entries.order_by("position", "pk")
    form = {
        "title": form["title"],
        "working_days": form["working_days"],
        f"summary_{first.pk}": form["first"],
        f"summary_{second.pk}": form["second"],
    }

    def check():
        post_whole(client, url, form, Posting, PostingEntry)
        shows_no_markup(client, draft_posting.get_absolute_url())

    in_savepoint(check)


@pytest.fixture
def comment(posting):  # noqa: F811 (the fixture)
    return posting_services.comment_add(
        posting=posting, author="Người dân", text="Đề nghị xem lại", address="10.1.2.3"
    )


@EXAMPLES
@given(answer=st.one_of(st.sampled_from(MARKUP + FORMULAS), hostile_text))
def test_a_comment_answer(org, login, posting, comment, answer):  # noqa: F811 (the fixture)
    client = login(org.alice)
    url = reverse("awards:comment_answer", args=[comment.pk])

    def check():
        # The answer's form redirects to the posting whether it saved or not.
        post_whole(client, url, {f"c{comment.pk}-answer": answer}, PostingComment)
        shows_no_markup(client, posting.get_absolute_url(), posting.get_public_url())

    in_savepoint(check)


@EXAMPLES
@given(
    form=form_data(
        {
            "title": SCRIPT,
            "place": IMG,
            "signed_on": "15/01/2021",
            "base_salary": "2340000",
            "bases": f"{FORMULA}\n{SCRIPT}",
            "recipients": f"{LINK}\n{IMG}",
        },
        title=hostile_text,
        place=hostile_text,
        signed_on=hostile_date,
        base_salary=hostile_number,
        bases=hostile_text,
        recipients=hostile_text,
    )
)
def test_a_decision_edit(org, login, board, draft, form):  # noqa: F811 (the fixtures)
    client = login(org.alice)
    url = reverse("awards:decision_edit", args=[draft.code])

    def check():
        post_whole(client, url, {**form, "signer": board.director.pk}, Decision)
        shows_no_markup(client, draft.get_absolute_url(), reverse("awards:decision_list"))
        no_formula(run_export(client, reverse("awards:decision_export")))

    in_savepoint(check)


@pytest.fixture
def dossier(org):
    """carol's own LĐTT 2020 dossier, as her unit drafts it."""
    RatingFactory(person=org.carol.person, year=2020, level=AnnualRating.Level.GOOD)
    registered(org.carol.person, 2020)
    return nomination_services.nomination_add(
        actor=org.carol.user,
        award=Award.objects.get(code="LDTT"),
        year=2020,
        person=org.carol.person,
    )


@EXAMPLES
@given(
    form=form_data(
        {"achievement_report": SCRIPT, "justification": IMG, "kind": Nomination.Kind.YEARLY},
        achievement_report=hostile_text,
        justification=hostile_text,
    )
)
def test_a_dossier_edit(org, login, dossier, form):
    client = login(org.carol)
    url = reverse("awards:nomination_edit", args=[dossier.code])

    def check():
        post_whole(client, url, form, Nomination)
        shows_no_markup(client, dossier.get_absolute_url())

    in_savepoint(check)


@pytest.fixture
def sent_dossier(dossier):
    """carol's dossier, signed and sent to the emulation office."""
    nomination_services.nomination_sign(actor=dossier.person.user, nomination=dossier, upload=pdf())
    nomination_services.nomination_list_submit(
        actor=dossier.person.user, nomination_list=dossier.nomination_list
    )
    dossier.refresh_from_db()
    return dossier


@EXAMPLES
@given(comment=st.one_of(st.sampled_from(MARKUP + FORMULAS), hostile_text))
def test_a_dossier_returned(org, login, sent_dossier, comment):
    url = reverse("awards:nomination_return", args=[sent_dossier.code])

    def check():
        # The comment goes on the dossier, in its event and in the notice to the unit's head.
        # Both sign in within the savepoint: their sessions go with it.
        officer = login(org.alice)
        post_whole(officer, url, {"return-comment": comment}, Nomination, Notification)
        shows_no_markup(officer, sent_dossier.get_absolute_url())
        head = login(org.carol)
        shows_no_markup(
            head, sent_dossier.get_absolute_url(), reverse("organizations:notification_list")
        )

    in_savepoint(check)


# --- 6. The staff import's cells ----------------------------------------------------------------

# A text cell: hostile text without the control characters a worksheet cannot hold (openpyxl
# refuses to write them, and so would Excel).
hostile_cell = st.one_of(st.sampled_from(MARKUP + FORMULAS), hostile_text).map(
    lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)
)
staff_cells = form_data(
    {"Họ và tên": IMG, "Chức vụ": FORMULA, "Email": ""},
    **{
        "Mã cán bộ": hostile_cell,
        "Họ và tên": hostile_cell,
        "Chức vụ": hostile_cell,
        "Email": hostile_cell,
    },
)


def workbook(unit_name: str, people: list[dict]) -> bytes:
    """Return a workbook of one new unit PX and its staff (CB900, CB901… unless a row gives its
    own code); every string is written as text, so a cell "=1+1" reaches the importer as text."""
    book = Workbook()
    book.remove(book.active)
    person = {
        "Giới tính": "Nữ",
        "Ngày sinh": "15/05/1985",
        "Loại hình": "Viên chức",
        "Mã đơn vị": "PX",
        "Ngày bắt đầu": datetime.date(2020, 1, 1),
    }
    staff = [
        [{**person, "Mã cán bộ": f"CB9{n:02d}", **cells}.get(h) for h in STAFF_HEADERS]
        for n, cells in enumerate(people)
    ]
    units = [["PX", unit_name, "Phòng chuyên môn", "SKHCN"]]
    for title, headers, rows in (("Đơn vị", UNIT_HEADERS, units), ("Cán bộ", STAFF_HEADERS, staff)):
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@EXAMPLES
@given(
    unit_name=st.one_of(st.just(SCRIPT), hostile_cell),
    people=st.lists(staff_cells, min_size=1, max_size=3),
    dry_run=st.booleans(),
)
# A '/' in a staff code was imported, then every page linking to the person answered 500.
@example(unit_name=SCRIPT, people=[{"Mã cán bộ": "CB/900", "Họ và tên": IMG}], dry_run=False)
def test_an_import_of_hostile_cells(org, login, unit_name, people, dry_run):
    client = login(org.alice)
    url = reverse("organizations:import_upload")
    # The codes as the importer reads them: runs of spaces folded.
    codes = [
        " ".join(cells.get("Mã cán bộ", f"CB9{n:02d}").split()) for n, cells in enumerate(people)
    ]

    def check():
        before = rows_of(Unit, Person, Event)
        data = {"file": SimpleUploadedFile("can-bo.xlsx", workbook(unit_name, people))}
        if dry_run:
            data["dry_run"] = "on"
        # The import runs as a job (the test backend runs it at once): its page answers.
        response = client.post(url, data, follow=True)
        assert response.status_code < 500
        assert response.wsgi_request.user.is_authenticated
        if not imported(response):
            # Refused, or only checked: nothing written, and the page lists the cells inert.
            assert rows_of(Unit, Person, Event) == before
            assert_no_live_markup(response.content.decode())
            return
        # Written: the unit, every person and the import's event.
        assert Unit.objects.filter(code="PX").exists()
        assert Person.objects.filter(code__in=codes, unit__code="PX").count() == len(codes)
        assert Event.objects.filter(verb="staff_imported").count() == 1
        shows_no_markup(
            client,
            reverse("organizations:person_list"),
            reverse("organizations:unit_detail", args=["PX"]),
        )
        for person in Person.objects.filter(code__in=codes):
            shows_no_markup(client, person.get_absolute_url())
        no_formula(run_export(client, reverse("organizations:person_export")))

    in_savepoint(check)


def imported(response) -> bool:
    """Whether an import's page is its job's, the file imported (not refused, not only checked)."""
    job = response.context.get("job") if response.context else None
    written = job is not None and job.status == Job.Status.DONE and not job.params["dry_run"]
    event("imported" if written else f"answered {response.status_code}, nothing written")
    return written


award_cells = form_data(
    {"Số quyết định": FORMULA, "Cơ quan ban hành": IMG, "Văn bản nguồn": SCRIPT},
    **{
        "Mã cán bộ": hostile_cell,
        "Mã danh hiệu/hình thức": hostile_cell,
        "Năm": hostile_number.map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)),
        "Số quyết định": hostile_cell,
        "Cơ quan ban hành": hostile_cell,
        "Văn bản nguồn": hostile_cell,
    },
)


def as_text(content: bytes) -> bytes:
    """The workbook with its strings stored as text, as a person typing them would store them
    (openpyxl writes a string starting with '=' as a formula)."""
    book = load_workbook(io.BytesIO(content))
    for row in book.active.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@EXAMPLES
@given(records=st.lists(award_cells, min_size=1, max_size=3), dry_run=st.booleans())
# Markup and a formula in the cells of a row that is otherwise valid: written, and inert.
@example(
    records=[{"Số quyết định": FORMULA, "Cơ quan ban hành": IMG, "Văn bản nguồn": SCRIPT}],
    dry_run=False,
)
def test_an_award_history_import_of_hostile_cells(org, login, records, dry_run):
    """The award history's import: every row whole or nothing, its cells inert on the pages that
    show the records, and never a formula in the history's export."""
    client = login(org.alice)
    rows = [history_row(**cells) for cells in records]

    def check():
        before = rows_of(AwardRecord, Event)
        response = history_upload(client, as_text(history_xlsx(rows)), dry_run=dry_run)
        assert response.status_code < 500
        assert response.wsgi_request.user.is_authenticated
        if not imported(response):
            assert rows_of(AwardRecord, Event) == before
            assert_no_live_markup(response.content.decode())
            return
        assert AwardRecord.objects.count() == len(before[0]) + len(rows)
        shows_no_markup(
            client, reverse("awards:history_list"), reverse("awards:person_history", args=["CAROL"])
        )
        no_formula(run_export(client, reverse("awards:history_export")))

    in_savepoint(check)

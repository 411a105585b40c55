"""The synthetic province the benchmark runs on, written with `bulk_create`.

Units (province → departments → leadership board, trade union and divisions), people with their
ratings, discipline, leaves, pending reviews, memberships and the events the services would
have recorded, initiatives, the award history, a launched campaign with a covenant in force and
a progress report each quarter, the year's registration lists, the nominations the divisions
sent in December, and the province council's session voting on some of them. The rows are built
in memory with their derived fields (a unit's path, a person's sort key and folded name) set
here, because `bulk_create` skips `save()`. The random choices come from a seeded generator, so
two runs of the same size build the same data, apart from the codes' run tag.
"""

import datetime
import random
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import translation

from awards.models import (
    Award,
    AwardRecord,
    Council,
    CouncilItem,
    CouncilMember,
    CouncilSession,
    Decision,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationList,
    Registration,
    RegistrationList,
    SessionMember,
)
from campaigns.models import (
    Campaign,
    Commitment,
    Covenant,
    FocusArea,
    Milestone,
    Party,
    ProgressReport,
    Signature,
)
from organizations import roles
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    Event,
    LeaveRecord,
    Membership,
    PendingReview,
    Person,
    Unit,
    UnitRating,
)
from organizations.vietnamese import fold, name_sort_key

BATCH = 2000
SEED = 2020
# A unit of this size is what the collective titles are judged on in the engine's benchmark.
UNIT_SIZE = 30
# Units per department: its leadership board, its trade union and the divisions.
UNITS_PER_DEPARTMENT = 10
BOARD_SIZE = 3
# An emulation cluster (cụm thi đua) signs one covenant; clusters hold a handful of agencies.
MAX_PARTIES = 20
TZ = datetime.timezone(datetime.timedelta(hours=7))

K = Unit.Kind
L = AnnualRating.Level

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Nông", "Lương", "Vi", "Triệu", "Hà", "Chu", "Mông", "Lăng",
]  # fmt: skip
MIDDLE = {
    Person.Gender.MALE: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Quốc", "Xuân"],
    Person.Gender.FEMALE: ["Thị", "Thị Thu", "Thị Hồng", "Ngọc", "Thị Kim", "Thu", "Thị Minh"],
}
GIVEN = {
    Person.Gender.MALE: [
        "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khải", "Long", "Mạnh", "Nam",
        "Phúc", "Quý", "Sơn", "Thành", "Tuấn", "Vinh", "Việt",
    ],
    Person.Gender.FEMALE: [
        "Anh", "Bích", "Chi", "Dung", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Liên", "Mai", "Nga",
        "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Yến",
    ],
}  # fmt: skip
POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Kế toán", "Văn thư", "Kỹ sư", "Nhân viên"]
DEPARTMENTS = [
    "Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Nội vụ", "Sở Y tế", "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Sở Tư pháp", "Sở Nông nghiệp và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh",
]  # fmt: skip
DIVISIONS = [
    "Văn phòng", "Phòng Kế hoạch - Tài chính", "Phòng Quản lý chuyên ngành", "Thanh tra",
    "Phòng Tổ chức cán bộ", "Phòng Pháp chế", "Trung tâm Dịch vụ", "Phòng Tổng hợp",
]  # fmt: skip
FOCUS_AREAS = [
    "Sáng kiến cải tiến kỹ thuật, ứng dụng tiến bộ khoa học và công nghệ",
    "Kỷ luật, kỷ cương hành chính, cải cách hành chính, ISO 9001, thực hành tiết kiệm",
    "Hưởng ứng các phong trào thi đua của tỉnh và toàn quốc",
    "Chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    "Chất lượng, hiệu quả công tác",
    "Dân chủ cơ sở, văn hóa, thể thao, xây dựng tổ chức Đảng và đoàn thể vững mạnh",
]
RATING_WEIGHTS = [(L.EXCELLENT, 12), (L.GOOD, 65), (L.COMPLETED, 20), (L.NOT_COMPLETED, 3)]
UNIT_RATING_WEIGHTS = [(L.EXCELLENT, 20), (L.GOOD, 60), (L.COMPLETED, 20)]
REPORT_WEIGHTS = [
    (ProgressReport.Status.MET, 25),
    (ProgressReport.Status.ON_TRACK, 50),
    (ProgressReport.Status.AT_RISK, 18),
    (ProgressReport.Status.OFF_TRACK, 7),
]
LIST_STATUS_WEIGHTS = [
    (RegistrationList.Status.DRAFT, 20),
    (RegistrationList.Status.SUBMITTED, 30),
    (RegistrationList.Status.APPROVED, 45),
    (RegistrationList.Status.RETURNED, 5),
]
# The stage of each dossier once its unit's list was sent in December; a few accepted ones go
# before the council.
NOMINATION_STATUS_WEIGHTS = [
    (Nomination.Status.SUBMITTED, 80),
    (Nomination.Status.ACCEPTED, 12),
    (Nomination.Status.RETURNED, 5),
    (Nomination.Status.DRAFT, 3),
]
COUNCIL_SIZE = 9
COUNCIL_ITEMS = 100
COUNCIL_ROLES = [
    CouncilMember.Role.CHAIR,
    CouncilMember.Role.VICE_CHAIR,
    CouncilMember.Role.SECRETARY,
    CouncilMember.Role.STANDING,
    CouncilMember.Role.STANDING,
]


class BenchmarkError(Exception):
    """Raised when the dataset cannot be built or a measured action does not succeed."""


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _bulk(model, rows, counts: dict) -> list:
    """Insert rows in batches, count them under the model's name and return them with their keys."""
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    with translation.override("en"):
        label = str(model._meta.verbose_name_plural)
    counts[label] = counts.get(label, 0) + len(created)
    return created


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@dataclass
class Province:
    """The synthetic province, and the objects the benchmarks open."""

    tag: str
    first_year: int
    year: int  # the last year: the year judged, registered for and campaigned in
    root: Unit
    departments: list[Unit]
    divisions: list[Unit]
    people: list[Person]
    unit: Unit  # a division of UNIT_SIZE people
    person: Person  # a person with a full record in `unit`
    officer: User
    leader: User
    staff: User
    campaign: Campaign
    covenant: Covenant
    session: CouncilSession  # the province council's session, voting on accepted dossiers
    counts: dict = field(default_factory=dict)
    build_seconds: float = 0.0


def add_size_arguments(parser, *, people: int) -> None:
    """Add the province's size to a command's arguments: --people and --units."""
    parser.add_argument(
        "--people", type=int, default=people, help=f"People of the province (default {people})."
    )
    parser.add_argument(
        "--units",
        type=int,
        default=None,
        help="Units below the province, about ten per department (default: people / 25).",
    )


def units_for(people: int, units: int | None = None) -> int:
    """Return the units of a province of `people`: those asked for, or one per 25 people."""
    return units or max(10, people // 25)


def build_province(*, people: int, units: int, first_year: int, last_year: int) -> Province:
    """Write a province of `people` people in about `units` units; return what was built."""
    started = time.perf_counter()
    rng = random.Random(SEED)
    counts: dict = {}
    tag = uuid.uuid4().hex[:4].upper()
    awards = {award.code: award for award in Award.objects.all()}
    missing = {"LDTT", "CSTDCS", "GIAY_KHEN", "TTLDTT", "TTLDXS"} - set(awards)
    if missing:
        raise BenchmarkError(
            f"The catalogue lacks {', '.join(sorted(missing))}: run `manage.py migrate` first."
        )

    departments = max(1, units // UNITS_PER_DEPARTMENT)
    if people < BOARD_SIZE * departments + 2:
        raise BenchmarkError(
            f"{people} people are too few for {units} units: each of the {departments} "
            f"departments needs {BOARD_SIZE} leaders, and the divisions need people."
        )
    root, departments, boards, unions, divisions = _build_units(tag, units, counts)
    everyone, unit = _build_people(
        rng, tag, people, boards, divisions, first_year, last_year, counts
    )
    officer, leader, staff, person = _build_logins(tag, everyone, boards, divisions, unit)
    years = range(first_year, last_year + 1)
    department_of = _department_of(departments, boards, unions, divisions)

    ratings = _build_hr_records(rng, everyone, person, years, officer, counts)
    _build_unit_records(rng, divisions, unions, everyone, department_of, years, counts)
    disciplined = _build_discipline(rng, everyone, person, years, counts)
    first_authors = _build_initiatives(rng, everyone, person, years, awards, counts)
    _build_award_history(
        rng, everyone, divisions, ratings, disciplined, first_authors, department_of, years,
        awards, counts,
    )  # fmt: skip
    campaign, covenant = _build_campaign(
        rng, root, boards, everyone, officer, leader, last_year, counts
    )
    registrations = _build_registrations(
        rng, everyone, divisions, campaign, officer, last_year, awards, counts
    )
    accepted = _build_nominations(
        rng, registrations, divisions, campaign, officer, last_year, counts
    )
    session = _build_council(root, boards, everyone, accepted, last_year, awards, counts)
    # Fresh planner statistics, as autovacuum would keep them on a live database: it never sees
    # rows of a transaction still open, and ANALYZE inside it does (and is rolled back with it).
    # On PostgreSQL the portal's tables only: a bare ANALYZE also locks the server's shared
    # catalogs (pg_authid, pg_database) until the transaction ends, and any other ANALYZE on the
    # server (another benchmark's, a load run's) waits for it, up to the statement timeout.
    analyze = "ANALYZE"
    if connection.vendor == "postgresql":
        tables = connection.introspection.django_table_names(only_existing=True)
        analyze += " " + ", ".join(connection.ops.quote_name(table) for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(analyze)

    return Province(
        tag=tag,
        first_year=first_year,
        year=last_year,
        root=root,
        departments=departments,
        divisions=divisions,
        people=everyone,
        unit=unit,
        person=person,
        officer=officer,
        leader=leader,
        staff=staff,
        campaign=campaign,
        covenant=covenant,
        session=session,
        counts=counts,
        build_seconds=time.perf_counter() - started,
    )


def vacuum_tables() -> bool:
    """VACUUM and ANALYZE the portal's tables on PostgreSQL; return whether it ran.

    A run's rollback leaves its rows behind as dead tuples until autovacuum gets to them, and
    scans of the next run read through them: vacuuming before a run makes runs comparable, and
    after it gives the space back. VACUUM cannot run inside a transaction, so inside one (a
    test) nothing is done.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        # The portal's statement timeout (DB_STATEMENT_TIMEOUT) is for pages: after a rollback
        # of 300,000 people, vacuuming the tables and their indexes may take longer.
        cursor.execute("SET statement_timeout = 0")
        try:
            cursor.execute(
                "VACUUM (ANALYZE) " + ", ".join(connection.ops.quote_name(t) for t in tables)
            )
        finally:
            cursor.execute("RESET statement_timeout")
    return True


def _build_units(tag, units, counts):
    """Build province → departments → (leadership board, trade union, divisions)."""
    code = f"BM{tag}"
    root = Unit(code=code, name=f"Tỉnh Lạng Sơn (đo hiệu năng {tag})", kind=K.AGENCY)
    root.path = f"/{code}/"
    root.search_name = fold(root.name)
    (root,) = _bulk(Unit, [root], counts)

    department_count = max(1, units // UNITS_PER_DEPARTMENT)
    per_department = max(3, units // department_count) - 1
    departments = []
    for index in range(department_count):
        name = DEPARTMENTS[index % len(DEPARTMENTS)]
        if index >= len(DEPARTMENTS):
            name = f"{name} {index // len(DEPARTMENTS) + 1}"
        department = Unit(
            code=f"{code}S{index + 1:03d}", name=name, kind=K.AGENCY, parent=root, sort_order=index
        )
        department.path = f"{root.path}{department.code}/"
        department.search_name = fold(name)
        departments.append(department)
    departments = _bulk(Unit, departments, counts)

    boards, unions, divisions = [], [], []
    for department in departments:
        children = [
            (boards, "BLD", f"Ban lãnh đạo {department.name}", K.LEADERSHIP_BOARD),
            (unions, "CD", f"Công đoàn cơ sở {department.name}", K.TRADE_UNION),
        ] + [
            (divisions, f"P{number:02d}", _division_name(number), K.DIVISION)
            for number in range(1, per_department - 1)
        ]
        for order, (bucket, suffix, name, kind) in enumerate(children):
            child = Unit(
                code=f"{department.code}{suffix}",
                name=name,
                kind=kind,
                parent=department,
                sort_order=order,
            )
            child.path = f"{department.path}{child.code}/"
            bucket.append(child)
    for unit in (*boards, *unions, *divisions):
        unit.search_name = fold(unit.name)  # what Unit.save() fills, which bulk_create skips
    boards = _bulk(Unit, boards, counts)
    unions = _bulk(Unit, unions, counts)
    divisions = _bulk(Unit, divisions, counts)
    return root, departments, boards, unions, divisions


def _division_name(number: int) -> str:
    name = DIVISIONS[(number - 1) % len(DIVISIONS)]
    return name if number <= len(DIVISIONS) else f"{name} {(number - 1) // len(DIVISIONS) + 1}"


def _department_of(departments, boards, unions, divisions) -> dict:
    """Map the pk of every unit below a department to the department."""
    by_pk = {department.pk: department for department in departments}
    return {unit.pk: by_pk[unit.parent_id] for unit in [*boards, *unions, *divisions]}


def _new_person(rng, code, unit, first_year, last_year, position=None) -> Person:
    gender = rng.choice([Person.Gender.MALE, Person.Gender.FEMALE])
    full_name = " ".join(
        [rng.choice(FAMILY), rng.choice(MIDDLE[gender]), rng.choice(GIVEN[gender])]
    )
    roll = rng.random()
    if roll < 0.03:
        # Started during the last year: the working-time check has something to judge.
        start = datetime.date(last_year, rng.randint(2, 9), 1)
    else:
        start = datetime.date(rng.randint(1995, first_year - 1), rng.randint(1, 12), 1)
    end = None
    if 0.03 <= roll < 0.05:
        end = datetime.date(last_year, rng.randint(1, 12), 1) - datetime.timedelta(days=1)
    born = datetime.date(start.year - rng.randint(22, 35), rng.randint(1, 12), rng.randint(1, 28))
    return Person(
        code=code,
        full_name=full_name,
        sort_key=name_sort_key(full_name),
        search_name=fold(full_name),
        gender=gender,
        date_of_birth=born,
        employment_type=_pick(
            rng,
            [
                (Person.EmploymentType.CIVIL_SERVANT, 60),
                (Person.EmploymentType.PUBLIC_EMPLOYEE, 30),
                (Person.EmploymentType.CONTRACT, 10),
            ],
        ),
        position=position or rng.choice(POSITIONS),
        unit=unit,
        start_date=start,
        end_date=end,
    )


def _build_people(rng, tag, people, boards, divisions, first_year, last_year, counts):
    """Place three leaders on each board, UNIT_SIZE people in one division, the rest evenly."""
    rows = []

    def add(unit, position=None):
        code = f"BM{tag}{len(rows) + 1:06d}"
        rows.append(_new_person(rng, code, unit, first_year, last_year, position))

    for board in boards:
        for position in ["Giám đốc", "Phó Giám đốc", "Phó Giám đốc"][:BOARD_SIZE]:
            add(board, position)
    remaining = people - len(rows)
    unit = divisions[0]
    for _ in range(min(UNIT_SIZE, remaining)):
        add(unit)
    others = divisions[1:] or divisions
    for index in range(people - len(rows)):
        add(others[index % len(others)])
    everyone = _bulk(Person, rows, counts)
    # The benchmark's unit holds people who work all year: its verdict is about its members.
    for person in everyone:
        if person.unit_id == unit.pk:
            person.start_date, person.end_date = datetime.date(2010, 1, 1), None
    Person.objects.filter(unit=unit).update(start_date=datetime.date(2010, 1, 1), end_date=None)
    return everyone, unit


def _build_logins(tag, everyone, boards, divisions, unit):
    """Give logins to an emulation officer, a leader and a staff member of the first department."""
    in_unit = [person for person in everyone if person.unit_id == unit.pk]
    office = divisions[1] if len(divisions) > 1 else unit
    in_office = [p for p in everyone if p.unit_id == office.pk and p not in in_unit[:2]]
    officer_person = (in_office or in_unit[2:])[0]
    leader_person = next(p for p in everyone if p.unit_id == boards[0].pk)
    staff_person, person = in_unit[0], in_unit[1]
    groups = {group.name: group for group in Group.objects.all()}
    missing = {roles.OFFICER, roles.LEADERSHIP, roles.STAFF} - set(groups)
    if missing:
        raise BenchmarkError("The role groups are missing: run `manage.py migrate` first.")
    logins = []
    for name, holder, role_names in [
        ("officer", officer_person, [roles.OFFICER, roles.STAFF]),
        ("leader", leader_person, [roles.LEADERSHIP, roles.STAFF]),
        ("staff", staff_person, [roles.STAFF]),
    ]:
        user = User(username=f"bm{tag.lower()}-{name}")
        user.set_unusable_password()
        user.save()
        user.groups.add(*[groups[role] for role in role_names])
        Person.objects.filter(pk=holder.pk).update(user=user)
        holder.user = user
        logins.append(user)
    return (*logins, person)


def _active_in(person: Person, year: int) -> bool:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return person.start_date <= last and (person.end_date is None or person.end_date >= first)


def _share_of(rng, people: list, share: float) -> list:
    """Return a random `share` of the people, at least one, in their original order."""
    if not people:
        return []
    chosen = set(rng.sample(range(len(people)), max(1, round(len(people) * share))))
    return [someone for index, someone in enumerate(people) if index in chosen]


def _build_hr_records(rng, everyone, person, years, officer, counts) -> dict:
    """Rate everyone each year they worked, with the event the rating service would record."""
    person_type = ContentType.objects.get_for_model(Person)
    ratings, events, levels = [], [], {}
    for someone in everyone:
        for year in years:
            if not _active_in(someone, year):
                continue
            level = L.EXCELLENT if someone is person else _pick(rng, RATING_WEIGHTS)
            levels[someone.pk, year] = level
            ratings.append(AnnualRating(person=someone, year=year, level=level))
            events.append(
                Event(
                    actor=officer,
                    verb="rating_recorded",
                    target_type=person_type,
                    target_id=str(someone.pk),
                    summary=f"{someone.full_name}: {year} = {level}",
                    data={"year": year, "level": str(level)},
                    created_at=_aware(datetime.date(year + 1, 1, 10)),
                )
            )
    _bulk(AnnualRating, ratings, counts)
    _bulk(Event, events, counts)

    last = years[-1]
    leaves = [
        LeaveRecord(
            person=someone,
            kind=LeaveRecord.Kind.MATERNITY,
            start_date=datetime.date(last, 3, 1),
            end_date=datetime.date(last, 8, 31),
        )
        for someone in _share_of(rng, [p for p in everyone if p.gender == "female"], 0.02)
    ]
    _bulk(LeaveRecord, leaves, counts)
    reviews = [
        PendingReview(
            person=someone,
            kind=PendingReview.Kind.COMPLAINT,
            opened_on=datetime.date(last, 11, 2),
            reference=f"Đơn thư ngày 30/10/{last}",
        )
        for someone in _share_of(rng, [p for p in everyone if p is not person], 0.003)
    ]
    _bulk(PendingReview, reviews, counts)
    return levels


def _build_unit_records(rng, divisions, unions, everyone, department_of, years, counts):
    """Rate the divisions each year and enrol most people in their department's trade union."""
    _bulk(
        UnitRating,
        [
            UnitRating(unit=division, year=year, level=_pick(rng, UNIT_RATING_WEIGHTS))
            for division in divisions
            for year in years
        ],
        counts,
    )
    union_of = {union.parent_id: union for union in unions}
    _bulk(
        Membership,
        [
            Membership(
                person=someone,
                organisation=union_of[department_of[someone.unit_id].pk],
                start_date=max(someone.start_date, datetime.date(2000, 1, 1)),
            )
            for someone in everyone
            if someone.end_date is None and rng.random() < 0.85
        ],
        counts,
    )


def _build_discipline(rng, everyone, person, years, counts) -> set:
    """Discipline about 1.5 % of the people for twelve months; return the (person, year) hit."""
    records, hit = [], set()
    for someone in _share_of(rng, [p for p in everyone if p is not person], 0.015):
        year = rng.choice(list(years))
        start = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        end = start + datetime.timedelta(days=364)
        form = _pick(
            rng, [(DisciplineRecord.Form.REPRIMAND, 70), (DisciplineRecord.Form.WARNING, 30)]
        )
        records.append(
            DisciplineRecord(
                person=someone,
                form=form,
                decision_number=f"{len(records) + 1}/QĐ-KL",
                start_date=start,
                end_date=end,
                reason="Vi phạm quy chế làm việc của cơ quan",
            )
        )
        hit |= {(someone.pk, start.year), (someone.pk, end.year)}
    _bulk(DisciplineRecord, records, counts)
    return hit


# Initiative titles as units write them, 144 of them: a search for one finds about one
# initiative in 144, as a search for a real title finds its few namesakes. Numbered titles
# ("… số 1") were all alike, so a search for one read a third of the province's initiatives.
INITIATIVE_ACTIONS = (
    "Số hoá",
    "Chuẩn hoá quy trình",
    "Ứng dụng phần mềm trong",
    "Rút ngắn thời gian xử lý",
    "Nâng cao chất lượng",
    "Tự động hoá",
    "Công khai trực tuyến",
    "Đơn giản hoá",
    "Tiết kiệm chi phí",
    "Kiểm soát chặt chẽ",
    "Liên thông dữ liệu",
    "Lưu trữ điện tử",
)
INITIATIVE_SUBJECTS = (
    "hồ sơ thi đua, khen thưởng",
    "văn bản đến và đi",
    "hồ sơ cán bộ, công chức",
    "thủ tục cấp phép",
    "báo cáo thống kê định kỳ",
    "hồ sơ sáng kiến",
    "công tác kiểm tra nội bộ",
    "quản lý tài sản công",
    "tiếp nhận phản ánh, kiến nghị",
    "lịch công tác của cơ quan",
    "đánh giá, xếp loại cuối năm",
    "quản lý đề tài khoa học",
)


def _build_initiatives(rng, everyone, person, years, awards, counts) -> dict:
    """Recognise initiatives of about 4 % of the people a year, with one to three authors.

    Return {(person pk, year): initiative} for each first author, the CSTĐCS candidates.
    """
    by_unit: dict = {}
    for someone in everyone:
        by_unit.setdefault(someone.unit_id, []).append(someone)
    initiatives, authors, first_authors = [], [], {}
    for year in years:
        for someone in everyone:
            if not (someone is person and year == years[-1]) and rng.random() >= 0.04:
                continue
            if not _active_in(someone, year):
                continue
            scope = _pick(
                rng,
                [
                    (Initiative.Scope.UNIT, 85),
                    (Initiative.Scope.PROVINCE, 13),
                    (Initiative.Scope.NATION, 2),
                ],
            )
            title = f"{rng.choice(INITIATIVE_ACTIONS)} {rng.choice(INITIATIVE_SUBJECTS)}"
            initiative = Initiative(
                title=title,
                search_title=fold(title),
                summary="Ứng dụng phần mềm quản lý hồ sơ, rút ngắn thời gian xử lý.",
                unit_id=someone.unit_id,
                recognised_by="Hội đồng sáng kiến cấp cơ sở",
                decision_number=f"{len(initiatives) + 1}/QĐ-HĐSK",
                decision_date=datetime.date(year, 11, rng.randint(1, 28)),
                scope=scope,
            )
            initiatives.append(initiative)
            colleagues = [p for p in by_unit[someone.unit_id] if p is not someone]
            team = [someone, *rng.sample(colleagues, min(len(colleagues), rng.randint(0, 2)))]
            shares = _shares(len(team))
            authors.append([(member, share) for member, share in zip(team, shares, strict=True)])
            first_authors[someone.pk, year] = initiative
    initiatives = _bulk(Initiative, initiatives, counts)
    _bulk(
        InitiativeAuthor,
        [
            InitiativeAuthor(initiative=initiative, person=member, share=share)
            for initiative, team in zip(initiatives, authors, strict=True)
            for member, share in team
        ],
        counts,
    )
    return first_authors


def _shares(count: int) -> list[Decimal]:
    if count == 1:
        return [Decimal(100)]
    first = Decimal(100) - Decimal(30) * (count - 1)
    return [first] + [Decimal(30)] * (count - 1)


def _build_award_history(
    rng, everyone, divisions, ratings, disciplined, first_authors, department_of, years, awards,
    counts,
):  # fmt: skip
    """Record LĐTT for the people rated good or better, CSTĐCS for the excellent with an
    initiative, a few Giấy khen, and the collective titles of the divisions."""
    records, used = [], []
    last = years[-1]
    # Each department's decisions, one per year and kind of award: the registry's rows.
    decisions: dict = {}

    def decision_of(department, year, number, symbol):
        key = (department.pk, year, number)
        if key not in decisions:
            decisions[key] = Decision(
                agency=department,
                year=year,
                title=f"Về việc khen thưởng thành tích năm {year}",
                search_title=fold(f"Về việc khen thưởng thành tích năm {year}"),
                place="Tỉnh",
                signed_on=datetime.date(year, 12, 25),
                signer_name=f"Giám đốc {department.code}",
                signer_position="Giám đốc Sở",
                bases="Căn cứ Luật Thi đua, khen thưởng;",
                recipients="Lưu: VT.",
                status=Decision.Status.ISSUED,
                number=number,
                symbol=symbol,
                issued_at=_aware(datetime.date(year, 12, 25)),
            )
        return decisions[key]

    def record(award, year, number, person=None, unit=None):
        department = department_of[(person.unit_id if person else unit.pk)]
        portal = year == last
        symbol = f"{number}/QĐ-{department.code[-4:]}"
        records.append(
            AwardRecord(
                award=award,
                person=person,
                unit=unit,
                year=year,
                decision_number=symbol,
                decision_date=datetime.date(year, 12, 25),
                issuer=f"Giám đốc {department.name}",
                source=AwardRecord.Source.PORTAL if portal else AwardRecord.Source.IMPORTED,
                source_document="" if portal else f"Sổ theo dõi khen thưởng năm {year}",
                decision=decision_of(department, year, number, symbol) if portal else None,
                book_number=len(records) + 1 if portal else None,
                certificate_code=uuid.uuid4().hex if portal else None,
            )
        )

    for year in years:
        for someone in everyone:
            level = ratings.get((someone.pk, year))
            if level not in (L.EXCELLENT, L.GOOD) or (someone.pk, year) in disciplined:
                continue
            record(awards["LDTT"], year, 10 + year % 100, person=someone)
            initiative = first_authors.get((someone.pk, year))
            if level == L.EXCELLENT and initiative is not None and year < last:
                record(awards["CSTDCS"], year, 11 + year % 100, person=someone)
                initiative.used_for_award, initiative.used_for_year = awards["CSTDCS"], year
                used.append(initiative)
            if rng.random() < 0.03:
                record(awards["GIAY_KHEN"], year, 12 + year % 100, person=someone)
        for division in divisions:
            roll = rng.random()
            if roll < 0.1:
                record(awards["TTLDXS"], year, 13 + year % 100, unit=division)
            elif roll < 0.6:
                record(awards["TTLDTT"], year, 14 + year % 100, unit=division)
    for row in records:
        if row.decision is not None:
            row.decision.award_count = (row.decision.award_count or 0) + 1
    _bulk(Decision, list(decisions.values()), counts)
    for row in records:
        if row.decision is not None:
            row.decision_id = row.decision.pk
    created = _bulk(AwardRecord, records, counts)
    # A few awards revoked later: they stay on record, marked revoked.
    revoked = [r.pk for r in created if r.person_id and rng.random() < 0.002]
    AwardRecord.objects.filter(pk__in=revoked).update(
        status=AwardRecord.Status.REVOKED,
        revocation_reason="Phát hiện vi phạm sau khi khen thưởng",
        revoking_decision="99/QĐ-HB",
    )
    Initiative.objects.bulk_update(used, ["used_for_award", "used_for_year"], batch_size=BATCH)


def _build_campaign(rng, root, boards, everyone, officer, leader, year, counts):
    """Launch the year's campaign with a covenant in force between the first departments'
    leadership boards, one commitment per focus area and a report each quarter."""
    launch = datetime.date(year - 1, 12, 31)
    campaign = Campaign.objects.create(
        name=(
            "Phong trào thi đua phấn đấu hoàn thành thắng lợi nhiệm vụ chính trị, mục tiêu phát "
            f"triển kinh tế - xã hội năm {year}"
        ),
        organiser=root,
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
        launch_date=launch,
        launch_event="Hội nghị cán bộ, công chức, viên chức",
        objectives="Hoàn thành thắng lợi nhiệm vụ chính trị được giao.",
        status=Campaign.Status.LAUNCHED,
        created_by=officer,
    )
    counts["campaigns"] = 1
    areas = _bulk(
        FocusArea,
        [
            FocusArea(campaign=campaign, number=number, title=title[:200], text=title)
            for number, title in enumerate(FOCUS_AREAS, start=1)
        ],
        counts,
    )
    _bulk(
        Milestone,
        [
            Milestone(campaign=campaign, date=datetime.date(year, month, day), title=title, kind=k)
            for month, day, title, k in [
                (2, 3, "Kỷ niệm Ngày thành lập Đảng Cộng sản Việt Nam", "commemoration"),
                (4, 30, "Ngày giải phóng miền Nam, thống nhất đất nước", "commemoration"),
                (5, 18, "Ngày Khoa học và Công nghệ Việt Nam", "commemoration"),
                (6, 30, "Sơ kết 6 tháng", "review"),
                (9, 2, "Quốc khánh", "commemoration"),
                (12, 10, "Hạn nộp hồ sơ khen thưởng", "deadline"),
            ]
        ],
        counts,
    )
    covenant = Covenant.objects.create(
        campaign=campaign,
        title=f"Giao ước thi đua năm {year}",
        signing_date=launch,
        signing_place="Lạng Sơn",
        status=Covenant.Status.IN_FORCE,
        in_force_at=_aware(launch, 11),
    )
    counts["covenants"] = 1
    first_of = {}
    for someone in everyone:
        first_of.setdefault(someone.unit_id, someone)
    parties = _bulk(
        Party,
        [
            Party(covenant=covenant, unit=board, representative=first_of[board.pk], order=order)
            for order, board in enumerate(boards[:MAX_PARTIES])
        ],
        counts,
    )
    _bulk(
        Signature,
        [
            Signature(
                party=party,
                signed_by=leader,
                signer_name=party.representative.full_name,
                signed_at=_aware(launch, 10),
            )
            for party in parties
        ],
        counts,
    )
    measures = [Commitment.Measure.PERCENTAGE, Commitment.Measure.NUMBER, Commitment.Measure.YES_NO]
    commitments = _bulk(
        Commitment,
        [
            Commitment(
                party=party,
                focus_area=area,
                text=f"{party.unit.name}: chỉ tiêu {area.number}",
                measure=measures[area.number % 3],
                unit_label="%" if area.number % 3 == 0 else "",
                baseline=Decimal(50),
                target=Decimal(1) if area.number % 3 == 2 else Decimal(100),
                due_date=datetime.date(year, 12, 31),
            )
            for party in parties
            for area in areas
        ],
        counts,
    )
    quarter_ends = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "Q4": (12, 31)}
    _bulk(
        ProgressReport,
        [
            ProgressReport(
                commitment=commitment,
                period=period,
                value=Decimal(rng.randint(40, 100)),
                status=_pick(rng, REPORT_WEIGHTS),
                narrative="Đã triển khai theo kế hoạch.",
                reported_by=officer,
                reported_at=_aware(datetime.date(year, month, day)),
                review=(
                    ProgressReport.Review.PENDING
                    if period == "Q4"
                    else ProgressReport.Review.ACCEPTED
                ),
                reviewed_by=None if period == "Q4" else officer,
                reviewed_at=None if period == "Q4" else _aware(datetime.date(year, month, day), 15),
            )
            for commitment in commitments
            for period, (month, day) in quarter_ends.items()
        ],
        counts,
    )
    return campaign, covenant


def _build_registrations(rng, everyone, divisions, campaign, officer, year, awards, counts):
    """Register every working person of each division and the division itself for the year;
    return the registrations."""
    submitted = _aware(datetime.date(year, 1, 20))
    lists = []
    for division in divisions:
        status = _pick(rng, LIST_STATUS_WEIGHTS)
        lists.append(
            RegistrationList(
                unit=division,
                year=year,
                campaign=campaign,
                status=status,
                submitted_by=None if status == RegistrationList.Status.DRAFT else officer,
                submitted_at=None if status == RegistrationList.Status.DRAFT else submitted,
                reviewed_by=officer if status in ("approved", "returned") else None,
                reviewed_at=_aware(datetime.date(year, 2, 1))
                if status in ("approved", "returned")
                else None,
                review_comment="Bổ sung danh sách" if status == "returned" else "",
            )
        )
    lists = _bulk(RegistrationList, lists, counts)
    list_of = {entry.unit_id: entry for entry in lists}
    entries = []
    for someone in everyone:
        registration_list = list_of.get(someone.unit_id)
        if registration_list is None or not _active_in(someone, year):
            continue
        code = "CSTDCS" if rng.random() < 0.12 else "LDTT"
        entries.append(
            Registration(
                registration_list=registration_list,
                year=year,
                award=awards[code],
                person=someone,
                registered_by=officer,
                created_at=_aware(datetime.date(year, 1, 10)),
            )
        )
    for registration_list in lists:
        code = "TTLDXS" if rng.random() < 0.2 else "TTLDTT"
        entries.append(
            Registration(
                registration_list=registration_list,
                year=year,
                award=awards[code],
                unit_id=registration_list.unit_id,
                registered_by=officer,
                created_at=_aware(datetime.date(year, 1, 10)),
            )
        )
    return _bulk(Registration, entries, counts)


def _build_nominations(rng, registrations, divisions, campaign, officer, year, counts) -> list:
    """Send each division's nominations for the year in December: one list per division, sent
    on a day of December, a dossier per registration, at the stages of NOMINATION_STATUS_WEIGHTS
    (all but the drafts sent with their list); return the accepted dossiers, oldest first."""
    S = Nomination.Status
    lists = _bulk(
        NominationList,
        [
            NominationList(
                unit=division,
                year=year,
                campaign=campaign,
                status=NominationList.Status.SUBMITTED,
                created_at=_aware(datetime.date(year, 11, 20)),
                submitted_by=officer,
                submitted_at=_aware(
                    datetime.date(year, 12, rng.randint(1, 28)), rng.randint(8, 16)
                ),
            )
            for division in divisions
        ],
        counts,
    )
    list_of = {entry.unit_id: entry for entry in lists}
    dossiers = []
    for registration in registrations:
        nomination_list = list_of[registration.registration_list.unit_id]
        status = _pick(rng, NOMINATION_STATUS_WEIGHTS)
        sent = None
        if status != S.DRAFT:
            sent = nomination_list.submitted_at + datetime.timedelta(minutes=rng.randint(0, 59))
        reviewed = status in (S.ACCEPTED, S.RETURNED)
        verdict = Nomination.Verdict.PASS if rng.random() < 0.9 else Nomination.Verdict.UNKNOWN
        dossiers.append(
            Nomination(
                nomination_list=nomination_list,
                year=year,
                award_id=registration.award_id,
                person_id=registration.person_id,
                unit_id=registration.unit_id,
                registration=registration,
                achievement_report=(
                    f"Báo cáo thành tích năm {year}: hoàn thành xuất sắc nhiệm vụ được giao, "
                    "chấp hành tốt chủ trương, chính sách, pháp luật; tích cực tham gia phong "
                    "trào thi đua."
                ),
                justification=(
                    "" if verdict == Nomination.Verdict.PASS else "Đã bổ sung minh chứng."
                ),
                status=status,
                verdict="" if status == S.DRAFT else verdict,
                created_by=officer,
                created_at=_aware(datetime.date(year, 11, 25)),
                submitted_at=sent,
                reviewed_by=officer if reviewed else None,
                reviewed_at=sent + datetime.timedelta(days=2) if reviewed else None,
                review_comment="Bổ sung minh chứng" if status == S.RETURNED else "",
            )
        )
    created = _bulk(Nomination, dossiers, counts)
    accepted = [n for n in created if n.status == S.ACCEPTED]
    return sorted(accepted, key=lambda n: (n.submitted_at, n.pk))


def _build_council(root, boards, everyone, accepted, year, awards, counts) -> CouncilSession:
    """Seat the province's council (COUNCIL_SIZE leaders of the first boards) and call a session
    whose vote is open on the first COUNCIL_ITEMS accepted dossiers, now before the council."""
    council = Council.objects.create(
        agency=root,
        name=f"Hội đồng Thi đua - Khen thưởng {root.name}",
        decision=f"Quyết định số 15/QĐ-{root.code}",
        term_start=datetime.date(year - 1, 1, 1),
    )
    counts["councils"] = 1
    on_boards = {board.pk for board in boards}
    leaders = [someone for someone in everyone if someone.unit_id in on_boards][:COUNCIL_SIZE]
    members = _bulk(
        CouncilMember,
        [
            CouncilMember(
                council=council,
                person=someone,
                role=COUNCIL_ROLES[index]
                if index < len(COUNCIL_ROLES)
                else CouncilMember.Role.MEMBER,
            )
            for index, someone in enumerate(leaders)
        ],
        counts,
    )
    starts = _aware(datetime.date(year, 12, 30), 8)
    session = CouncilSession.objects.create(
        council=council,
        year=year,
        starts_at=starts,
        place="Phòng họp số 1, trụ sở Ủy ban nhân dân tỉnh",
        status=CouncilSession.Status.VOTING,
        created_at=_aware(datetime.date(year, 12, 20)),
        opened_at=starts,
    )
    counts["council sessions"] = 1
    _bulk(SessionMember, [SessionMember(session=session, member=m) for m in members], counts)
    # Numbered as the service numbers an agenda: by award (titles first, by rank), then placed.
    by_pk = {award.pk: award for award in awards.values()}
    chosen = sorted(
        accepted[:COUNCIL_ITEMS],
        key=lambda n: (by_pk[n.award_id].kind, by_pk[n.award_id].rank, n.pk),
    )
    for nomination in chosen:
        nomination.status = Nomination.Status.IN_COUNCIL
    Nomination.objects.filter(pk__in=[n.pk for n in chosen]).update(
        status=Nomination.Status.IN_COUNCIL
    )
    _bulk(
        CouncilItem,
        [
            CouncilItem(session=session, nomination=nomination, position=position)
            for position, nomination in enumerate(chosen, start=1)
        ],
        counts,
    )
    return session

"""The demo agency: Sở Khoa học và Công nghệ tỉnh Lạng Sơn, its units, staff, HR records and logins.

The people are invented; the structure follows a provincial Department of Science and Technology
(a leadership board, divisions, a sub-department and two public service centres) with the trade
union, youth union and Party cell that sign the seed's 2020 covenant.
"""

import datetime
import functools
import math
import random
from collections import Counter
from typing import NamedTuple

from django.contrib.auth.models import Group, User

from emulation.demo import DEMO_PASSWORD, DEMO_TODAY, Demo, DemoLogin, SummaryRow, upsert
from organizations import roles, services
from organizations.actors import SYSTEM
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    LeaveRecord,
    Membership,
    PendingReview,
    Person,
    Unit,
    UnitRating,
)

AGENCY_CODE = "SKHCN"

K = Unit.Kind
# Parents come before their children: the builder saves them in this order.
UNITS = [
    # code, name, kind, parent code
    (AGENCY_CODE, "Sở Khoa học và Công nghệ tỉnh Lạng Sơn", K.AGENCY, None),
    ("BLD", "Ban lãnh đạo Sở", K.LEADERSHIP_BOARD, AGENCY_CODE),
    ("VP", "Văn phòng Sở", K.DIVISION, AGENCY_CODE),
    ("KHTC", "Phòng Kế hoạch - Tài chính", K.DIVISION, AGENCY_CODE),
    ("QLKH", "Phòng Quản lý khoa học", K.DIVISION, AGENCY_CODE),
    ("QLCN", "Phòng Quản lý công nghệ và Sở hữu trí tuệ", K.DIVISION, AGENCY_CODE),
    ("TT", "Thanh tra Sở", K.DIVISION, AGENCY_CODE),
    ("CCTCDLCL", "Chi cục Tiêu chuẩn Đo lường Chất lượng", K.SUBORDINATE_UNIT, AGENCY_CODE),
    ("QLDL", "Phòng Quản lý Đo lường", K.DIVISION, "CCTCDLCL"),
    (
        "TTUDKHCN",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
        K.SUBORDINATE_UNIT,
        AGENCY_CODE,
    ),
    ("UDCG", "Phòng Ứng dụng và Chuyển giao công nghệ", K.DIVISION, "TTUDKHCN"),
    (
        "TTTTKHCN",
        "Trung tâm Thông tin và Thống kê khoa học và công nghệ",
        K.SUBORDINATE_UNIT,
        AGENCY_CODE,
    ),
    ("CD", "Công đoàn cơ sở Sở Khoa học và Công nghệ", K.TRADE_UNION, AGENCY_CODE),
    ("DTN", "Chi đoàn Sở Khoa học và Công nghệ", K.YOUTH_UNION, AGENCY_CODE),
    ("CB", "Chi bộ Sở Khoa học và Công nghệ", K.PARTY_CELL, AGENCY_CODE),
]

# Staff by unit, one line each: "full name | gender | born | position | start[..end] | flags".
# Flags: P is a Party member, L a contract worker (người lao động), N not (yet) in the trade union.
# Staff of the public service centres are viên chức, everyone else công chức, contract workers
# aside. Staff codes SKHCN001, SKHCN002, ... follow this order: append, never insert.
STAFF = {
    "BLD": [
        "Lương Văn Khải | M | 1966-04-12 | Giám đốc Sở | 1995-08-01 | P",
        "Nông Thị Thanh Hương | F | 1970-09-03 | Phó Giám đốc Sở | 1996-03-01 | P",
        "Trần Quang Vinh | M | 1972-01-20 | Phó Giám đốc Sở | 1997-10-01 | P",
    ],
    "VP": [
        "Hoàng Đức Mạnh | M | 1975-06-15 | Chánh Văn phòng | 1999-09-01 | P",
        "Vi Thị Hồng Nhung | F | 1979-11-08 | Phó Chánh Văn phòng | 2003-03-01 | P",
        "Ngô Văn Bình | M | 1959-10-05 | Chuyên viên chính | 1995-02-01..2019-10-31 | P",
        "Phạm Thị Thu Trang | F | 1988-02-21 | Chuyên viên thi đua - khen thưởng | 2012-04-01",
        "Chu Văn Toàn | M | 1990-07-07 | Chuyên viên | 2015-08-01",
        "Đặng Thị Lan | F | 1982-05-30 | Kế toán | 2006-07-01",
        "Lý Thị Mai | F | 1985-12-12 | Văn thư | 2009-02-01",
        "Bùi Văn Hải | M | 1978-03-03 | Lái xe | 2004-01-01 | L",
        "Mông Văn Sáng | M | 1983-10-10 | Bảo vệ | 2010-05-01 | L",
        "Triệu Thị Hoa | F | 1992-09-19 | Nhân viên phục vụ | 2016-03-01 | L",
    ],
    "KHTC": [
        "Dương Văn Long | M | 1974-08-25 | Trưởng phòng | 1998-05-01 | P",
        "Hoàng Thị Ngọc Anh | F | 1983-04-14 | Phó Trưởng phòng | 2007-09-01 | P",
        "Bùi Thị Tuyết | F | 1976-01-25 | Chuyên viên chính | 1999-04-01",
        "Lê Thị Hà | F | 1987-01-29 | Chuyên viên | 2011-10-01",
        "Lăng Văn Tuấn | M | 1991-06-02 | Chuyên viên | 2016-09-01",
        "Đỗ Minh Đức | M | 1993-12-24 | Chuyên viên | 2019-03-01",
    ],
    "QLKH": [
        "Nguyễn Văn Hùng | M | 1973-02-17 | Trưởng phòng | 1997-09-01 | P",
        "Hà Thị Kim Oanh | F | 1981-07-11 | Phó Trưởng phòng | 2005-04-01 | P",
        "Vũ Đức Thịnh | M | 1986-10-30 | Chuyên viên | 2010-11-01",
        "Nông Thị Thu Hà | F | 1989-03-26 | Chuyên viên | 2013-06-01 | P",
        "Đặng Thị Mỹ Duyên | F | 1992-04-09 | Chuyên viên | 2017-02-01",
        "Hồ Thị Yến | F | 1994-05-18 | Chuyên viên | 2018-08-01",
    ],
    "QLCN": [
        "Phạm Văn Thành | M | 1976-12-05 | Trưởng phòng | 2000-06-01 | P",
        "Lương Thị Phương | F | 1984-08-08 | Phó Trưởng phòng | 2008-10-01 | P",
        "Hoàng Văn Quý | M | 1987-09-09 | Chuyên viên | 2012-12-01",
        "Trần Thị Minh Nguyệt | F | 1990-11-22 | Chuyên viên | 2014-07-01",
        "Triệu Văn Kiên | M | 1992-02-28 | Chuyên viên | 2017-05-02..2020-06-30",
    ],
    "TT": [
        "Chu Đức Thuận | M | 1971-05-19 | Chánh Thanh tra | 1996-11-01 | P",
        "Ngô Thị Bích Ngọc | F | 1980-10-01 | Phó Chánh Thanh tra | 2004-08-01 | P",
        "Bùi Quang Huy | M | 1985-04-04 | Thanh tra viên | 2011-03-01 | P",
        "Vi Văn Đông | M | 1988-12-15 | Thanh tra viên | 2014-02-01",
    ],
    "CCTCDLCL": [
        "Lê Văn Tùng | M | 1969-07-27 | Chi cục trưởng | 1995-06-01 | P",
        "Hoàng Thị Thúy | F | 1977-03-15 | Phó Chi cục trưởng | 2001-09-01 | P",
        "Nguyễn Thị Huyền | F | 1986-06-06 | Kế toán | 2010-09-01",
        "Mông Thị Liên | F | 1990-01-17 | Chuyên viên | 2015-10-01",
        "Lê Minh Hiếu | M | 1991-11-30 | Chuyên viên | 2016-12-01",
    ],
    "QLDL": [
        "Đặng Văn Cường | M | 1980-09-12 | Trưởng phòng | 2005-01-04 | P",
        "Hoàng Văn Lâm | M | 1984-02-02 | Phó Trưởng phòng | 2009-06-01",
        "Lý Văn Phúc | M | 1989-05-05 | Chuyên viên | 2013-09-01",
        "Dương Thị Thảo | F | 1993-08-21 | Chuyên viên | 2018-03-01",
    ],
    "TTUDKHCN": [
        "Nguyễn Quốc Khánh | M | 1972-10-02 | Giám đốc Trung tâm | 1996-07-01 | P",
        "Trần Thị Loan | F | 1978-08-16 | Phó Giám đốc Trung tâm | 2002-10-01 | P",
        "Phạm Thị Ngân | F | 1990-07-30 | Kế toán | 2014-09-01",
        "Hoàng Văn Tiến | M | 1983-01-09 | Kỹ sư | 2008-05-01",
        "Lương Văn Hòa | M | 1991-04-23 | Kỹ thuật viên | 2016-07-01",
        "Nông Văn Thái | M | 1994-03-12 | Nhân viên | 2019-02-15 | LN",
    ],
    "UDCG": [
        "Bùi Văn Nam | M | 1982-11-11 | Trưởng phòng | 2007-03-01 | P",
        "Hoàng Văn Chiến | M | 1987-08-18 | Kỹ sư | 2012-01-03",
        "Vũ Thị Ngọc Ánh | F | 1990-10-10 | Kỹ sư | 2014-04-01 | P",
        "Lăng Thị Hạnh | F | 1995-02-14 | Kỹ thuật viên | 2017-09-01",
        "Chu Thị Quyên | F | 1996-06-25 | Kỹ thuật viên | 2019-04-01 | LN",
    ],
    "TTTTKHCN": [
        "Đỗ Văn Thắng | M | 1974-05-20 | Giám đốc Trung tâm | 1999-12-01 | P",
        "Lê Thị Thu Hằng | F | 1981-02-08 | Phó Giám đốc Trung tâm | 2006-05-01 | P",
        "Hồ Văn Lợi | M | 1985-01-21 | Thư viện viên | 2010-03-15",
        "Triệu Quang Minh | M | 1988-06-29 | Kỹ sư công nghệ thông tin | 2012-08-01",
        "Nguyễn Thị Diệu Linh | F | 1992-12-03 | Biên tập viên | 2016-04-01",
        "Lý Văn Trường | M | 1993-09-07 | Kỹ thuật viên | 2018-05-02",
        "Vi Thị Thùy Dung | F | 1994-07-14 | Kỹ thuật viên | 2019-09-03",
    ],
}

GENDERS = {"M": Person.Gender.MALE, "F": Person.Gender.FEMALE}

# Officers of the mass organisations; everyone else is an ordinary member.
CHAIR, VICE = Membership.Role.CHAIR, Membership.Role.VICE_CHAIR
OFFICERS = {
    "CD": {"Vi Thị Hồng Nhung": CHAIR, "Trần Thị Loan": VICE},
    "DTN": {"Vũ Thị Ngọc Ánh": CHAIR, "Lăng Văn Tuấn": VICE},
    "CB": {"Lương Văn Khải": CHAIR, "Nông Thị Thanh Hương": VICE},
}
# Điều lệ Đoàn: members are 16 to 30 years old; the secretary may be older.
YOUTH_UNION_MAX_AGE = 30

RATED_YEARS = (2017, 2018, 2019)
# Share of those rated who are rated excellent, kept under the cap of 20% of those rated good or
# better (Nghị định 56/2015/NĐ-CP as amended by 88/2017/NĐ-CP; check the decree for the year).
EXCELLENT_SHARE = 0.18
EXCELLENT_CAP = 0.20
# About one in twenty is rated only "completed" (hoàn thành nhiệm vụ).
COMPLETED_SHARE = 0.05
# Fixed ratings that tell a story: a steady high performer (the `canbo` login, a future Chiến sĩ
# thi đua cơ sở), and the two disciplined staff, rated "not completed" in the year of the
# discipline, as NĐ 56/2015 required (check the decree for the year).
PINNED_RATINGS = {
    ("Nông Thị Thu Hà", 2017): AnnualRating.Level.EXCELLENT,
    ("Nông Thị Thu Hà", 2018): AnnualRating.Level.EXCELLENT,
    ("Nông Thị Thu Hà", 2019): AnnualRating.Level.EXCELLENT,
    ("Hoàng Văn Quý", 2018): AnnualRating.Level.NOT_COMPLETED,
    ("Hoàng Văn Quý", 2019): AnnualRating.Level.COMPLETED,
    ("Hoàng Văn Chiến", 2019): AnnualRating.Level.NOT_COMPLETED,
}
RATING_NOTES = {
    AnnualRating.Level.NOT_COMPLETED: "Bị xử lý kỷ luật trong năm đánh giá",
}

DISCIPLINE = [
    {
        "name": "Hoàng Văn Quý",
        "form": DisciplineRecord.Form.WARNING,
        "start_date": datetime.date(2018, 9, 17),
        "end_date": datetime.date(2019, 9, 16),
        "decision_number": "215/QĐ-SKHCN",
        "reason": (
            "Vi phạm quy định về thời hạn giải quyết hồ sơ thủ tục hành chính, "
            "để nhiều hồ sơ của doanh nghiệp bị trễ hạn"
        ),
    },
    {
        "name": "Hoàng Văn Chiến",
        "form": DisciplineRecord.Form.REPRIMAND,
        "start_date": datetime.date(2019, 5, 20),
        "end_date": datetime.date(2020, 5, 19),
        "decision_number": "27/QĐ-TTUD",
        "reason": "Vi phạm nội quy cơ quan: tự ý nghỉ việc không có lý do chính đáng",
    },
]

# Matters pending against a person: Quý's discipline was considered before it was decided (closed);
# Phương has a complaint being verified since November 2020, still open, so no award is proposed
# for her (see emulation/demo/awards.py, case g).
PENDING_REVIEWS = [
    {
        "name": "Hoàng Văn Quý",
        "kind": PendingReview.Kind.DISCIPLINE,
        "opened_on": datetime.date(2018, 8, 1),
        "closed_on": datetime.date(2018, 9, 17),
        "reference": "Biên bản họp Hội đồng kỷ luật ngày 01/8/2018",
        "note": "Kết luận: kỷ luật cảnh cáo (Quyết định 215/QĐ-SKHCN).",
    },
    {
        "name": "Lương Thị Phương",
        "kind": PendingReview.Kind.COMPLAINT,
        "opened_on": datetime.date(2020, 11, 16),
        "closed_on": None,
        "reference": "Đơn tố cáo ngày 12/11/2020",
        "note": "Đơn tố cáo về việc thẩm định hồ sơ sở hữu trí tuệ đang được xác minh.",
    },
]

# Long leave: Hồ Thị Yến's maternity leave in 2020 (case h); in service before 2020, she is not
# held to a newcomer's 10 months, and maternity leave would count as working time anyway.
LEAVES = [
    {
        "name": "Hồ Thị Yến",
        "kind": LeaveRecord.Kind.MATERNITY,
        "start_date": datetime.date(2020, 3, 2),
        "end_date": datetime.date(2020, 8, 31),
        "note": "Nghỉ sinh con theo chế độ bảo hiểm xã hội",
    },
]

# The collectives' own ratings, consistent with the 2020 collective cases: the inspectorate (TT)
# is excellent two years running, the metrology division (QLDL) only completed its tasks.
UNIT_RATINGS = [
    ("TT", 2019, AnnualRating.Level.EXCELLENT),
    ("TT", 2020, AnnualRating.Level.EXCELLENT),
    ("QLKH", 2020, AnnualRating.Level.GOOD),
    ("VP", 2020, AnnualRating.Level.GOOD),
    ("QLDL", 2020, AnnualRating.Level.COMPLETED),
]

# username, person, groups, superuser. Every login is a different person. The administrator is the
# information centre's IT engineer, who runs the portal; the council logins go to the deputy
# director and the heads who sit on the Hội đồng Thi đua - Khen thưởng chaired by the director.
LOGINS = [
    ("admin", "Triệu Quang Minh", [roles.STAFF], True),
    ("lanhdao", "Lương Văn Khải", [roles.LEADERSHIP, roles.COUNCIL_MEMBER, roles.STAFF], False),
    ("tdkt", "Phạm Thị Thu Trang", [roles.OFFICER, roles.STAFF], False),
    ("truongphong", "Nguyễn Văn Hùng", [roles.UNIT_HEAD, roles.STAFF], False),
    ("canbo", "Nông Thị Thu Hà", [roles.STAFF], False),
    ("hoidong1", "Trần Quang Vinh", [roles.COUNCIL_MEMBER, roles.STAFF], False),
    ("hoidong2", "Hoàng Đức Mạnh", [roles.COUNCIL_MEMBER, roles.UNIT_HEAD, roles.STAFF], False),
    ("hoidong3", "Dương Văn Long", [roles.COUNCIL_MEMBER, roles.UNIT_HEAD, roles.STAFF], False),
    ("hoidong4", "Chu Đức Thuận", [roles.COUNCIL_MEMBER, roles.UNIT_HEAD, roles.STAFF], False),
    ("hoidong5", "Lê Văn Tùng", [roles.COUNCIL_MEMBER, roles.UNIT_HEAD, roles.STAFF], False),
    ("congdoan", "Vi Thị Hồng Nhung", [roles.UNION_CHAIR, roles.STAFF], False),
    ("doanthanhnien", "Vũ Thị Ngọc Ánh", [roles.UNION_CHAIR, roles.STAFF], False),
]


# Staff of these units and of the divisions inside them are viên chức.
PUBLIC_SERVICE_UNITS = {"TTUDKHCN", "UDCG", "TTTTKHCN"}


class StaffMember(NamedTuple):
    """One line of STAFF, parsed, with its staff code."""

    code: str
    unit: str
    name: str
    gender: str
    born: datetime.date
    position: str
    employment: str
    start: datetime.date
    end: datetime.date | None
    flags: str

    @property
    def is_party_member(self) -> bool:
        return "P" in self.flags

    @property
    def is_union_member(self) -> bool:
        return "N" not in self.flags

    @property
    def is_manager(self) -> bool:
        return any(word in self.position for word in ("Giám đốc", "Trưởng", "trưởng", "Chánh"))


def _employment(unit: str, flags: str) -> str:
    if "L" in flags:
        return Person.EmploymentType.CONTRACT
    if unit in PUBLIC_SERVICE_UNITS:
        return Person.EmploymentType.PUBLIC_EMPLOYEE
    return Person.EmploymentType.CIVIL_SERVANT


@functools.cache
def staff() -> tuple[StaffMember, ...]:
    """Return the demo staff in staff-code order."""
    members = []
    lines = [(unit, line) for unit, unit_lines in STAFF.items() for line in unit_lines]
    for number, (unit, line) in enumerate(lines, start=1):
        name, gender, born, position, period, *rest = (field.strip() for field in line.split("|"))
        start, _, end = period.partition("..")
        flags = rest[0] if rest else ""
        members.append(
            StaffMember(
                code=f"{AGENCY_CODE}{number:03d}",
                unit=unit,
                name=name,
                gender=gender,
                born=datetime.date.fromisoformat(born),
                position=position,
                employment=_employment(unit, flags),
                start=datetime.date.fromisoformat(start),
                end=datetime.date.fromisoformat(end) if end else None,
                flags=flags,
            )
        )
    return tuple(members)


def build(demo: Demo) -> None:
    """Build the agency's units, staff, memberships, ratings, discipline and demo logins."""
    _build_units(demo)
    _build_people(demo)
    _build_memberships(demo)
    _build_ratings(demo)
    _build_discipline(demo)
    _build_pending_reviews(demo)
    _build_leaves(demo)
    _build_unit_ratings(demo)
    _build_logins(demo)


def _build_units(demo: Demo) -> None:
    created = 0
    existing = {unit.code: unit for unit in Unit.objects.filter(code__in=[u[0] for u in UNITS])}
    for order, (code, name, kind, parent_code) in enumerate(UNITS, start=1):
        parent = demo.units[parent_code] if parent_code else None
        unit = existing.get(code)
        if unit is not None and unit.parent_id != (parent.pk if parent else None):
            # A unit placed elsewhere since the last load moves back with the units below it.
            services.unit_move(actor=SYSTEM, unit=unit, parent=parent)
        unit, new = upsert(
            Unit,
            {"code": code},
            {"name": name, "kind": kind, "parent": parent, "sort_order": order, "is_active": True},
        )
        demo.units[code] = unit
        created += new
    demo.summary.append(SummaryRow("Units", len(UNITS), created))


def _build_people(demo: Demo) -> None:
    created = left = 0
    for member in staff():
        person, new = upsert(
            Person,
            {"code": member.code},
            {
                "full_name": member.name,
                "gender": GENDERS[member.gender],
                "date_of_birth": member.born,
                "position": member.position,
                "employment_type": member.employment,
                "unit": demo.units[member.unit],
                "start_date": member.start,
                "end_date": member.end,
            },
        )
        demo.people[member.name] = person
        created += new
        left += member.end is not None
    demo.summary.append(SummaryRow(f"People ({left} of them left)", len(demo.people), created))


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _members(code: str) -> list[StaffMember]:
    """Return the members of a mass organisation, officers included."""
    officers = OFFICERS[code]
    if code == "CD":
        joined = [member for member in staff() if member.is_union_member]
    elif code == "DTN":
        joined = [
            member for member in staff() if _age_on(member.born, DEMO_TODAY) <= YOUTH_UNION_MAX_AGE
        ]
    else:
        joined = [member for member in staff() if member.is_party_member]
    names = {member.name for member in joined}
    return joined + [
        member for member in staff() if member.name in officers and member.name not in names
    ]


def _build_memberships(demo: Demo) -> None:
    created = total = 0
    for code, officers in OFFICERS.items():
        organisation = demo.units[code]
        for member in _members(code):
            # Members join when they arrive and leave with the agency.
            _, new = upsert(
                Membership,
                {"person": demo.people[member.name], "organisation": organisation},
                {
                    "role": officers.get(member.name, Membership.Role.MEMBER),
                    "start_date": member.start,
                    "end_date": member.end,
                },
            )
            created += new
            total += 1
    demo.summary.append(SummaryRow("Memberships (CD, DTN, CB)", total, created))


def is_rated(member: StaffMember, year: int) -> bool:
    """Say whether a person is rated for a year: in service at the year-end review, and for at
    least half of the year."""
    in_service_at_review = member.end is None or member.end >= datetime.date(year, 12, 31)
    return member.start <= datetime.date(year, 6, 30) and in_service_at_review


def rating_unit(unit_code: str) -> str:
    """Return the unit whose staff are rated together: the Sở itself or a subordinate unit.

    The excellent cap counts per agency or public service unit; the Sở's divisions share the Sở's.
    """
    units = {code: (kind, parent) for code, _name, kind, parent in UNITS}
    while units[unit_code][0] not in (Unit.Kind.AGENCY, Unit.Kind.SUBORDINATE_UNIT):
        unit_code = units[unit_code][1]
    return unit_code


def planned_ratings() -> dict[tuple[str, int], str]:
    """Return the demo's rating of each person for each rated year, keyed by (name, year).

    Each person has a fixed merit and a yearly draw, so some people are excellent year after year,
    and the mix is the same on every run.
    """
    rng = random.Random(2020)
    members = staff()
    merit = {member.code: rng.random() for member in members}
    plan: dict[tuple[str, int], str] = {}
    for year in RATED_YEARS:
        for group in dict.fromkeys(rating_unit(member.unit) for member in members):
            rated = [
                member
                for member in members
                if rating_unit(member.unit) == group and is_rated(member, year)
            ]
            levels = _levels(rated, year, merit, rng)
            plan.update({(name, year): level for name, level in levels.items()})
    return plan


def _levels(rated: list[StaffMember], year: int, merit: dict, rng: random.Random) -> dict:
    """Rate one unit's staff for a year: pinned levels first, the weakest few "completed", the
    strongest "excellent" up to the cap and at most a third of any division, everyone else good."""
    level = AnnualRating.Level
    levels = {
        member.name: PINNED_RATINGS[(member.name, year)]
        for member in rated
        if (member.name, year) in PINNED_RATINGS
    }
    free = [member for member in rated if member.name not in levels]
    score = {member.code: merit[member.code] + 0.6 * rng.random() for member in free}
    ranking = sorted(free, key=lambda member: score[member.code], reverse=True)
    # Managers are rated by the level above them; keep them out of the demo's weakest.
    weakest = [member for member in ranking if not member.is_manager]
    for member in weakest[len(weakest) - round(COMPLETED_SHARE * len(rated)) :]:
        levels[member.name] = level.COMPLETED
    good_or_better = sum(1 for member in rated if member.name not in levels) + sum(
        1 for value in levels.values() if level(value).is_good_or_better
    )
    quota = min(round(EXCELLENT_SHARE * len(rated)), math.floor(EXCELLENT_CAP * good_or_better))
    division_size = Counter(member.unit for member in rated)
    excellent = Counter(
        member.unit for member in rated if levels.get(member.name) == level.EXCELLENT
    )
    for member in ranking:
        if excellent.total() >= quota:
            break
        if member.name in levels or excellent[member.unit] >= max(
            1, division_size[member.unit] // 3
        ):
            continue
        levels[member.name] = level.EXCELLENT
        excellent[member.unit] += 1
    return {member.name: levels.get(member.name, level.GOOD) for member in rated}


def _build_ratings(demo: Demo) -> None:
    existing = set(
        AnnualRating.objects.filter(
            person__in=demo.people.values(), year__in=RATED_YEARS
        ).values_list("person_id", "year")
    )
    plan = planned_ratings()
    created = 0
    for (name, year), level in plan.items():
        person = demo.people[name]
        if (person.pk, year) in existing:
            continue
        services.rating_record(
            actor=SYSTEM,
            person=person,
            year=year,
            level=level,
            note=RATING_NOTES.get(level, ""),
        )
        created += 1
    label = f"Annual ratings {RATED_YEARS[0]}-{RATED_YEARS[-1]}"
    demo.summary.append(SummaryRow(label, len(plan), created))


def _build_discipline(demo: Demo) -> None:
    created = 0
    for record in DISCIPLINE:
        fields = dict(record)
        person = demo.people[fields.pop("name")]
        exists = DisciplineRecord.objects.filter(
            person=person, form=fields["form"], start_date=fields["start_date"]
        ).exists()
        if not exists:
            services.discipline_record(actor=SYSTEM, person=person, **fields)
            created += 1
    demo.summary.append(SummaryRow("Discipline records", len(DISCIPLINE), created))


def _build_pending_reviews(demo: Demo) -> None:
    created = 0
    for record in PENDING_REVIEWS:
        fields = dict(record)
        person = demo.people[fields.pop("name")]
        closed_on = fields.pop("closed_on")
        review = PendingReview.objects.filter(
            person=person, kind=fields["kind"], opened_on=fields["opened_on"]
        ).first()
        if review is None:
            review = services.pending_review_open(actor=SYSTEM, person=person, **fields)
            created += 1
        if closed_on and review.closed_on is None:
            services.pending_review_close(actor=SYSTEM, review=review, closed_on=closed_on)
    demo.summary.append(SummaryRow("Pending reviews", len(PENDING_REVIEWS), created))


def _build_leaves(demo: Demo) -> None:
    created = 0
    for record in LEAVES:
        fields = dict(record)
        person = demo.people[fields.pop("name")]
        if not LeaveRecord.objects.filter(person=person, start_date=fields["start_date"]).exists():
            services.leave_record(actor=SYSTEM, person=person, **fields)
            created += 1
    demo.summary.append(SummaryRow("Long leave", len(LEAVES), created))


def _build_unit_ratings(demo: Demo) -> None:
    rated = set(UnitRating.objects.values_list("unit__code", "year"))
    created = 0
    for code, year, level in UNIT_RATINGS:
        if (code, year) in rated:
            continue
        services.unit_rating_record(actor=SYSTEM, unit=demo.units[code], year=year, level=level)
        created += 1
    demo.summary.append(SummaryRow("Unit ratings", len(UNIT_RATINGS), created))


def _build_logins(demo: Demo) -> None:
    # The groups come from a data migration; get_or_create also serves databases flushed by
    # transactional tests, where migration data is gone.
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLES}
    created = 0
    for username, name, group_names, is_superuser in LOGINS:
        person = demo.people[name]
        user, new = User.objects.get_or_create(username=username)
        user.is_superuser = user.is_staff = is_superuser
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[group_name] for group_name in group_names])
        if person.user_id != user.pk:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save()
        demo.users[username] = user
        demo.logins.append(
            DemoLogin(
                username=username,
                full_name=person.full_name,
                unit_name=person.unit.name,
                groups=tuple(group_names),
                is_superuser=is_superuser,
            )
        )
        created += new
    demo.summary.append(SummaryRow("Demo logins", len(LOGINS), created))

"""The demo's award history, initiatives and 2020 ratings: one clear case of every outcome.

The year 2020 is judged under Nghị định 91/2017 (Luật Thi đua, khen thưởng 2003). The cases:

(a) Nông Thị Thu Hà (QLKH, login `canbo`) is eligible for Chiến sĩ thi đua cơ sở 2020: rated
    excellent for 2020, no discipline, an initiative with unit scope recognised on 20/11/2020,
    and the batch quota holds (see below).
(b) Hà Thị Kim Oanh (QLKH) gets Lao động tiên tiến only: rated good for 2020 with no
    initiative, so CSTĐCS fails on the initiative the 2003 law requires.
(c) Hoàng Văn Chiến (UDCG) is blocked by discipline: his reprimand runs 20/05/2019–19/05/2020,
    so although rated good for 2020 he is not eligible for LĐTT.
(d) Trần Thị Minh Nguyệt (QLCN) has no 2020 rating entered: LĐTT 2020 is unknown (data missing).
(e) Thanh tra Sở (TT, 4 people) is above the line: all four hold LĐTT 2020, all completed their
    duties, and its head holds CSTĐCS 2020, so it qualifies for Tập thể lao động tiên tiến
    (> 50 %) and Tập thể lao động xuất sắc (≥ 70 %). Phòng Quản lý Đo lường (QLDL, 4 people)
    is below: only its head holds LĐTT 2020 (1/4 = 25 %), the others were rated "completed".
(f) Chu Đức Thuận (TT, head of the inspectorate, login `hoidong4`) holds CSTĐCS 2017, 2018,
    2019 and 2020 and a province-wide initiative recognised in 2020, so he qualifies for Chiến
    sĩ thi đua cấp tỉnh 2020. His 2020 CSTĐCS is recorded (decided 25/12/2020): the engine
    counts only recorded titles, and it grounds that title on his unit-scope initiative (used
    once, for CSTĐCS 2020), leaving the province-wide one for the provincial title.

(g) Lương Thị Phương (QLCN) is rated good for 2020 but a denunciation against her has been
    verified since 16/11/2020 and is still open: LĐTT 2020 fails on the pending review, and no
    LĐTT 2020 is recorded for her.
(h) Hồ Thị Yến (QLKH) was on maternity leave from 02/03 to 31/08/2020; she has been in service
    since before 2020, and the 10 months of Nghị định 91/2017 Điều 10 are asked of people newly
    recruited only, so her leave reduces nothing and she is eligible for LĐTT 2020 (maternity
    leave would count as working time for a newcomer anyway, Khoản 4 Điều 10).
(i) Bằng khen của Chủ tịch UBND tỉnh 2020, one person by each path: Chu Đức Thuận by two
    consecutive CSTĐCS (2019, 2020); Nông Thị Thu Hà by two consecutive years rated excellent
    (2019, 2020) with two unit initiatives recognised in that period (2019 and 2020).
(j) Thanh tra Sở (TT) is rated excellent as a collective for 2019 and 2020 and nobody in it is
    warned, so it qualifies for the collective Bằng khen 2020. The collectives' own ratings
    (organization.py) agree with (e): TT excellent, QLDL only "completed".

Every case judged for a 2020 title is on a 2020 registration list (registrations.py): under
the 2003 law registration is a basis of every emulation title (Điểm b Khoản 1 Điều 10).

The CSTĐCS quota (at most 15 % of the advanced workers) is decided on the agency's batch: the
people rated excellent for 2020 (Thu Hà and Thuận, 2) against the LĐTT 2020 recorded in the
agency (QLKH 5, TT 4, VP 9, QLDL 1 = 19; 15 % = 2). That is why the office (VP) is rated and
recorded too. Everyone else has no 2020 rating: their 2020 verdicts are "unknown".
"""

import datetime
import importlib

from awards import services
from awards.models import Award, AwardRecord, Initiative
from emulation.demo import Demo, SummaryRow
from organizations import services as hr
from organizations.actors import SYSTEM
from organizations.models import AnnualRating

D = datetime.date
L = AnnualRating.Level
YEAR = 2020
ISSUER = "Giám đốc Sở Khoa học và Công nghệ tỉnh Lạng Sơn"

# 2020 ratings: the people of the cases, and every member of the units judged (QLKH, TT, QLDL)
# or counted for the quota (VP). Everyone not named stays unrated for 2020.
RATINGS_2020 = {
    # QLKH
    "Nguyễn Văn Hùng": L.GOOD,
    "Hà Thị Kim Oanh": L.GOOD,
    "Vũ Đức Thịnh": L.COMPLETED,
    "Nông Thị Thu Hà": L.EXCELLENT,
    "Đặng Thị Mỹ Duyên": L.GOOD,
    "Hồ Thị Yến": L.GOOD,
    # TT
    "Chu Đức Thuận": L.EXCELLENT,
    "Ngô Thị Bích Ngọc": L.GOOD,
    "Bùi Quang Huy": L.GOOD,
    "Vi Văn Đông": L.GOOD,
    # QLDL
    "Đặng Văn Cường": L.GOOD,
    "Hoàng Văn Lâm": L.COMPLETED,
    "Lý Văn Phúc": L.COMPLETED,
    "Dương Thị Thảo": L.COMPLETED,
    # VP (Ngô Văn Bình retired in 2019)
    "Hoàng Đức Mạnh": L.GOOD,
    "Vi Thị Hồng Nhung": L.GOOD,
    "Phạm Thị Thu Trang": L.GOOD,
    "Chu Văn Toàn": L.GOOD,
    "Đặng Thị Lan": L.GOOD,
    "Lý Thị Mai": L.GOOD,
    "Bùi Văn Hải": L.GOOD,
    "Mông Văn Sáng": L.GOOD,
    "Triệu Thị Hoa": L.GOOD,
    # UDCG: case (c), rated good but under discipline until 19/05/2020
    "Hoàng Văn Chiến": L.GOOD,
    # QLCN: case (g), rated good but with a denunciation being verified
    "Lương Thị Phương": L.GOOD,
}
# Rated good or better but not recorded as LĐTT 2020: blocked by discipline (c) or by a pending
# review (g).
NO_LDTT_2020 = {"Hoàng Văn Chiến", "Lương Thị Phương"}

# LĐTT 2020 goes to everyone rated good or better, except NO_LDTT_2020.
LDTT_2020 = ("08/QĐ-SKHCN", D(2021, 1, 12))

# name, award code, year, decision number, decision date
PAST_AWARDS = [
    ("Chu Đức Thuận", "CSTDCS", 2017, "12/QĐ-SKHCN", D(2018, 1, 15)),
    ("Chu Đức Thuận", "CSTDCS", 2018, "09/QĐ-SKHCN", D(2019, 1, 14)),
    ("Chu Đức Thuận", "CSTDCS", 2019, "12/QĐ-SKHCN", D(2020, 1, 15)),
    ("Chu Đức Thuận", "CSTDCS", 2020, "245/QĐ-SKHCN", D(2020, 12, 25)),
    ("Nông Thị Thu Hà", "LDTT", 2019, "12/QĐ-SKHCN", D(2020, 1, 15)),
]

# title, author, unit, recognised by, decision, date, scope, used for (award code) or None
INITIATIVES = [
    (
        "Phần mềm theo dõi tiến độ đề tài, dự án khoa học và công nghệ cấp tỉnh",
        "Nông Thị Thu Hà",
        "QLKH",
        "Hội đồng sáng kiến cơ sở Sở Khoa học và Công nghệ",
        "85/QĐ-SKHCN",
        D(2020, 11, 20),
        Initiative.Scope.UNIT,
        None,
    ),
    (
        "Bộ công cụ tra cứu trực tuyến thủ tục đăng ký đề tài khoa học và công nghệ",
        "Nông Thị Thu Hà",
        "QLKH",
        "Hội đồng sáng kiến cơ sở Sở Khoa học và Công nghệ",
        "96/QĐ-SKHCN",
        D(2019, 12, 10),
        Initiative.Scope.UNIT,
        None,
    ),
    (
        "Quy trình thanh tra chuyên đề về đo lường, chất lượng hàng đóng gói sẵn",
        "Chu Đức Thuận",
        "TT",
        "Hội đồng sáng kiến cơ sở Sở Khoa học và Công nghệ",
        "84/QĐ-SKHCN",
        D(2020, 11, 20),
        Initiative.Scope.UNIT,
        "CSTDCS",
    ),
    (
        "Mô hình phối hợp liên ngành kiểm tra chất lượng hàng hoá qua cửa khẩu Lạng Sơn",
        "Chu Đức Thuận",
        "TT",
        "Hội đồng sáng kiến tỉnh Lạng Sơn",
        "1520/QĐ-UBND",
        D(2020, 8, 28),
        Initiative.Scope.PROVINCE,
        None,
    ),
]


def build(demo: Demo) -> None:
    """Build the 2020 ratings, past awards, initiatives and LĐTT 2020 of the demo's cases."""
    ensure_reference_data()
    _build_ratings(demo)
    _build_initiatives(demo)
    _build_awards(demo)


def ensure_reference_data() -> None:
    """Reload the catalogue and rule sets where a flushed database lost them.

    They come from data migrations; transactional tests (the browser tests) empty every table
    between tests. An existing catalogue is left alone, so edits made in the admin stay.
    """
    from django.apps import apps

    from awards.models import Award, RuleSet

    loaders = [
        (Award, "awards.migrations.0002_catalogue", "load_catalogue"),
        (RuleSet, "awards.migrations.0003_rule_sets", "load_rule_sets"),
    ]
    for model, module, loader in loaders:
        if not model.objects.exists():
            getattr(importlib.import_module(module), loader)(apps, None)
    from awards.models import Rule

    if not Rule.objects.filter(key="ldtt.min_months_worked").exists():
        importlib.import_module("awards.migrations.0005_more_rules").load_more_rules(apps, None)
    if not Rule.objects.filter(key="bang_khen_ttg_tt.consecutive_excellent_years").exists():
        importlib.import_module("awards.migrations.0007_more_rules").load_more_rules(apps, None)
    if not Rule.objects.filter(key="giay_khen_tt.min_unit_rating").exists():
        module = importlib.import_module("awards.migrations.0008_giay_khen_tt_rules")
        module.load_giay_khen_tt_rules(apps, None)
    if not Rule.objects.filter(key="title.registration_required").exists():
        module = importlib.import_module("awards.migrations.0011_engine_fixes")
        module.load_engine_fixes(apps, None)
    if not Rule.objects.filter(key="council.majority_percent").exists():
        importlib.import_module("awards.migrations.0013_council_rules").load(apps, None)
    if not Rule.objects.filter(key="reward.LDTT").exists():
        importlib.import_module("awards.migrations.0019_reward_rules").load(apps, None)
    from awards.models import PublicHoliday

    if not PublicHoliday.objects.exists():
        importlib.import_module("awards.migrations.0015_public_holidays").load(apps, None)


def _source(number: str, day: datetime.date) -> str:
    return f"QĐ số {number} ngày {day:%d/%m/%Y}"


def _build_ratings(demo: Demo) -> None:
    people = {name: demo.people[name] for name in RATINGS_2020}
    rated = set(
        AnnualRating.objects.filter(person__in=people.values(), year=YEAR).values_list(
            "person_id", flat=True
        )
    )
    created = 0
    for name, level in RATINGS_2020.items():
        if people[name].pk in rated:
            continue
        hr.rating_record(actor=SYSTEM, person=people[name], year=YEAR, level=level)
        created += 1
    demo.summary.append(SummaryRow(f"Annual ratings {YEAR}", len(RATINGS_2020), created))


def _build_initiatives(demo: Demo) -> None:
    created = 0
    for title, author, unit, body, number, day, scope, used_for in INITIATIVES:
        initiative = Initiative.objects.filter(title=title, decision_number=number).first()
        if initiative is None:
            initiative = services.initiative_record(
                actor=SYSTEM,
                title=title,
                summary="",
                unit=demo.units[unit],
                recognised_by=body,
                decision_number=number,
                decision_date=day,
                scope=scope,
                authors=[(demo.people[author], 100)],
            )
            created += 1
        if used_for and not initiative.is_used:
            services.initiative_use(
                actor=SYSTEM,
                initiative=initiative,
                award=Award.objects.get(code=used_for),
                year=YEAR,
            )
    demo.summary.append(SummaryRow("Initiatives", len(INITIATIVES), created))


def _planned_awards() -> list[tuple[str, str, int, str, datetime.date]]:
    ldtt = [
        (name, "LDTT", YEAR, *LDTT_2020)
        for name, level in RATINGS_2020.items()
        if AnnualRating.Level(level).is_good_or_better and name not in NO_LDTT_2020
    ]
    return PAST_AWARDS + ldtt


def _build_awards(demo: Demo) -> None:
    awards = {award.code: award for award in Award.objects.filter(code__in=["LDTT", "CSTDCS"])}
    planned = _planned_awards()
    held = set(
        AwardRecord.objects.filter(
            person__in=[demo.people[name] for name, *_rest in planned],
            status=AwardRecord.Status.VALID,
        ).values_list("person_id", "award__code", "year")
    )
    created = 0
    for name, code, year, number, day in planned:
        person = demo.people[name]
        if (person.pk, code, year) in held:
            continue
        services.award_record_add(
            actor=SYSTEM,
            award=awards[code],
            person=person,
            year=year,
            decision_number=number,
            decision_date=day,
            issuer=ISSUER,
            source=AwardRecord.Source.ENTERED,
            source_document=_source(number, day),
        )
        created += 1
    demo.summary.append(SummaryRow("Award history (entered)", len(planned), created))

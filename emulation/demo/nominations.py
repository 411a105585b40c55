"""The demo's council, its 2020 nominations played through to the vote, and a 2021 round under way.

The council (Hội đồng Thi đua - Khen thưởng Sở Khoa học và Công nghệ) was set up by Quyết định
số 05/QĐ-SKHCN ngày 06/01/2020: the director (`lanhdao`) chairs it, the deputy director
(`hoidong1`) is vice-chair, the head of the office (`hoidong2`) its secretary, and the heads of
KHTC, the inspectorate and the Chi cục (`hoidong3`-`hoidong5`) sit as members.

The 2020 cycle, under the 2020 campaign, from the units' 2020 registrations (registrations.py)
and the eligibility cases of awards.py:

- in the first days of December 2020 the heads tick their registrations, link the initiatives
  the CSTĐCS and CSTĐ cấp tỉnh verdicts rest on, sign the printed reports and send their lists:
  QLKH (five LĐTT, Nông Thị Thu Hà for CSTĐCS, the unit's TTLĐTT and a Giấy khen for the unit),
  the inspectorate (its four LĐTT, Chu Đức Thuận for CSTĐCS and CSTĐ cấp tỉnh, TTLĐTT and
  TTLĐXS), the office (its nine LĐTT and TTLĐTT), QLDL (Đặng Văn Cường for LĐTT and for a
  one-off Giấy khen, sent by `hoidong5`, head of the Chi cục above it) and QLCN (Lương Thị
  Phương for LĐTT: the verdict fails on the open denunciation, case (g), and the unit sends her
  dossier with a justification). Thuận's CSTĐ cấp tỉnh verdict stays "unknown" until the vote,
  which the engine counts as one of its checks;
- on 08/12/2020 the emulation officer (`tdkt`) returns Hà Thị Kim Oanh's dossier with a comment
  and accepts the others; QLKH completes the report, signs it again and sends it on 09/12; it is
  accepted on 10/12;
- on 18/12/2020 at 08:00 the council meets with every dossier on the agenda; `hoidong5` is away
  and sent a written vote, which the officer enters (he left Phương's line blank); the others
  vote at the session. The secretary closes the vote: every dossier passes except Phương's
  LĐTT (2 agree of 6 members, a majority being needed), which matches the LĐTT decision of
  12/01/2021 (awards.py) where her name is missing. The two CSTĐCS stay within the quota (15 %
  of 19 advanced workers = 2), and Thuận's CSTĐ cấp tỉnh has the 90 % it needs (6 of 6).

The 2021 round, under the 2021 campaign: in January 2021 QLKH, the office, the inspectorate
and KHTC register (LĐTT for everyone, CSTĐCS for Nông Thị Thu Hà who registers herself, each
unit's TTLĐTT) and `tdkt` approves the lists. In early December 2021 the inspectorate sends its
nominations (one dossier is returned, the others accepted and waiting for a council session), the
office sends its list (waiting on the officer's desk) and KHTC has started its list (a draft).
Nobody is rated for 2021 yet: the LĐTT verdicts are "unknown" and the collectives' fail on their
members' share, which the heads justify.
QLKH has no 2021 nomination list: the browser tests start there.

Everything goes through `awards.services` as the users would in the browser (so the events and
notifications are real); then the times the services set to "now" are moved back to the story's
dates. What exists already is left as it is (the council, a unit's list, the 2020 session), so
running the demo again changes nothing, and changes made while trying the demo are kept.
"""

import datetime
import functools
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from awards import documents
from awards.models import (
    Award,
    Council,
    CouncilMember,
    CouncilSession,
    Initiative,
    Nomination,
    NominationAttachment,
    NominationList,
    Registration,
    RegistrationList,
)
from awards.services import council as council_services
from awards.services import nominations as services
from awards.services import registrations as registration_services
from campaigns.models import Campaign
from emulation.demo import Demo, SummaryRow
from emulation.demo.campaigns import CAMPAIGN_2020, CAMPAIGN_2021
from emulation.demo.organization import AGENCY_CODE
from organizations import services as hr
from organizations.models import AnnualRating, Event, Notification, Person

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date
OFFICER = "tdkt"
SELF_REGISTERED = "canbo"
Role = CouncilMember.Role
Kind = Nomination.Kind


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


# --- the council ---------------------------------------------------------------------------------

COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng Sở Khoa học và Công nghệ"
COUNCIL_DECISION = "Quyết định số 05/QĐ-SKHCN ngày 06/01/2020"
COUNCIL_TERM_START = D(2020, 1, 1)
COUNCIL_SET_UP = _at(D(2020, 1, 7), 9)
COUNCIL_MEMBERS = [
    ("lanhdao", Role.CHAIR),
    ("hoidong1", Role.VICE_CHAIR),
    ("hoidong2", Role.SECRETARY),
    ("hoidong3", Role.MEMBER),
    ("hoidong4", Role.MEMBER),
    ("hoidong5", Role.MEMBER),
]
SECRETARY = "hoidong2"

SESSION_STARTS = _at(D(2020, 12, 18), 8)
SESSION_PLACE = "Phòng họp tầng 2, Sở Khoa học và Công nghệ Lạng Sơn"
SESSION_CALLED = _at(D(2020, 12, 11), 9)
# Away on the day: the written vote (phiếu bầu gửi) is entered by the officer.
ABSENT = "hoidong5"


# --- the 2020 cycle -----------------------------------------------------------------------------

YEAR_2020 = 2020


@dataclass(frozen=True)
class UnitNominations:
    """A unit's list for a year: who drafts and sends it, when, and what it holds."""

    head: str
    drafted: datetime.datetime
    # None: the list is still a draft.
    submitted: datetime.datetime | None
    # (person's full name or the unit's code, award code) among the year's registrations;
    # "*" ticks every registration for the award.
    ticked: tuple[tuple[str, str], ...]
    # (person's full name or the unit's code, award code, kind) nominated without registering:
    # forms of commendation (Giấy khen) are never registered.
    added: tuple[tuple[str, str, str], ...] = ()


# Each unit drafts and sends its list on its own day, in this order (the clock never goes back).
ROUND_2020 = {
    "TT": UnitNominations(
        "hoidong4",
        _at(D(2020, 12, 1), 8),
        _at(D(2020, 12, 1), 15),
        (
            ("*", "LDTT"),
            ("Chu Đức Thuận", "CSTDCS"),
            ("Chu Đức Thuận", "CSTD_TINH"),
            ("TT", "TTLDTT"),
            ("TT", "TTLDXS"),
        ),
    ),
    "QLKH": UnitNominations(
        "truongphong",
        _at(D(2020, 12, 2), 8),
        _at(D(2020, 12, 2), 16),
        (
            ("Nguyễn Văn Hùng", "LDTT"),
            ("Hà Thị Kim Oanh", "LDTT"),
            ("Nông Thị Thu Hà", "LDTT"),
            ("Đặng Thị Mỹ Duyên", "LDTT"),
            ("Hồ Thị Yến", "LDTT"),
            ("Nông Thị Thu Hà", "CSTDCS"),
            ("QLKH", "TTLDTT"),
        ),
        (("QLKH", "GIAY_KHEN_TT", Kind.YEARLY),),
    ),
    "VP": UnitNominations(
        "hoidong2",
        _at(D(2020, 12, 3), 8),
        _at(D(2020, 12, 3), 15),
        (("*", "LDTT"), ("VP", "TTLDTT")),
    ),
    "QLDL": UnitNominations(
        "hoidong5",
        _at(D(2020, 12, 4), 8),
        _at(D(2020, 12, 4), 14),
        (("Đặng Văn Cường", "LDTT"),),
        (("Đặng Văn Cường", "GIAY_KHEN", Kind.ONE_OFF),),
    ),
    "QLCN": UnitNominations(
        "qlcn",
        _at(D(2020, 12, 7), 8),
        _at(D(2020, 12, 7), 10),
        (("Lương Thị Phương", "LDTT"),),
    ),
}

# The recognised initiatives (by decision number) a dossier's verdict rests on.
INITIATIVES = {
    ("Nông Thị Thu Hà", "CSTDCS"): ["85/QĐ-SKHCN"],
    ("Chu Đức Thuận", "CSTDCS"): ["84/QĐ-SKHCN"],
    ("Chu Đức Thuận", "CSTD_TINH"): ["1520/QĐ-UBND"],
}

ONE_OFF_REPORT = """I. SƠ LƯỢC LÝ LỊCH
Họ và tên: Đặng Văn Cường
Chức vụ: Trưởng phòng Quản lý Đo lường, Chi cục Tiêu chuẩn Đo lường Chất lượng

II. THÀNH TÍCH ĐỘT XUẤT
Ngày 14/10/2020, trong đợt kiểm tra đo lường đối với cơ sở kinh doanh xăng dầu trên địa bàn \
huyện Cao Lộc, đồng chí đã trực tiếp phát hiện cột đo xăng dầu có gắn thiết bị điện tử can \
thiệp làm sai lệch kết quả đo; chủ trì lập biên bản, niêm phong phương tiện đo và phối hợp với \
Thanh tra Sở, Công an tỉnh xử lý kịp thời vụ việc theo quy định.

Kết quả: xử phạt vi phạm hành chính 85.000.000 đồng, tịch thu thiết bị gian lận; vụ việc được \
các cơ quan báo chí của tỉnh đưa tin, góp phần răn đe hành vi gian lận đo lường trong kinh \
doanh xăng dầu.

III. HÌNH THỨC ĐỀ NGHỊ
Đề nghị Giám đốc Sở tặng Giấy khen cho đồng chí Đặng Văn Cường vì đã có thành tích đột xuất \
trong công tác kiểm tra, phát hiện gian lận đo lường."""
ONE_OFF_PROOF = (
    "cong-van-de-nghi-khen-thuong-dot-xuat.pdf",
    "Công văn số 112/CCTĐC-QLĐL ngày 20/10/2020",
    "Chi cục Tiêu chuẩn Đo lường Chất lượng đề nghị khen thưởng đột xuất đồng chí Đặng Văn "
    "Cường, Trưởng phòng Quản lý Đo lường, về thành tích phát hiện gian lận đo lường xăng dầu "
    "tại huyện Cao Lộc ngày 14/10/2020.",
)

# The verdict fails (case (g): a denunciation being verified); the unit sends the dossier anyway.
JUSTIFICATIONS = {
    ("Lương Thị Phương", 2020, "LDTT"): (
        "Năm 2020 đồng chí hoàn thành tốt nhiệm vụ, được đánh giá xếp loại “Hoàn thành tốt "
        "nhiệm vụ”. Đơn tố cáo ngày 16/11/2020 là đơn không ghi rõ người tố cáo; Phòng đã báo "
        "cáo giải trình đầy đủ và việc xác minh chưa phát hiện vi phạm. Đề nghị Hội đồng xem "
        "xét công nhận danh hiệu Lao động tiên tiến."
    ),
}

RETURN_2020 = ("Hà Thị Kim Oanh", "LDTT")
RETURN_2020_COMMENT = (
    "Báo cáo thành tích chưa nêu kết quả cụ thể thực hiện nhiệm vụ năm 2020 (số đề tài, dự án "
    "được giao theo dõi, tỷ lệ nghiệm thu đúng hạn). Đề nghị Phòng bổ sung, ký lại báo cáo và "
    "gửi lại trước ngày 11/12/2020."
)
RETURN_2020_ADDITION = (
    "Bổ sung kết quả thực hiện nhiệm vụ năm 2020: theo dõi, đôn đốc 14 đề tài, dự án khoa học "
    "và công nghệ cấp tỉnh; tổ chức nghiệm thu 9 nhiệm vụ, 100 % đúng hạn; tham mưu ban hành "
    "Kế hoạch khoa học và công nghệ năm 2021 trình Ủy ban nhân dân tỉnh đúng thời hạn."
)
ACCEPT_COMMENTS = {
    ("Lương Thị Phương", 2020, "LDTT"): (
        "Hồ sơ đủ thành phần. Kết quả kiểm tra tiêu chuẩn không đạt (đang xác minh tố cáo); "
        "trình Hội đồng xem xét theo đề nghị của Phòng."
    ),
}
REVIEWED_2020 = _at(D(2020, 12, 8), 9)
RESUBMITTED_2020 = _at(D(2020, 12, 9), 15)
ACCEPTED_AGAIN_2020 = _at(D(2020, 12, 10), 9)

# How the council votes, by nominee and award: each member agrees unless named here; "none" is
# a line the absent member left blank on the written paper.
VOTES_2020 = {
    ("Lương Thị Phương", "LDTT"): {
        "lanhdao": "disagree",
        "hoidong1": "disagree",
        "hoidong2": "agree",
        "hoidong3": "disagree",
        "hoidong4": "agree",
        "hoidong5": "none",
    },
}


# --- the 2021 round -----------------------------------------------------------------------------

YEAR_2021 = 2021
REGISTERED_2021 = D(2021, 1, 5)
APPROVED_2021 = D(2021, 1, 14)
# unit code: (login of the head who registers and submits, the day the list is submitted), in
# the order the lists are submitted.
REGISTRATIONS_2021 = {
    "QLKH": ("truongphong", D(2021, 1, 8)),
    "VP": ("hoidong2", D(2021, 1, 8)),
    "TT": ("hoidong4", D(2021, 1, 11)),
    "KHTC": ("hoidong3", D(2021, 1, 12)),
}
HIGHER_2021 = {"Nông Thị Thu Hà": ["CSTDCS"]}
NOTES_2021 = {
    ("Nông Thị Thu Hà", "CSTDCS"): (
        "Sáng kiến số hóa hồ sơ đề tài, dự án KH&CN cấp tỉnh giai đoạn 2016-2020"
    ),
}

ROUND_2021 = {
    # Sent; reviewed on 06/12/2021: one dossier returned, the others accepted.
    "TT": UnitNominations(
        "hoidong4",
        _at(D(2021, 12, 1), 8),
        _at(D(2021, 12, 1), 16),
        (("*", "LDTT"), ("TT", "TTLDTT")),
    ),
    # Sent: waiting on the officer's desk.
    "VP": UnitNominations(
        "hoidong2",
        _at(D(2021, 12, 2), 8),
        _at(D(2021, 12, 3), 10),
        (("*", "LDTT"), ("VP", "TTLDTT")),
    ),
    # Still a draft.
    "KHTC": UnitNominations(
        "hoidong3",
        _at(D(2021, 12, 3), 14),
        None,
        (("*", "LDTT"), ("KHTC", "TTLDTT")),
    ),
}
COLLECTIVE_2021_JUSTIFICATION = (
    "Danh hiệu Lao động tiên tiến năm 2021 của các thành viên được đề nghị cùng đợt này; tỷ lệ "
    "lao động tiên tiến của tập thể sẽ đạt khi có quyết định công nhận."
)
REVIEWED_2021 = _at(D(2021, 12, 6), 9)
RETURN_2021 = ("Bùi Quang Huy", "LDTT")
RETURN_2021_COMMENT = (
    "Báo cáo thành tích chưa có chữ ký của Thủ trưởng đơn vị và dấu xác nhận; đề nghị Thanh "
    "tra Sở ký, đóng dấu và gửi lại bản chụp."
)


# --- building -----------------------------------------------------------------------------------


def build(demo: Demo) -> None:
    """Build the council, play the 2020 cycle through to its session, then the 2021 round."""
    agency = demo.units[AGENCY_CODE]
    clock = _Clock()
    counts = _Counts()
    council = _build_council(demo, agency, clock, counts)

    campaign_2020 = Campaign.objects.get(name=CAMPAIGN_2020, organiser=agency)
    made_2020 = _nominate(demo, clock, counts, YEAR_2020, campaign_2020, ROUND_2020)
    _review_2020(demo, clock, made_2020)
    _session_2020(demo, clock, counts, council)

    campaign_2021 = Campaign.objects.get(name=CAMPAIGN_2021, organiser=agency)
    _register_2021(demo, clock, counts, campaign_2021)
    _rate_2021(demo, clock)
    made_2021 = _nominate(demo, clock, counts, YEAR_2021, campaign_2021, ROUND_2021)
    _review_2021(demo, clock, made_2021)

    registration_lists = RegistrationList.objects.filter(year=YEAR_2021, campaign=campaign_2021)
    demo.summary += [
        SummaryRow("Council members", council.members.count(), counts.members),
        SummaryRow(
            f"Nominations {YEAR_2020}",
            Nomination.objects.filter(year=YEAR_2020).count(),
            counts.nominations[YEAR_2020],
        ),
        SummaryRow("Council sessions", council.sessions.count(), counts.sessions),
        SummaryRow(
            f"Registration lists {YEAR_2021}", registration_lists.count(), counts.lists_2021
        ),
        SummaryRow(
            f"Registrations {YEAR_2021}",
            Registration.objects.filter(registration_list__in=registration_lists).count(),
            counts.registrations_2021,
        ),
        SummaryRow(
            f"Nominations {YEAR_2021}",
            Nomination.objects.filter(year=YEAR_2021).count(),
            counts.nominations[YEAR_2021],
        ),
    ]


@dataclass
class _Counts:
    """How many rows of each kind this run created, for the summary."""

    members: int = 0
    sessions: int = 0
    lists_2021: int = 0
    registrations_2021: int = 0
    nominations: dict = field(default_factory=lambda: {YEAR_2020: 0, YEAR_2021: 0})


def _person_of(demo: Demo, username: str) -> Person:
    return Person.objects.get(user=demo.users[username])


def _build_council(demo: Demo, agency, clock: "_Clock", counts: _Counts) -> Council:
    council = Council.objects.filter(agency=agency, name=COUNCIL_NAME).first()
    if council is not None:
        return council
    officer = demo.users[OFFICER]
    with clock.at(COUNCIL_SET_UP):
        council = council_services.council_create(
            actor=officer,
            agency=agency,
            name=COUNCIL_NAME,
            term_start=COUNCIL_TERM_START,
            decision=COUNCIL_DECISION,
        )
    for username, role in COUNCIL_MEMBERS:
        with clock.at(COUNCIL_SET_UP):
            council_services.council_member_add(
                actor=officer, council=council, person=_person_of(demo, username), role=role
            )
        counts.members += 1
    return council


def _nominee_key(nomination: Nomination) -> tuple[str, str]:
    nominee = nomination.person.full_name if nomination.person_id else nomination.unit.code
    return nominee, nomination.award.code


def _nominate(demo, clock, counts, year, campaign, plan) -> dict[tuple[str, str], Nomination]:
    """Draft and send the lists of the units that have none for the year and campaign yet;
    return the dossiers made, by (nominee, award code)."""
    todo = {
        code: unit_plan
        for code, unit_plan in plan.items()
        if not NominationList.objects.filter(
            unit=demo.units[code], year=year, campaign=campaign
        ).exists()
    }
    awards = {award.code: award for award in Award.objects.all()}
    made: dict[tuple[str, str], Nomination] = {}
    for code, unit_plan in todo.items():
        unit = demo.units[code]
        head = demo.users[unit_plan.head]
        ticked = [
            registration
            for registration in Registration.objects.filter(
                registration_list__unit=unit,
                registration_list__year=year,
                registration_list__campaign=campaign,
            )
            .select_related("award", "person", "unit", "registration_list__campaign")
            .order_by("person__sort_key", "award__rank", "pk")
            if _is_ticked(registration, unit_plan.ticked)
        ]
        with clock.at(unit_plan.drafted):
            created = services.nominations_from_registrations(actor=head, registrations=ticked)
        for nominee, award_code, kind in unit_plan.added:
            person = None if nominee == code else demo.people[nominee]
            with clock.at(unit_plan.drafted):
                created.append(
                    services.nomination_add(
                        actor=head,
                        award=awards[award_code],
                        year=year,
                        person=person,
                        unit=unit if person is None else None,
                        kind=kind,
                        campaign=campaign,
                    )
                )
        for nomination in created:
            made[_nominee_key(nomination)] = nomination
            _complete(demo, clock, head, nomination, signed=unit_plan.submitted is not None)
        counts.nominations[year] += len(created)
        if unit_plan.submitted is None:
            continue
        with clock.at(unit_plan.submitted):
            services.nomination_list_submit(
                actor=head,
                nomination_list=NominationList.objects.get(unit=unit, year=year, campaign=campaign),
            )
    return {key: Nomination.objects.get(pk=n.pk) for key, n in made.items()}


def _is_ticked(registration: Registration, ticked) -> bool:
    nominee = registration.person.full_name if registration.person_id else registration.unit.code
    code = registration.award.code
    return (nominee, code) in ticked or bool(registration.person_id and ("*", code) in ticked)


def _complete(demo, clock, head, nomination: Nomination, *, signed: bool) -> None:
    """Make a dossier ready to send as its unit would: the report, the initiatives its verdict
    rests on, a justification where the verdict fails, the proofs and the signed report."""
    nominee, award_code = _nominee_key(nomination)
    year = nomination.year
    report = nomination.achievement_report
    if nomination.kind == Kind.ONE_OFF:
        report = ONE_OFF_REPORT
    justification = JUSTIFICATIONS.get((nominee, year, award_code), "")
    # In 2021 a collective's verdict fails while its members' LĐTT are proposed in the same
    # round: the head sees the live verdict on the unit's page and explains it.
    if not justification and year == YEAR_2021 and nomination.unit_id:
        verdict = services.verdict_snapshot(nomination.nominee, nomination.award, year)
        if verdict["outcome"] == Nomination.Verdict.FAIL:
            justification = COLLECTIVE_2021_JUSTIFICATION
    numbers = INITIATIVES.get((nominee, award_code))
    if report != nomination.achievement_report or justification or numbers:
        with clock.at(clock.next()):
            nomination = services.nomination_edit(
                actor=head,
                nomination=nomination,
                achievement_report=report,
                justification=justification,
                initiatives=(
                    list(Initiative.objects.filter(decision_number__in=numbers))
                    if numbers
                    else None
                ),
            )
    if nomination.kind == Kind.ONE_OFF:
        name, title, body = ONE_OFF_PROOF
        with clock.at(clock.next()):
            services.attachment_add(
                actor=head,
                nomination=nomination,
                kind=NominationAttachment.Kind.PROOF,
                upload=SimpleUploadedFile(
                    name, _pdf(title, [body]), content_type="application/pdf"
                ),
            )
    if signed:
        _sign(clock, head, nomination)


def _sign(clock, head, nomination: Nomination) -> None:
    """Upload the achievement report as signed by the head of the unit."""
    nomination = Nomination.objects.select_related("award", "person", "unit").get(pk=nomination.pk)
    signer = Person.objects.select_related("unit").get(user=head)
    content = _signature_page(signer.full_name, signer.position, signer.unit.name, nomination.year)
    upload = SimpleUploadedFile(
        documents.achievement_report_filename(nomination), content, content_type="application/pdf"
    )
    with clock.at(clock.next()):
        services.nomination_sign(actor=head, nomination=nomination, upload=upload)


@functools.cache
def _signature_page(name: str, position: str, unit: str, year: int) -> bytes:
    """The scanned signature page of a unit's achievement reports: one per head and year, since
    rendering every dossier's full report would make loading the demo several times slower."""
    return _pdf(
        f"BÁO CÁO THÀNH TÍCH NĂM {year}",
        [
            unit,
            "Trang ký xác nhận của Thủ trưởng đơn vị đối với báo cáo thành tích gửi kèm danh "
            "sách đề nghị khen thưởng (nội dung báo cáo như bản trên Cổng thông tin).",
            f"Lạng Sơn, tháng 12 năm {year}",
            f"{position.upper()} (đã ký) {name}",
        ],
    )


def _review_2020(demo, clock, made) -> None:
    """The officer's review: one dossier returned, fixed and sent again; all accepted."""
    if not made:
        return
    officer = demo.users[OFFICER]
    returned = made.get(RETURN_2020)
    for key, nomination in made.items():
        with clock.at(REVIEWED_2020):
            if nomination is returned:
                services.nomination_return(
                    actor=officer, nomination=nomination, comment=RETURN_2020_COMMENT
                )
            else:
                services.nomination_accept(
                    actor=officer,
                    nomination=nomination,
                    comment=ACCEPT_COMMENTS.get((key[0], YEAR_2020, key[1]), ""),
                )
    if returned is None:
        return
    head = demo.users[ROUND_2020[returned.nomination_list.unit.code].head]
    returned.refresh_from_db()
    with clock.at(RESUBMITTED_2020):
        returned = services.nomination_edit(
            actor=head,
            nomination=returned,
            achievement_report=_with_addition(returned.achievement_report),
            justification=returned.justification,
        )
    _sign(clock, head, returned)
    with clock.at(clock.next()):
        services.nomination_resubmit(actor=head, nomination=returned)
    with clock.at(ACCEPTED_AGAIN_2020):
        services.nomination_accept(actor=officer, nomination=returned)


def _with_addition(report: str) -> str:
    """Put the completed results at the end of section II, before the titles received."""
    marker = "\n\nIII."
    head, found, tail = report.partition(marker)
    if not found:
        return f"{report}\n\n{RETURN_2020_ADDITION}"
    return f"{head}\n{RETURN_2020_ADDITION}{marker}{tail}"


def _session_2020(demo, clock, counts, council: Council) -> None:
    """The council's session of 18/12/2020 on every accepted 2020 dossier, voted and closed."""
    if council.sessions.filter(year=YEAR_2020).exists():
        return
    officer = demo.users[OFFICER]
    with clock.at(SESSION_CALLED):
        session = council_services.session_create(
            actor=officer,
            council=council,
            year=YEAR_2020,
            starts_at=SESSION_STARTS,
            place=SESSION_PLACE,
        )
    counts.sessions += 1
    agenda = list(council_services.eligible_for_session(session))
    if not agenda:
        return
    with clock.at(clock.next()):
        council_services.session_items_add(actor=officer, session=session, nominations=agenda)
    seats = {
        username: CouncilMember.objects.get(council=council, person=_person_of(demo, username))
        for username, _role in COUNCIL_MEMBERS
    }
    present = [member for username, member in seats.items() if username != ABSENT]
    with clock.at(SESSION_STARTS - datetime.timedelta(minutes=5)):
        council_services.session_attendance(actor=officer, session=session, present_members=present)
    with clock.at(SESSION_STARTS + datetime.timedelta(minutes=10)):
        council_services.session_open(actor=officer, session=session)
    items = list(session.items.select_related("nomination__award", "nomination__person"))
    for username, _role in COUNCIL_MEMBERS:
        choices = {
            item.pk: VOTES_2020.get(_nominee_key(item.nomination), {}).get(username, "agree")
            for item in items
        }
        with clock.at(clock.next()):
            if username == ABSENT:
                council_services.written_ballot_enter(
                    actor=officer, session=session, member=seats[username], choices=choices
                )
            else:
                council_services.ballot_cast(
                    actor=demo.users[username], session=session, choices=choices
                )
    with clock.at(SESSION_STARTS + datetime.timedelta(hours=1, minutes=30)):
        council_services.session_close(actor=demo.users[SECRETARY], session=session)


def _register_2021(demo, clock, counts, campaign: Campaign) -> None:
    """The 2021 registrations of a few units, approved by the officer in January 2021: every
    unit registers on the same day, then sends its list on its own day, then the officer
    approves them all (the steps run in that order, as the clock never goes back)."""
    awards = {award.code: award for award in Award.objects.titles()}
    todo = [
        code
        for code in REGISTRATIONS_2021
        if not RegistrationList.objects.filter(
            unit=demo.units[code], year=YEAR_2021, campaign=campaign
        ).exists()
    ]
    for code in todo:
        unit, head = demo.units[code], demo.users[REGISTRATIONS_2021[code][0]]
        people = (
            Person.objects.filter(unit=unit)
            .active(REGISTERED_2021)
            .select_related("user")
            .order_by("sort_key", "id")
        )
        for person in people:
            actor = head
            if person.user_id and person.user.username == SELF_REGISTERED:
                actor = person.user
            for award_code in ["LDTT", *HIGHER_2021.get(person.full_name, [])]:
                with clock.at(_at(REGISTERED_2021, 8)):
                    registration_services.registration_add(
                        actor=actor,
                        person=person,
                        award=awards[award_code],
                        year=YEAR_2021,
                        campaign=campaign,
                        note=NOTES_2021.get((person.full_name, award_code), ""),
                    )
                counts.registrations_2021 += 1
    for code in todo:
        unit, head = demo.units[code], demo.users[REGISTRATIONS_2021[code][0]]
        with clock.at(_at(REGISTERED_2021, 14)):
            registration_services.registration_add(
                actor=head, unit=unit, award=awards["TTLDTT"], year=YEAR_2021, campaign=campaign
            )
        counts.registrations_2021 += 1
        counts.lists_2021 += 1
    lists = {
        code: RegistrationList.objects.get(unit=demo.units[code], year=YEAR_2021, campaign=campaign)
        for code in todo
    }
    for code in todo:
        head_login, submitted_on = REGISTRATIONS_2021[code]
        with clock.at(_at(submitted_on, 16)):
            lists[code] = registration_services.registration_list_submit(
                actor=demo.users[head_login], registration_list=lists[code]
            )
    for code in todo:
        with clock.at(_at(APPROVED_2021, 9)):
            registration_services.registration_list_approve(
                actor=demo.users[OFFICER], registration_list=lists[code]
            )


# The people of Phòng Quản lý khoa học rated for 2021 at the year-end review (30/11/2021), so
# their unit head finds passing verdicts when he opens the 2021 nominations (the browser test
# plays that round); the other units' 2021 ratings are not in yet.
RATED_2021 = "QLKH"
RATED_2021_ON = D(2021, 11, 30)


def _rate_2021(demo, clock) -> None:
    people = Person.objects.filter(unit=demo.units[RATED_2021]).active(RATED_2021_ON)
    rated = set(
        AnnualRating.objects.filter(person__in=people, year=YEAR_2021).values_list(
            "person_id", flat=True
        )
    )
    for person in people.order_by("sort_key", "id"):
        if person.pk in rated:
            continue
        with clock.at(_at(RATED_2021_ON, 10)):
            hr.rating_record(
                actor=demo.users[OFFICER],
                person=person,
                year=YEAR_2021,
                level=AnnualRating.Level.GOOD,
            )


def _review_2021(demo, clock, made) -> None:
    """The inspectorate's dossiers reviewed: one returned, the others accepted."""
    officer = demo.users[OFFICER]
    tt = demo.units["TT"]
    for key, nomination in made.items():
        if nomination.nomination_list.unit_id != tt.pk:
            continue
        with clock.at(REVIEWED_2021):
            if key == RETURN_2021:
                services.nomination_return(
                    actor=officer, nomination=nomination, comment=RETURN_2021_COMMENT
                )
            else:
                services.nomination_accept(actor=officer, nomination=nomination)


# --- files and times ----------------------------------------------------------------------------


@contextmanager
def _quiet_weasyprint():
    """WeasyPrint logs each step of each PDF at INFO; the demo's summary is what matters."""
    log = logging.getLogger("weasyprint")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)


def _pdf(title: str, paragraphs: list[str]) -> bytes:
    """A one-page PDF of a short document (a letter, a signature page)."""
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    html = (
        '<html lang="vi"><head><meta charset="utf-8"><style>'
        '@page { size: A4; margin: 20mm } body { font-family: "DejaVu Serif", serif; '
        "font-size: 12pt } h1 { font-size: 13pt; text-align: center }</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    with _quiet_weasyprint():
        import weasyprint  # imported here: loading Pango costs time

        return weasyprint.HTML(string=html).write_pdf()


class _Clock:
    """Move what a service call wrote "now" back to a moment of the story.

    Each step notes the time before the call and re-dates every stamp written since: the new
    lists, dossiers, files, sessions, events and notifications, and the submission, review,
    opening and closing times (with the verdict's own "at"). Steps never go back in time: a
    step asked for a moment before the last one follows it a minute later, so every history
    reads in the order it happened.
    """

    STAMPS = {
        RegistrationList: ("created_at", "submitted_at", "reviewed_at"),
        Registration: ("created_at",),
        NominationList: ("created_at", "submitted_at"),
        Nomination: ("created_at", "submitted_at", "reviewed_at"),
        NominationAttachment: ("uploaded_at",),
        CouncilSession: ("created_at", "opened_at", "closed_at", "concluded_at"),
        Event: ("created_at",),
        Notification: ("created_at",),
    }

    def __init__(self):
        self.last: datetime.datetime | None = None

    def next(self) -> datetime.datetime:
        """The moment a minute after the last step."""
        return self.last + datetime.timedelta(minutes=1)

    @contextmanager
    def at(self, when: datetime.datetime):
        if self.last is not None and when <= self.last:
            when = self.next()
        self.last = when
        start = timezone.now()
        yield when
        for nomination in Nomination.objects.filter(submitted_at__gte=start):
            nomination.verdict_snapshot = {**nomination.verdict_snapshot, "at": when.isoformat()}
            nomination.save(update_fields=["verdict_snapshot"])
        for model, fields in self.STAMPS.items():
            for name in fields:
                model.objects.filter(**{f"{name}__gte": start}).update(**{name: when})

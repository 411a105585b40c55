"""The demo's 2020 registration round (đăng ký thi đua) under the department's 2020 campaign.

In the first days of January 2020 everyone working in the divisions and centres registers for
Lao động tiên tiến, a few aim higher (Chiến sĩ thi đua cơ sở, one Chiến sĩ thi đua cấp tỉnh),
and each unit registers its collective title. Nông Thị Thu Hà (`canbo`) registers herself; the
unit heads register the others and submit their lists; the emulation officer (`tdkt`) reviews:

- most lists are approved on 15/01/2020;
- Phòng Quản lý công nghệ và Sở hữu trí tuệ (QLCN, head `qlcn`) is returned with a comment: it
  forgot its collective title;
- Phòng Ứng dụng và Chuyển giao công nghệ (UDCG) is submitted and waits in the officer's queue;
- Trung tâm Thông tin và Thống kê KH&CN (TTTTKHCN, head `ttttkhcn`) is still a draft.

Everything goes through `awards.services.registrations` as the users would in the browser (so
the events and notifications are real); then the times the services set to "now" are moved
back to January 2020. A unit whose 2020 list exists already is left as it is, so running the
demo again changes nothing, and changes made while trying the demo are kept.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Max

from awards.models import Award, Registration, RegistrationList
from awards.services import registrations as services
from campaigns.models import Campaign
from emulation.demo import Demo, SummaryRow
from emulation.demo.campaigns import CAMPAIGN_2020
from emulation.demo.organization import AGENCY_CODE
from organizations.models import Event, Notification, Person

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date
YEAR = 2020
OFFICER = "tdkt"
SELF_REGISTERED = "canbo"
# People are registered as working on this day.
ROUND_DAY = D(2020, 1, 6)
REVIEW_DAY = D(2020, 1, 15)

APPROVED, RETURNED, SUBMITTED, DRAFT = (
    RegistrationList.Status.APPROVED,
    RegistrationList.Status.RETURNED,
    RegistrationList.Status.SUBMITTED,
    RegistrationList.Status.DRAFT,
)
RETURN_COMMENT = (
    "Danh sách chưa có đăng ký danh hiệu tập thể của Phòng. Đề nghị Phòng bổ sung đăng ký "
    "danh hiệu “Tập thể lao động tiên tiến” và gửi lại trước ngày 20/01/2020."
)

# unit code: (login of the head who registers and submits, where the list ends, the day it is
# submitted). Phòng Quản lý Đo lường and Phòng Ứng dụng và Chuyển giao công nghệ have no head
# login of their own: the heads of the Chi cục and of the Trung tâm above them act for them.
ROUND = {
    "VP": ("hoidong2", APPROVED, D(2020, 1, 9)),
    "KHTC": ("hoidong3", APPROVED, D(2020, 1, 9)),
    "QLKH": ("truongphong", APPROVED, D(2020, 1, 8)),
    "QLCN": ("qlcn", RETURNED, D(2020, 1, 10)),
    "TT": ("hoidong4", APPROVED, D(2020, 1, 8)),
    "CCTCDLCL": ("hoidong5", APPROVED, D(2020, 1, 10)),
    "QLDL": ("hoidong5", APPROVED, D(2020, 1, 10)),
    "TTUDKHCN": ("ttudkhcn", APPROVED, D(2020, 1, 10)),
    "UDCG": ("ttudkhcn", SUBMITTED, D(2020, 1, 14)),
    "TTTTKHCN": ("ttttkhcn", DRAFT, None),
}
# Everyone registers for LĐTT; these aim higher too.
HIGHER = {
    "Nông Thị Thu Hà": ["CSTDCS"],
    "Hà Thị Kim Oanh": ["CSTDCS"],
    "Chu Đức Thuận": ["CSTDCS", "CSTD_TINH"],
    "Hoàng Đức Mạnh": ["CSTDCS"],
    "Dương Văn Long": ["CSTDCS"],
    "Lê Văn Tùng": ["CSTDCS"],
    "Nguyễn Quốc Khánh": ["CSTDCS"],
}
NOTES = {
    ("Nông Thị Thu Hà", "CSTDCS"): "Sáng kiến phần mềm theo dõi tiến độ đề tài, dự án KH&CN",
    ("Chu Đức Thuận", "CSTD_TINH"): "Ba năm liên tục đạt Chiến sĩ thi đua cơ sở (2017-2019)",
}
# Collective titles: every unit of the round registers TTLĐTT, except QLCN (returned for it);
# these aim for TTLĐXS as well.
EXCELLENT_COLLECTIVES = {"VP", "QLKH", "TT"}


def build(demo: Demo) -> None:
    """Play the 2020 registration round for each unit whose 2020 list does not exist yet."""
    agency = demo.units[AGENCY_CODE]
    campaign = Campaign.objects.get(name=CAMPAIGN_2020, organiser=agency)
    awards = {award.code: award for award in Award.objects.titles()}
    officer = demo.users[OFFICER]
    lists_created = entries_created = 0
    for order, (code, (head, status, submitted_on)) in enumerate(ROUND.items()):
        unit = demo.units[code]
        if RegistrationList.objects.filter(unit=unit, year=YEAR, campaign=campaign).exists():
            continue
        clock = _Clock(
            order, RegistrationList.objects.filter(unit=unit, year=YEAR, campaign=campaign)
        )
        people = list(
            Person.objects.filter(unit=unit)
            .active(ROUND_DAY)
            .select_related("user", "unit")
            .order_by("sort_key", "id")
        )
        for person in people:
            actor = demo.users[head]
            if person.user_id and person.user.username == SELF_REGISTERED:
                actor = person.user
            for award_code in ["LDTT", *HIGHER.get(person.full_name, [])]:
                with clock.step(_at(ROUND_DAY, 8)):
                    services.registration_add(
                        actor=actor,
                        person=person,
                        award=awards[award_code],
                        year=YEAR,
                        campaign=campaign,
                        note=NOTES.get((person.full_name, award_code), ""),
                    )
                entries_created += 1
        collective = [] if status == RETURNED else ["TTLDTT"]
        if code in EXCELLENT_COLLECTIVES:
            collective.append("TTLDXS")
        for award_code in collective:
            with clock.step(_at(ROUND_DAY, 14)):
                services.registration_add(
                    actor=demo.users[head],
                    unit=unit,
                    award=awards[award_code],
                    year=YEAR,
                    campaign=campaign,
                )
            entries_created += 1
        registration_list = RegistrationList.objects.get(unit=unit, year=YEAR, campaign=campaign)
        lists_created += 1
        if status == DRAFT:
            continue
        with clock.step(_at(submitted_on, 16, order)):
            registration_list = services.registration_list_submit(
                actor=demo.users[head], registration_list=registration_list
            )
        if status == APPROVED:
            with clock.step(_at(REVIEW_DAY, 9, order)):
                services.registration_list_approve(
                    actor=officer, registration_list=registration_list
                )
        elif status == RETURNED:
            with clock.step(_at(REVIEW_DAY, 10)):
                services.registration_list_return(
                    actor=officer, registration_list=registration_list, comment=RETURN_COMMENT
                )

    lists = RegistrationList.objects.filter(year=YEAR, campaign=campaign)
    demo.summary += [
        SummaryRow(f"Registration lists {YEAR}", lists.count(), lists_created),
        SummaryRow(
            f"Registrations {YEAR}",
            Registration.objects.filter(registration_list__in=lists).count(),
            entries_created,
        ),
    ]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


class _Clock:
    """Move the rows a service call wrote ("now") back to a moment of January 2020.

    Each step records the highest ids before the call and re-dates what came after: the
    registration, the list's timestamps, the events and the notifications. Steps of one unit
    follow each other a minute apart, so the list's history reads in the order it happened.
    """

    def __init__(self, order: int, registration_list):
        self.order = order
        self.minutes = 0
        # A queryset: the unit's list does not exist before its first registration.
        self.registration_list = registration_list

    def step(self, start: datetime.datetime):
        return _Step(self, start)


class _Step:
    def __init__(self, clock: _Clock, start: datetime.datetime):
        self.clock = clock
        self.when = start + datetime.timedelta(minutes=clock.minutes + 3 * clock.order)

    def __enter__(self):
        self.marks = {
            model: model.objects.aggregate(top=Max("id"))["top"] or 0
            for model in (Registration, Event, Notification, RegistrationList)
        }
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None:
            return False
        when = self.when
        marks = self.marks
        Registration.objects.filter(id__gt=marks[Registration]).update(created_at=when)
        RegistrationList.objects.filter(id__gt=marks[RegistrationList]).update(created_at=when)
        Event.objects.filter(id__gt=marks[Event]).update(created_at=when)
        Notification.objects.filter(id__gt=marks[Notification]).update(created_at=when)
        this_list = self.clock.registration_list
        this_list.filter(submitted_at__year__gt=YEAR).update(submitted_at=when)
        this_list.filter(reviewed_at__year__gt=YEAR).update(reviewed_at=when)
        self.clock.minutes += 1
        return False

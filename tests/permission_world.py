"""The people and objects the permission matrix (tests/test_permission_matrix.py) requests.

Two agencies hold the same kinds of objects: SKHCN, the agency of the personas of
tests/conftest.py (their scope), and OTHER ("Sở Tài chính", outside everyone's scope but the
administrator's). A family of objects (the campaign and its covenant, the registrations, the
dossiers, the council, the posting with its decision and submission...) is built the first
time a row of the matrix asks for it, in both agencies, through the services where they exist.

Which object is "in scope" depends on the role: each role is given the object of its own part
of the agency (`HOME`): the staff member a colleague of its own division, the union chair a
member of its union working elsewhere, the unit head its own division, the agency-wide roles
(officer, leadership, administrator) the technical division `KT`. Outside the scope, every role
is given the object the administrator would be given in OTHER.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from awards.models import Award, Nomination, Posting
from awards.services import council as council_services
from awards.services import decisions as decision_services
from awards.services import nominations as nomination_services
from awards.services import posting as posting_services
from awards.services import registrations as registration_services
from awards.services import submissions as submission_services
from campaigns import services as campaign_services
from campaigns.models import Commitment
from organizations import roles
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    Job,
    LeaveRecord,
    Membership,
    Notification,
    PendingReview,
    Unit,
)
from tests.factories import (
    AwardRecordFactory,
    CampaignFactory,
    FocusAreaFactory,
    InitiativeFactory,
    MembershipFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
    accepted,
)
from tests.uploads import pdf

ROLES = (
    "anonymous",
    "staff",
    "unit_head",
    "union_chair",
    "officer",
    "leadership",
    "council_member",
    "superuser",
)

# The part of the agency each role is given its in-scope objects from: the unit ("office" VP,
# "technical" KT, "union" CD), the colleague (in VP, a member of the union; or in KT) whose
# records, initiative and awards it is given, and the side ("vp" or "kt") of the lists of
# registrations and dossiers: the office's, with the staff member's own entry and dossier, or
# KT's, with the KT colleague's. Anonymous is given the administrator's: it never gets past the
# sign-in page.
HOME = {
    "anonymous": ("technical", "kt", "kt"),
    "staff": ("office", "vp", "vp"),
    "council_member": ("office", "vp", "vp"),
    "union_chair": ("union", "vp", "kt"),
    "unit_head": ("technical", "kt", "kt"),
    "officer": ("technical", "kt", "kt"),
    "leadership": ("technical", "kt", "kt"),
    "superuser": ("technical", "kt", "kt"),
}
OUTSIDE = "superuser"

# What the matrix plants in each colleague's HR records, to find it again on a page: the texts
# only the person's page shows, and the dates (and the rating) the eligibility checks quote.
PLANTED = {
    "rating": "XEPLOAI-NOTE-7Q",
    "discipline": "KYLUAT-REASON-7Q",
    "pending_review": "XEMXET-REF-7Q",
    "leave": "NGHIPHEP-NOTE-7Q",
}
QUOTED = {
    "discipline": ("17/QĐ-KL", "13/03/2019", "27/02/2020"),
    "pending_review": ("09/11/2020",),
    "leave": ("11/03/2020", "29/04/2020"),
}
RATING = AnnualRating.Level.NOT_COMPLETED
TODAY = timezone.localdate


def users(org, leader):
    """Return the user of each role: the personas of tests/conftest.py, a council member who
    sits on the agency's council (hanh, staff of VP) and an administrator without a person."""
    council = UserFactory(username="hanh", roles=[roles.COUNCIL_MEMBER, roles.STAFF])
    PersonFactory(code="HANH", full_name="Đỗ Thị Hạnh", unit=org.office, user=council)
    return {
        "anonymous": None,
        "staff": org.bob.user,
        "unit_head": org.carol.user,
        "union_chair": org.dave.user,
        "officer": org.alice.user,
        "leadership": leader.user,
        "council_member": council,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


def _persona(code, full_name, unit, role_names, position="Chuyên viên"):
    user = UserFactory(username=code.lower(), roles=role_names)
    person = PersonFactory(code=code, full_name=full_name, unit=unit, user=user, position=position)
    return SimpleNamespace(user=user, person=person)


def skhcn(org, leader, people):
    """Return the agency of the personas, as the builders below read an agency."""
    return SimpleNamespace(
        key="in",
        agency=org.agency,
        office=org.office,
        technical=org.technical,
        union=org.union,
        board=leader.unit,
        officer=org.alice.user,
        director=leader,
        head=org.carol,
        chair=org.dave,
        staff=org.bob,
        council_member=people["council_member"].person,
    )


def other_agency(org, actor):
    """Build OTHER's divisions, board and union with the people who speak for them; `actor`
    (the administrator) does the officer's part there."""
    other = org.other
    office = UnitFactory(code="OVP", name="Văn phòng Sở Tài chính", parent=other)
    technical = UnitFactory(code="OKT", name="Phòng Quản lý giá", parent=other)
    union = UnitFactory(
        code="OCD", name="Công đoàn Sở Tài chính", kind=Unit.Kind.TRADE_UNION, parent=other
    )
    board = UnitFactory(
        code="OBLD", name="Ban lãnh đạo Sở Tài chính", kind=Unit.Kind.LEADERSHIP_BOARD, parent=other
    )
    director = _persona(
        "OGIAMDOC", "Trịnh Văn Quang", board, [roles.LEADERSHIP, roles.STAFF], "Giám đốc"
    )
    head = _persona("OTRUONGPHONG", "Lý Thị Hồng", technical, [roles.UNIT_HEAD, roles.STAFF])
    chair = _persona("OCHUTICH", "Mai Văn Tùng", technical, [roles.UNION_CHAIR, roles.STAFF])
    MembershipFactory(person=chair.person, organisation=union, role=Membership.Role.CHAIR)
    staff = _persona("OCANBO", "Tạ Thị Yến", office, [roles.STAFF])
    return SimpleNamespace(
        key="out",
        agency=other,
        office=office,
        technical=technical,
        union=union,
        board=board,
        officer=actor,
        director=director,
        head=head,
        chair=chair,
        staff=staff,
        council_member=None,
    )


# --- the families of objects, each built once per agency --------------------------------------


def colleagues(agency):
    """Two colleagues with an HR record of each kind, both members of the union: one in the
    office (VP), one in the technical division (KT)."""
    found = {}
    for key, unit, name in [
        ("vp", agency.office, "Vũ Thị Mai"),
        ("kt", agency.technical, "Đặng Văn Khoa"),
    ]:
        person = PersonFactory(
            code=f"{agency.key.upper()}{key.upper()}MAU", full_name=name, unit=unit
        )
        MembershipFactory(person=person, organisation=agency.union)
        AnnualRating.objects.create(person=person, year=2020, level=RATING, note=PLANTED["rating"])
        DisciplineRecord.objects.create(
            person=person,
            form=DisciplineRecord.Form.REPRIMAND,
            decision_number="17/QĐ-KL",
            start_date=datetime.date(2019, 3, 13),
            end_date=datetime.date(2020, 2, 27),
            reason=PLANTED["discipline"],
        )
        PendingReview.objects.create(
            person=person,
            kind=PendingReview.Kind.COMPLAINT,
            opened_on=datetime.date(2020, 11, 9),
            reference=PLANTED["pending_review"],
        )
        LeaveRecord.objects.create(
            person=person,
            kind=LeaveRecord.Kind.SICK,
            start_date=datetime.date(2020, 3, 11),
            end_date=datetime.date(2020, 4, 29),
            note=PLANTED["leave"],
        )
        found[key] = person
    return SimpleNamespace(
        person=found,
        review={key: person.pending_reviews.get() for key, person in found.items()},
    )


def campaign(agency, fixture_covenant=None):
    """A launched campaign with a focus area, a milestone, a document and a covenant in force
    between the board, the union and the technical division, each party with a commitment and
    a pending report with an evidence file. SKHCN's is tests/conftest.py's `covenant_in_force`."""
    actor = agency.officer
    if fixture_covenant is not None:
        covenant = fixture_covenant
        the_campaign = covenant.campaign
    else:
        the_campaign = CampaignFactory(organiser=agency.agency, name="Phong trào thi đua 2020")
        FocusAreaFactory(campaign=the_campaign, number=1, title="Sáng kiến")
        campaign_services.milestone_save(
            actor=actor,
            milestone=the_campaign.milestones.model(campaign=the_campaign),
            date=datetime.date(2020, 5, 18),
            title="Ngày KH&CN",
            kind="commemoration",
        )
        the_campaign = campaign_services.campaign_launch(
            actor=actor, campaign=the_campaign, launch_date=datetime.date(2019, 12, 31)
        )
        covenant = campaign_services.covenant_create(
            actor=actor,
            campaign=the_campaign,
            title="Giao ước thi đua năm 2020",
            signing_date=datetime.date(2019, 12, 31),
            signing_place="Lạng Sơn",
        )
        area = the_campaign.focus_areas.get()
        for unit, rep in [
            (agency.board, agency.director),
            (agency.union, agency.chair),
            (agency.technical, agency.head),
        ]:
            party = campaign_services.party_add(
                actor=actor, covenant=covenant, unit=unit, representative=rep.person
            )
            campaign_services.commitment_save(
                actor=actor,
                commitment=Commitment(party=party),
                focus_area=area,
                text=f"{unit}: 100% hồ sơ xử lý trên phần mềm",
                measure="percentage",
                target=Decimal(100),
                baseline=Decimal(80),
                due_date=datetime.date(2020, 12, 31),
            )
        covenant = campaign_services.covenant_open(actor=actor, covenant=covenant)
        for party, rep in zip(
            covenant.parties.order_by("order"),
            [agency.director, agency.chair, agency.head],
            strict=True,
        ):
            campaign_services.covenant_sign(actor=rep.user, party=party)
    document = campaign_services.document_add(
        actor=actor,
        campaign=the_campaign,
        kind="plan",
        title="Kế hoạch",
        upload=pdf("ke-hoach.pdf"),
    )
    parties = {
        party.unit_id: party for party in covenant.parties.select_related("unit", "covenant")
    }
    by_unit = {
        "board": parties[agency.board.pk],
        "union": parties[agency.union.pk],
        "technical": parties[agency.technical.pk],
    }
    reports = {}
    for key, party in by_unit.items():
        commitment = party.commitments.order_by("pk").first()
        reports[key] = campaign_services.report_submit(
            actor=actor,
            commitment=commitment,
            period="Q1",
            status="on_track",
            value=Decimal(85),
            narrative="Đã số hoá 85% hồ sơ.",
            files=[pdf("minh-chung.pdf")],
        )
    return SimpleNamespace(
        campaign=the_campaign,
        focus_area=the_campaign.focus_areas.order_by("number").first(),
        milestone=the_campaign.milestones.order_by("pk").first(),
        document=document,
        covenant=covenant,
        party=by_unit,
        commitment={
            key: party.commitments.order_by("pk").first() for key, party in by_unit.items()
        },
        report=reports,
        evidence={key: report.evidence.get() for key, report in reports.items()},
    )


def registrations(agency, people):
    """The 2021 registration lists (drafts) of the office, with its staff member's own entry,
    and of the technical division, with the KT colleague's entry made by its head."""
    ldtt = Award.objects.get(code="LDTT")
    own = registration_services.registration_add(
        actor=agency.staff.user, person=agency.staff.person, award=ldtt, year=2021
    )
    colleague = registration_services.registration_add(
        actor=agency.head.user, person=people.person["kt"], award=ldtt, year=2021
    )
    return SimpleNamespace(
        registration={"vp": own, "kt": colleague},
        list={"vp": own.registration_list, "kt": colleague.registration_list},
    )


def nominations(agency, people):
    """The 2021 nomination lists (drafts): the office's with its staff member's own dossier, the
    technical division's with the KT colleague's; each dossier signed and with a proof."""
    ldtt = Award.objects.get(code="LDTT")
    found = {}
    for key, person in [("vp", agency.staff.person), ("kt", people.person["kt"])]:
        nomination = nomination_services.nomination_add(
            actor=agency.officer, award=ldtt, year=2021, person=person
        )
        nomination_services.nomination_sign(
            actor=agency.officer, nomination=nomination, upload=pdf("bao-cao-da-ky.pdf")
        )
        nomination_services.attachment_add(
            actor=agency.officer, nomination=nomination, kind="proof", upload=pdf("minh-chung.pdf")
        )
        found[key] = Nomination.objects.get(pk=nomination.pk)
    return SimpleNamespace(
        nomination=found,
        list={key: nomination.nomination_list for key, nomination in found.items()},
        attachment={key: nomination.attachments.get() for key, nomination in found.items()},
    )


def history(agency, people):
    """An initiative and an entered award (LĐTT 2019) of each colleague."""
    return SimpleNamespace(
        initiative={
            key: InitiativeFactory(unit=person.unit, authors=[person])
            for key, person in people.person.items()
        },
        record={
            key: AwardRecordFactory(person=person, year=2019)
            for key, person in people.person.items()
        },
    )


def council(agency):
    """The agency's council (the director chairs; in SKHCN hanh sits as a member) with a session
    being prepared, one accepted dossier on its agenda, and a session voted, closed and counted."""
    actor = agency.officer
    the_council = council_services.council_create(
        actor=actor,
        agency=agency.agency,
        name="Hội đồng Thi đua - Khen thưởng",
        term_start=datetime.date(2020, 1, 1),
    )
    seats = [(agency.director.person, "chair")]
    if agency.council_member is not None:
        seats.append((agency.council_member, "member"))
    for person, role in seats:
        council_services.council_member_add(
            actor=actor, council=the_council, person=person, role=role
        )

    def session(voted):
        called = council_services.session_create(
            actor=actor,
            council=the_council,
            year=2020,
            starts_at=timezone.now(),
            place="Phòng họp tầng 2",
        )
        dossier = accepted(PersonFactory(unit=agency.technical), "LDTT")
        council_services.session_items_add(actor=actor, session=called, nominations=[dossier])
        if voted:
            council_services.session_open(actor=actor, session=called)
            for member in the_council.members.select_related("person__user"):
                council_services.ballot_cast(
                    actor=member.person.user,
                    session=called,
                    choices={item.pk: "agree" for item in called.items.all()},
                )
            council_services.session_close(actor=actor, session=called)
        return called

    preparing = session(voted=False)
    return SimpleNamespace(
        council=the_council,
        member=the_council.members.order_by("pk").last(),
        session=preparing,
        item=preparing.items.get(),
        closed=session(voted=True),
    )


def posting(agency):
    """The 2020 posting of three passed dossiers (LĐTT for a person of the office and one of
    the technical division; Bằng khen tỉnh for another of KT), published with a comment from
    the public, then over; the director's decision on the two LĐTT, issued (its awards carry
    certificates); the submission of the Bằng khen to the province, being prepared."""
    actor = agency.officer
    nominees = {
        "vp": PersonFactory(unit=agency.office, full_name="Kiều Thị Lan"),
        "kt": PersonFactory(unit=agency.technical, full_name="Phan Văn Nam"),
    }
    for person in nominees.values():
        _passed(person, "LDTT")
    _passed(PersonFactory(unit=agency.technical, full_name="Hà Văn Phúc"), "BANG_KHEN_TINH")
    the_posting = posting_services.posting_create(actor=actor, agency=agency.agency, year=2020)
    the_posting = posting_services.posting_publish(actor=actor, posting=the_posting)
    comment = posting_services.comment_add(
        posting=the_posting, author="Nguyễn Văn A", text="Đề nghị xem lại.", address="10.1.1.1"
    )
    Posting.objects.filter(pk=the_posting.pk).update(closes_on=TODAY() - datetime.timedelta(days=2))
    the_posting.refresh_from_db()
    decision = decision_services.decision_create(actor=actor, posting=the_posting)
    type(decision).objects.filter(pk=decision.pk).update(place="Lạng Sơn", signed_on=TODAY())
    decision.refresh_from_db()
    decision = decision_services.decision_issue(actor=actor, decision=decision)
    submission = submission_services.submission_create(actor=actor, posting=the_posting)
    type(submission).objects.filter(pk=submission.pk).update(place="Lạng Sơn", signed_on=TODAY())
    submission.refresh_from_db()
    records = {key: decision.records.get(person=person) for key, person in nominees.items()}
    return SimpleNamespace(
        posting=the_posting,
        comment=comment,
        decision=decision,
        submission=submission,
        record=records,
    )


def _passed(person, code):
    nomination = accepted(person, code, 2020)
    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.PASSED)


def notifications(users_by_role, outsider):
    """A notice for each signed-in role, and one for the outsider (nobody else's to open)."""
    found = {
        role: Notification.objects.create(recipient=user, title="Thông báo", url="/")
        for role, user in users_by_role.items()
        if user is not None
    }
    found["outside"] = Notification.objects.create(recipient=outsider, title="Thông báo")
    return found


def jobs(users_by_role, outsider):
    """A finished export for each signed-in role, and one for the outsider (nobody else's to
    open, not even the superuser's)."""

    def done(user):
        job = Job.objects.create(
            owner=user,
            kind="awards.history_export",
            title="Xuất Excel quá trình khen thưởng",
            status=Job.Status.DONE,
            filename="khen-thuong.xlsx",
            total=0,
        )
        job.file.save(f"{job.code}.xlsx", ContentFile(b"PK\x03\x04"))
        return job

    found = {role: done(user) for role, user in users_by_role.items() if user is not None}
    found["outside"] = done(outsider)
    return found

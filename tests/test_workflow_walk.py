"""Every declared transition, taken by every role, three ways: the service, the view and the page.

For each action of each workflow (organizations.workflow), an object is built in a state the
action starts from; then, for each role, what the workflow says (`can`) must be what happens:
- the page that offers the action shows its button (`data-action="covenant.open"`) or not;
- a POST to the view does it (a redirect, the change made), or answers 403 to someone in scope
  without the right and 404 to someone outside the scope, changing nothing;
- the service does it, or raises PermissionDenied, changing nothing.
A new workflow action without a walk here fails `test_every_declared_action_is_walked`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from awards import services as award_services
from awards.models import (
    Award,
    BallotParticipation,
    CouncilMember,
    CouncilSession,
    Decision,
    Nomination,
    NominationList,
    Posting,
    PostingComment,
    Registration,
    Submission,
)
from awards.services import council as council_services
from awards.services import decisions as decision_services
from awards.services import nominations as nomination_services
from awards.services import posting as posting_services
from awards.services import registrations as registration_services
from awards.services import submissions as submission_services
from campaigns import services as campaign_services
from campaigns.models import Campaign, CampaignReview, Commitment, Covenant, ProgressReport
from organizations import roles
from organizations import services as organization_services
from organizations.models import Event, Unit
from organizations.workflow import workflow_for, workflows
from tests.factories import (
    AwardRecordFactory,
    CampaignFactory,
    FocusAreaFactory,
    InitiativeFactory,
    PendingReviewFactory,
    PersonFactory,
    RatingFactory,
    RegistrationFactory,
    RegistrationListFactory,
    UserFactory,
    accepted,
)
from tests.uploads import pdf

TODAY = timezone.localdate


@pytest.fixture
def people(org, leader):
    """Every role, as the user that holds it: the personas of tests/conftest.py, a council
    member, and an administrator (a superuser without a person)."""
    council = UserFactory(username="hanh", roles=[roles.COUNCIL_MEMBER, roles.STAFF])
    PersonFactory(code="HANH", full_name="Đỗ Thị Hạnh", unit=org.office, user=council)
    return {
        "staff": org.bob.user,
        "unit_head": org.carol.user,
        "officer": org.alice.user,
        "council_member": council,
        "leadership": leader.user,
        "union_chair": org.dave.user,
        "outsider": org.charlie.user,
        "administrator": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


ROLES = [
    "staff",
    "unit_head",
    "officer",
    "council_member",
    "leadership",
    "union_chair",
    "outsider",
    "administrator",
]


@dataclass
class Walk:
    """How to take one action: build the object, call the service, post to the view, find the
    button on a page, and tell whether the action took effect."""

    build: Callable[[Any], Any]
    service: Callable[[Any, Any], Any]
    post: Callable[[Any], tuple[str, dict]]
    page: Callable[[Any], str]
    done: Callable[[Any], bool]
    # The object whose button the page shows, when it is not the action's own object.
    marked: Callable[[Any], Any] | None = None
    # A page lists several objects of a kind: the button names its object.
    per_object: bool = False
    # More than the action's own right decides (revising a report is reporting on its party).
    expected: Callable[[Any, Any], bool] | None = None
    # The button is another action's (revising a report is the party's quick form again).
    button: str | None = None
    # Builds the object in a state the action does not start from (taken already, say).
    taken: Callable[[Any], Any] | None = None


def _get(fixtures, name):
    return fixtures.getfixturevalue(name)


# Builders: each returns an object in a state its action starts from.


def _draft_campaign(fx):
    org = _get(fx, "org")
    campaign = CampaignFactory(organiser=org.agency, name="Phong trào thi đua năm 2021")
    FocusAreaFactory(campaign=campaign, number=1, title="Cải cách hành chính")
    return campaign


def _draft_covenant(fx):
    org, leader, campaign = _get(fx, "org"), _get(fx, "leader"), _get(fx, "campaign")
    covenant = campaign_services.covenant_create(
        actor=org.alice.user,
        campaign=campaign,
        title="Giao ước bổ sung",
        signing_date=datetime.date(2020, 1, 15),
        signing_place="Lạng Sơn",
    )
    for unit, representative in [(leader.unit, leader.person), (org.technical, org.carol.person)]:
        campaign_services.party_add(
            actor=org.alice.user, covenant=covenant, unit=unit, representative=representative
        )
    return covenant


def _party(fixture, unit_code):
    def build(fx):
        covenant = _get(fx, fixture)
        return covenant.parties.select_related("unit", "covenant").get(unit__code=unit_code)

    return build


def _commitment_of(party) -> Commitment:
    return party.commitments.order_by("pk").first()


def _report(fx):
    org = _get(fx, "org")
    party = _party("covenant_in_force", "KT")(fx)
    return campaign_services.report_submit(
        actor=org.carol.user,
        commitment=_commitment_of(party),
        period="Q1",
        status="on_track",
        value=Decimal(85),
        narrative="Đã số hoá 85% hồ sơ.",
    )


def _accepted_report(fx):
    report = _report(fx)
    return campaign_services.report_review(
        actor=_get(fx, "org").alice.user, report=report, accept=True
    )


def _concluded_review(fx):
    review = _open_review(fx)
    return campaign_services.review_conclude(
        actor=_get(fx, "org").alice.user, review=review, conclusions="Đã sơ kết."
    )


def _open_review(fx):
    org, campaign = _get(fx, "org"), _get(fx, "campaign")
    return campaign_services.review_open(actor=org.alice.user, campaign=campaign, kind="interim")


def _technical_list(fx, *, submitted=False):
    org = _get(fx, "org")
    registration = RegistrationFactory(
        registration_list=RegistrationListFactory(unit=org.technical), person=org.carol.person
    )
    registration_list = registration.registration_list
    if submitted:
        registration_services.registration_list_submit(
            actor=org.carol.user, registration_list=registration_list
        )
        registration_list.refresh_from_db()
    return registration_list


def _bobs_registration(fx):
    org = _get(fx, "org")
    return registration_services.registration_add(
        actor=org.bob.user, person=org.bob.person, award=Award.objects.get(code="LDTT"), year=2020
    )


def _session(fx, *, codes=("LDTT",), absent=False, voting=False, voted=False):
    """A 2020 session of the agency's council (lena chairs, bob is the secretary, hanh sits),
    its agenda one accepted dossier per award code; the vote opened, and cast by all, when
    asked. `absent` seats a fourth member recorded absent."""
    org, leader = _get(fx, "org"), _get(fx, "leader")
    _get(fx, "people")
    alice = org.alice.user
    council = council_services.council_create(
        actor=alice,
        agency=org.agency,
        name="Hội đồng Thi đua - Khen thưởng",
        term_start=datetime.date(2020, 1, 1),
    )
    seats = [
        (leader.person, CouncilMember.Role.CHAIR),
        (org.bob.person, CouncilMember.Role.SECRETARY),
        (org.agency.people.model.objects.get(code="HANH"), CouncilMember.Role.MEMBER),
    ]
    if absent:
        seats.append((PersonFactory(unit=org.office, full_name="Vắng Mặt"), "member"))
    for person, role in seats:
        council_services.council_member_add(actor=alice, council=council, person=person, role=role)
    session = council_services.session_create(
        actor=alice,
        council=council,
        year=2020,
        starts_at=timezone.now(),
        place="Phòng họp tầng 2",
    )
    dossiers = [accepted(PersonFactory(unit=org.technical), code) for code in codes]
    if dossiers:
        council_services.session_items_add(actor=alice, session=session, nominations=dossiers)
    if absent:
        present = council.members.exclude(person__full_name="Vắng Mặt")
        council_services.session_attendance(actor=alice, session=session, present_members=present)
    if voting or voted:
        council_services.session_open(actor=alice, session=session)
    if voted:
        for member in council.members.select_related("person__user"):
            council_services.ballot_cast(
                actor=member.person.user, session=session, choices=_all_agree(session)
            )
    return CouncilSession.objects.get(pk=session.pk)


def _session_to_fill(fx):
    """A session with an empty agenda, and an accepted dossier waiting for one."""
    session = _session(fx, codes=())
    accepted(PersonFactory(unit=_get(fx, "org").technical), "LDTT")
    return session


def _all_agree(session, prefix=None):
    items = session.items.order_by("position")
    if prefix is None:
        return {item.pk: "agree" for item in items}
    return {f"{prefix}-item_{item.pk}": "agree" for item in items}


def _tied_session(fx):
    """Three CSTĐCS nominees, one place (15 % of 7 advanced workers), every vote agree: a tie."""
    org = _get(fx, "org")
    for _ in range(7):
        AwardRecordFactory(person=PersonFactory(unit=org.technical), year=2020, award__code="LDTT")
    session = _session(fx, codes=("CSTDCS",) * 3, voted=True)
    return council_services.session_close(actor=org.alice.user, session=session)


def _absent_member(session):
    return session.council.members.get(person__full_name="Vắng Mặt")


def _posting(fx, *, published=False):
    """The 2020 list the council passed (two dossiers), prepared by the officer; published and
    commented on by the public, when asked."""
    org = _get(fx, "org")
    for _ in range(2):
        nomination = accepted(PersonFactory(unit=org.technical), "LDTT")
        Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.PASSED)
    posting = posting_services.posting_create(actor=org.alice.user, agency=org.agency, year=2020)
    if published:
        posting = posting_services.posting_publish(actor=org.alice.user, posting=posting)
    return Posting.objects.get(pk=posting.pk)


def _decision(fx, *, issued=False):
    """The director's draft decision on the posted 2020 list, the posting over; issued, when
    asked."""
    org = _get(fx, "org")
    _get(fx, "leader")  # the leadership board, whose director signs
    posting = _posting(fx, published=True)
    Posting.objects.filter(pk=posting.pk).update(closes_on=TODAY() - datetime.timedelta(days=1))
    decision = decision_services.decision_create(actor=org.alice.user, posting=posting)
    Decision.objects.filter(pk=decision.pk).update(place="Lạng Sơn", signed_on=TODAY())
    if issued:
        decision_services.decision_issue(actor=org.alice.user, decision=decision)
    return Decision.objects.get(pk=decision.pk)


def _decision_form(decision) -> dict:
    return {
        "title": "Về việc khen thưởng năm 2020 (sửa)",
        "place": "Lạng Sơn",
        "signed_on": TODAY().strftime("%d/%m/%Y"),
        "signer": decision.signer_id,
        "base_salary": "",
        "bases": decision.bases,
        "recipients": decision.recipients,
        "nominations": list(decision.nominations.values_list("pk", flat=True)),
    }


def _submission(fx, *, sent=False, returned=False, decided=False):
    """The agency's submission to the province of the 2020 posted list (two Bằng khen tỉnh),
    the posting over, dated today in Lạng Sơn; sent, returned or decided, when asked."""
    org, _leader = _get(fx, "org"), _get(fx, "leader")
    for _ in range(2):
        nomination = accepted(PersonFactory(unit=org.technical), "BANG_KHEN_TINH")
        Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.PASSED)
    alice = org.alice.user
    posting = posting_services.posting_create(actor=alice, agency=org.agency, year=2020)
    posting = posting_services.posting_publish(actor=alice, posting=posting)
    Posting.objects.filter(pk=posting.pk).update(closes_on=TODAY() - datetime.timedelta(days=2))
    submission = submission_services.submission_create(actor=alice, posting=posting)
    Submission.objects.filter(pk=submission.pk).update(place="Lạng Sơn", signed_on=TODAY())
    if sent or returned or decided:
        submission = submission_services.submission_send(actor=alice, submission=submission)
    if returned:
        submission = submission_services.submission_return(
            actor=alice, submission=submission, note="Bổ sung biên bản."
        )
    if decided:
        submission = submission_services.submission_record(
            actor=alice,
            submission=submission,
            decision_number="1520/QĐ-UBND",
            decision_date=TODAY(),
            issuer="Chủ tịch Ủy ban nhân dân tỉnh",
            awarded=list(submission.nominations.all()),
        )
    return Submission.objects.get(pk=submission.pk)


def _submission_form(submission):
    return {
        "title": f"{submission.title} (sửa)",
        "addressee": submission.addressee,
        "place": submission.place,
        "signed_on": submission.signed_on.strftime("%d/%m/%Y"),
        "signer": submission.signer_id,
        "nominations": list(submission.nominations.values_list("pk", flat=True)),
    }


def _province_decision_form(submission):
    return {
        "decision_number": "1520/QĐ-UBND",
        "decision_date": TODAY().strftime("%d/%m/%Y"),
        "decision_issuer": "Chủ tịch Ủy ban nhân dân tỉnh",
        "awarded": list(submission.nominations.values_list("pk", flat=True)),
    }


def _comment(fx):
    posting = _posting(fx, published=True)
    return posting_services.comment_add(
        posting=posting, author="Nguyễn Văn A", text="Đề nghị xem lại.", address="10.1.1.1"
    )


def _carol_nominated(fx, *, sent=False, returned=False):
    """A complete draft dossier of carol (head of KT) for LĐTT 2020 on KT's list; sent to the
    office, and returned to the unit, when asked."""
    org = _get(fx, "org")
    RatingFactory(person=org.carol.person, year=2020, level="good")
    nomination = nomination_services.nomination_add(
        actor=org.carol.user,
        award=Award.objects.get(code="LDTT"),
        year=2020,
        person=org.carol.person,
    )
    nomination_services.nomination_sign(actor=org.carol.user, nomination=nomination, upload=pdf())
    nomination_services.nomination_edit(
        actor=org.carol.user,
        nomination=nomination,
        achievement_report=nomination.achievement_report,
        justification="Hoàn thành xuất sắc nhiệm vụ đột xuất.",
    )
    if sent or returned:
        nomination_services.nomination_list_submit(
            actor=org.carol.user, nomination_list=nomination.nomination_list
        )
    if returned:
        nomination_services.nomination_return(
            actor=org.alice.user, nomination=nomination, comment="Bổ sung minh chứng."
        )
    return Nomination.objects.get(pk=nomination.pk)


def _nomination_form(nomination):
    return {
        "achievement_report": "Báo cáo thành tích đã hoàn thiện.",
        "justification": nomination.justification,
        "kind": "yearly",
    }


def _report_values(report_or_commitment, *, status="on_track", value="90"):
    commitment = getattr(report_or_commitment, "commitment", report_or_commitment)
    period = getattr(report_or_commitment, "period", "Q1")
    prefix = f"c{commitment.pk}"
    return {
        f"{prefix}-period": period,
        f"{prefix}-status": status,
        f"{prefix}-value": value,
        f"{prefix}-narrative": "Tiến độ tốt.",
    }


def _report_of(obj):
    return ProgressReport.objects.get(pk=obj.pk)


WALKS: dict[str, Walk] = {
    "campaign.change": Walk(
        build=lambda fx: _get(fx, "campaign"),
        service=lambda user, campaign: campaign_services.focus_area_save(
            actor=user,
            focus_area=campaign.focus_areas.model(campaign=campaign),
            number=9,
            title="Văn hoá công sở",
        ),
        post=lambda campaign: (
            reverse("campaigns:focus_area_add", args=[campaign.code]),
            {"number": 9, "title": "Văn hoá công sở"},
        ),
        page=lambda campaign: campaign.get_absolute_url(),
        done=lambda campaign: campaign.focus_areas.filter(number=9).exists(),
    ),
    "campaign.launch": Walk(
        build=_draft_campaign,
        taken=lambda fx: _get(fx, "campaign"),
        service=lambda user, campaign: campaign_services.campaign_launch(
            actor=user, campaign=campaign
        ),
        post=lambda campaign: (reverse("campaigns:campaign_launch", args=[campaign.code]), {}),
        page=lambda campaign: campaign.get_absolute_url(),
        done=lambda campaign: Campaign.objects.get(pk=campaign.pk).state.launched,
    ),
    "campaign.open_interim_review": Walk(
        build=lambda fx: _get(fx, "campaign"),
        service=lambda user, campaign: campaign_services.review_open(
            actor=user, campaign=campaign, kind="interim"
        ),
        post=lambda campaign: (
            reverse("campaigns:review_open", args=[campaign.code, "interim"]),
            {},
        ),
        page=lambda campaign: reverse("campaigns:review_detail", args=[campaign.code, "interim"]),
        done=lambda campaign: Campaign.objects.get(pk=campaign.pk).state.interim_review,
    ),
    "campaign.open_final_review": Walk(
        build=lambda fx: _get(fx, "campaign"),
        service=lambda user, campaign: campaign_services.review_open(
            actor=user, campaign=campaign, kind="final"
        ),
        post=lambda campaign: (reverse("campaigns:review_open", args=[campaign.code, "final"]), {}),
        page=lambda campaign: reverse("campaigns:review_detail", args=[campaign.code, "final"]),
        done=lambda campaign: Campaign.objects.get(pk=campaign.pk).state.final_review,
    ),
    "covenant.change": Walk(
        build=lambda fx: _get(fx, "covenant"),
        service=lambda user, covenant: campaign_services.party_add(
            actor=user,
            covenant=covenant,
            unit=Unit.objects.get(code="VP"),
            representative=Unit.objects.get(code="VP").people.get(code="BOB"),
        ),
        post=lambda covenant: (
            reverse("campaigns:party_add", args=[covenant.code]),
            {
                "unit": "VP",
                "representative": Unit.objects.get(code="VP").people.get(code="BOB").pk,
            },
        ),
        page=lambda covenant: covenant.get_absolute_url(),
        done=lambda covenant: covenant.parties.filter(unit__code="VP").exists(),
    ),
    "covenant.open": Walk(
        build=_draft_covenant,
        taken=lambda fx: _get(fx, "covenant"),
        service=lambda user, covenant: campaign_services.covenant_open(
            actor=user, covenant=covenant
        ),
        post=lambda covenant: (reverse("campaigns:covenant_open", args=[covenant.code]), {}),
        page=lambda covenant: covenant.get_absolute_url(),
        done=lambda covenant: Covenant.objects.get(pk=covenant.pk).state.open,
    ),
    "covenant.amend": Walk(
        build=lambda fx: _get(fx, "covenant_in_force"),
        service=lambda user, covenant: campaign_services.covenant_amend(
            actor=user, covenant=covenant
        ),
        post=lambda covenant: (reverse("campaigns:covenant_amend", args=[covenant.code]), {}),
        page=lambda covenant: covenant.get_absolute_url(),
        done=lambda covenant: Covenant.objects.filter(amends=covenant).exists(),
    ),
    "party.sign": Walk(
        build=_party("covenant", "BLD"),
        taken=_party("covenant_in_force", "BLD"),
        service=lambda user, party: campaign_services.covenant_sign(actor=user, party=party),
        post=lambda party: (
            reverse("campaigns:covenant_sign", args=[party.pk]),
            {"password": "demo"},  # typed again to sign
        ),
        page=lambda party: party.covenant.get_absolute_url(),
        done=lambda party: party.__class__.objects.filter(
            pk=party.pk, signature__isnull=False
        ).exists(),
        per_object=True,
    ),
    "party.edit_commitments": Walk(
        build=_party("covenant", "KT"),
        service=lambda user, party: campaign_services.commitment_save(
            actor=user,
            commitment=Commitment(party=party),
            focus_area=party.covenant.campaign.focus_areas.get(number=2),
            text="Không có cán bộ vi phạm kỷ luật",
            measure="number",
            target=Decimal(0),
            due_date=datetime.date(2020, 12, 31),
        ),
        post=lambda party: (
            reverse("campaigns:commitment_add", args=[party.pk]),
            {
                "focus_area": party.covenant.campaign.focus_areas.get(number=2).pk,
                "text": "Không có cán bộ vi phạm kỷ luật",
                "measure": "number",
                "target": "0",
                "due_date": "31/12/2020",
            },
        ),
        page=lambda party: party.covenant.get_absolute_url(),
        done=lambda party: party.commitments.filter(text__startswith="Không có cán bộ").exists(),
        per_object=True,
    ),
    "party.report_progress": Walk(
        build=_party("covenant_in_force", "KT"),
        service=lambda user, party: campaign_services.report_submit(
            actor=user, commitment=_commitment_of(party), period="Q1", status="on_track"
        ),
        post=lambda party: (
            reverse("campaigns:report_submit", args=[_commitment_of(party).pk]),
            _report_values(_commitment_of(party)),
        ),
        page=lambda party: reverse("campaigns:party_progress", args=[party.pk]),
        done=lambda party: _commitment_of(party).reports.exists(),
        per_object=True,
    ),
    "report.accept": Walk(
        build=_report,
        taken=_accepted_report,
        service=lambda user, report: campaign_services.report_review(
            actor=user, report=report, accept=True
        ),
        post=lambda report: (
            reverse("campaigns:report_review", args=[report.pk]),
            {"decision": "accept"},
        ),
        page=lambda report: reverse(
            "campaigns:reports_pending", args=[report.commitment.party.covenant.campaign.code]
        ),
        done=lambda report: _report_of(report).state.accepted,
        per_object=True,
    ),
    "report.return": Walk(
        build=_report,
        service=lambda user, report: campaign_services.report_review(
            actor=user, report=report, accept=False, comment="Bổ sung minh chứng."
        ),
        post=lambda report: (
            reverse("campaigns:report_review", args=[report.pk]),
            {"decision": "return", "comment": "Bổ sung minh chứng."},
        ),
        page=lambda report: reverse(
            "campaigns:reports_pending", args=[report.commitment.party.covenant.campaign.code]
        ),
        done=lambda report: _report_of(report).state.returned,
        per_object=True,
    ),
    # Reporting the period again: the party's quick form, while the report is not accepted.
    "report.revise": Walk(
        build=_report,
        service=lambda user, report: campaign_services.report_submit(
            actor=user,
            commitment=report.commitment,
            period=report.period,
            status="met",
            value=Decimal(100),
        ),
        post=lambda report: (
            reverse("campaigns:report_submit", args=[report.commitment_id]),
            _report_values(report, status="met", value="100"),
        ),
        page=lambda report: reverse("campaigns:party_progress", args=[report.commitment.party_id]),
        done=lambda report: _report_of(report).status == "met",
        marked=lambda report: report.commitment.party,
        button="party.report_progress",
        per_object=True,
        expected=lambda user, report: (
            workflow_for(report).can(user, report, "revise")
            and workflow_for(report.commitment.party).can(
                user, report.commitment.party, "report_progress"
            )
        ),
    ),
    "review.conclude": Walk(
        build=_open_review,
        taken=_concluded_review,
        service=lambda user, review: campaign_services.review_conclude(
            actor=user, review=review, conclusions="Hoàn thành tốt các chỉ tiêu quý I."
        ),
        post=lambda review: (
            reverse("campaigns:review_conclude", args=[review.campaign.code, review.kind]),
            {"conclusions": "Hoàn thành tốt các chỉ tiêu quý I."},
        ),
        page=lambda review: reverse(
            "campaigns:review_detail", args=[review.campaign.code, review.kind]
        ),
        done=lambda review: CampaignReview.objects.get(pk=review.pk).concluded_at is not None,
    ),
    "registration_list.change": Walk(
        build=_technical_list,
        service=lambda user, registration_list: registration_services.registration_add(
            actor=user,
            unit=registration_list.unit,
            award=Award.objects.get(code="TTLDTT"),
            year=registration_list.year,
        ),
        post=lambda registration_list: (
            reverse("awards:registration_unit_add_collective", args=[registration_list.unit.code]),
            {
                "year": registration_list.year,
                "campaign": "none",
                "collective-award": "TTLDTT",
            },
        ),
        page=lambda registration_list: registration_list.get_absolute_url(),
        done=lambda registration_list: registration_list.entries.filter(
            unit__isnull=False
        ).exists(),
    ),
    "registration_list.submit": Walk(
        build=_technical_list,
        taken=lambda fx: _technical_list(fx, submitted=True),
        service=lambda user, registration_list: registration_services.registration_list_submit(
            actor=user, registration_list=registration_list
        ),
        post=lambda registration_list: (
            reverse("awards:registration_list_submit", args=[registration_list.pk]),
            {},
        ),
        page=lambda registration_list: registration_list.get_absolute_url(),
        done=lambda registration_list: (
            registration_list.__class__.objects.get(pk=registration_list.pk).state.submitted
        ),
    ),
    "registration_list.approve": Walk(
        build=lambda fx: _technical_list(fx, submitted=True),
        service=lambda user, registration_list: registration_services.registration_list_approve(
            actor=user, registration_list=registration_list
        ),
        post=lambda registration_list: (
            reverse("awards:registration_list_approve", args=[registration_list.pk]),
            {"approve-comment": ""},
        ),
        page=lambda registration_list: registration_list.get_absolute_url(),
        done=lambda registration_list: (
            registration_list.__class__.objects.get(pk=registration_list.pk).state.approved
        ),
    ),
    "registration_list.return": Walk(
        build=lambda fx: _technical_list(fx, submitted=True),
        service=lambda user, registration_list: registration_services.registration_list_return(
            actor=user, registration_list=registration_list, comment="Thiếu tập thể."
        ),
        post=lambda registration_list: (
            reverse("awards:registration_list_return", args=[registration_list.pk]),
            {"return-comment": "Thiếu tập thể."},
        ),
        page=lambda registration_list: registration_list.get_absolute_url(),
        done=lambda registration_list: (
            registration_list.__class__.objects.get(pk=registration_list.pk).state.returned
        ),
    ),
    "registration.remove": Walk(
        build=_bobs_registration,
        service=lambda user, registration: registration_services.registration_remove(
            actor=user, registration=registration
        ),
        post=lambda registration: (
            reverse("awards:registration_remove", args=[registration.pk]),
            {},
        ),
        page=lambda registration: registration.registration_list.get_absolute_url(),
        done=lambda registration: not Registration.objects.filter(pk=registration.pk).exists(),
        per_object=True,
    ),
    "initiative.use": Walk(
        build=lambda fx: InitiativeFactory(
            unit=_get(fx, "org").technical, authors=[_get(fx, "org").carol.person]
        ),
        service=lambda user, initiative: award_services.initiative_use(
            actor=user, initiative=initiative, award=Award.objects.get(code="CSTDCS"), year=2020
        ),
        post=lambda initiative: (
            reverse("awards:initiative_use", args=[initiative.pk]),
            {"award": Award.objects.get(code="CSTDCS").pk, "year": 2020},
        ),
        page=lambda initiative: reverse("awards:initiative_detail", args=[initiative.pk]),
        done=lambda initiative: initiative.__class__.objects.get(pk=initiative.pk).is_used,
    ),
    "award_record.revoke": Walk(
        build=lambda fx: AwardRecordFactory(person=_get(fx, "org").carol.person),
        taken=lambda fx: AwardRecordFactory(person=_get(fx, "org").carol.person, revoked=True),
        service=lambda user, record: award_services.award_record_revoke(
            actor=user, record=record, reason="Khai man thành tích", revoking_decision="5/QĐ"
        ),
        post=lambda record: (
            reverse("awards:award_revoke", args=[record.pk]),
            {"revocation_reason": "Khai man thành tích", "revoking_decision": "5/QĐ"},
        ),
        page=lambda record: reverse("awards:person_history", args=[record.person.code]),
        done=lambda record: record.__class__.objects.get(pk=record.pk).state.revoked,
        per_object=True,
    ),
    "nomination_list.change": Walk(
        build=lambda fx: NominationList.objects.create(unit=_get(fx, "org").technical, year=2020),
        service=lambda user, nomination_list: nomination_services.nomination_add(
            actor=user,
            award=Award.objects.get(code="GIAY_KHEN"),
            year=2020,
            person=nomination_list.unit.people.get(code="CAROL"),
            kind="one_off",
        ),
        post=lambda nomination_list: (
            reverse("awards:nomination_unit_add", args=[nomination_list.unit.code]),
            {
                "year": 2020,
                "campaign": "none",
                "other-nominee": "p-CAROL",
                "other-award": "GIAY_KHEN",
                "other-kind": "one_off",
            },
        ),
        page=lambda nomination_list: nomination_list.get_absolute_url(),
        done=lambda nomination_list: nomination_list.nominations.exists(),
    ),
    "nomination_list.submit": Walk(
        build=lambda fx: _carol_nominated(fx).nomination_list,
        service=lambda user, nomination_list: nomination_services.nomination_list_submit(
            actor=user, nomination_list=nomination_list
        ),
        post=lambda nomination_list: (
            reverse("awards:nomination_list_submit", args=[nomination_list.pk]),
            {},
        ),
        page=lambda nomination_list: nomination_list.get_absolute_url(),
        done=lambda nomination_list: (
            NominationList.objects.get(pk=nomination_list.pk).state.submitted
        ),
        taken=lambda fx: _carol_nominated(fx, sent=True).nomination_list,
    ),
    "nomination.change": Walk(
        build=_carol_nominated,
        service=lambda user, nomination: nomination_services.nomination_edit(
            actor=user, nomination=nomination, **_nomination_form(nomination)
        ),
        post=lambda nomination: (
            reverse("awards:nomination_edit", args=[nomination.code]),
            _nomination_form(nomination),
        ),
        page=lambda nomination: nomination.get_absolute_url(),
        done=lambda nomination: (
            Nomination.objects.get(pk=nomination.pk).achievement_report
            == "Báo cáo thành tích đã hoàn thiện."
        ),
        taken=lambda fx: _carol_nominated(fx, sent=True),
    ),
    "nomination.remove": Walk(
        build=_carol_nominated,
        service=lambda user, nomination: nomination_services.nomination_remove(
            actor=user, nomination=nomination
        ),
        post=lambda nomination: (reverse("awards:nomination_remove", args=[nomination.code]), {}),
        page=lambda nomination: nomination.get_absolute_url(),
        done=lambda nomination: not Nomination.objects.filter(pk=nomination.pk).exists(),
    ),
    "nomination.submit": Walk(
        build=lambda fx: _carol_nominated(fx, returned=True),
        service=lambda user, nomination: nomination_services.nomination_resubmit(
            actor=user, nomination=nomination
        ),
        post=lambda nomination: (
            reverse("awards:nomination_resubmit", args=[nomination.code]),
            {},
        ),
        page=lambda nomination: nomination.get_absolute_url(),
        done=lambda nomination: Nomination.objects.get(pk=nomination.pk).state.submitted,
        taken=lambda fx: _carol_nominated(fx, sent=True),
    ),
    "nomination.return": Walk(
        build=lambda fx: _carol_nominated(fx, sent=True),
        service=lambda user, nomination: nomination_services.nomination_return(
            actor=user, nomination=nomination, comment="Bổ sung minh chứng."
        ),
        post=lambda nomination: (
            reverse("awards:nomination_return", args=[nomination.code]),
            {"return-comment": "Bổ sung minh chứng."},
        ),
        page=lambda nomination: nomination.get_absolute_url(),
        done=lambda nomination: Nomination.objects.get(pk=nomination.pk).state.returned,
        taken=lambda fx: _carol_nominated(fx, returned=True),
    ),
    "nomination.accept": Walk(
        build=lambda fx: _carol_nominated(fx, sent=True),
        service=lambda user, nomination: nomination_services.nomination_accept(
            actor=user, nomination=nomination
        ),
        post=lambda nomination: (
            reverse("awards:nomination_accept", args=[nomination.code]),
            {"accept-comment": ""},
        ),
        page=lambda nomination: nomination.get_absolute_url(),
        done=lambda nomination: Nomination.objects.get(pk=nomination.pk).state.accepted,
    ),
    "council_session.change": Walk(
        build=_session_to_fill,
        service=lambda user, session: council_services.session_items_add(
            actor=user,
            session=session,
            nominations=list(council_services.eligible_for_session(session)),
        ),
        post=lambda session: (
            reverse("awards:session_items_add", args=[session.pk]),
            {"nomination": [n.code for n in council_services.eligible_for_session(session)]},
        ),
        page=lambda session: session.get_absolute_url(),
        done=lambda session: session.items.exists(),
    ),
    "council_session.open": Walk(
        build=_session,
        service=lambda user, session: council_services.session_open(actor=user, session=session),
        post=lambda session: (reverse("awards:session_open", args=[session.pk]), {}),
        page=lambda session: session.get_absolute_url(),
        done=lambda session: CouncilSession.objects.get(pk=session.pk).state.voting,
        taken=lambda fx: _session(fx, voting=True),
    ),
    "council_session.vote": Walk(
        build=lambda fx: _session(fx, voting=True),
        service=lambda user, session: council_services.ballot_cast(
            actor=user, session=session, choices=_all_agree(session)
        ),
        post=lambda session: (
            reverse("awards:ballot_cast", args=[session.pk]),
            _all_agree(session, "ballot"),
        ),
        page=lambda session: session.get_absolute_url(),
        done=lambda session: BallotParticipation.objects.filter(item__session=session).exists(),
    ),
    "council_session.enter_written": Walk(
        build=lambda fx: _session(fx, absent=True, voting=True),
        service=lambda user, session: council_services.written_ballot_enter(
            actor=user, session=session, member=_absent_member(session), choices=_all_agree(session)
        ),
        post=lambda session: (
            reverse("awards:written_ballot_enter", args=[session.pk]),
            {"written-member": _absent_member(session).pk} | _all_agree(session, "written"),
        ),
        page=lambda session: session.get_absolute_url(),
        done=lambda session: BallotParticipation.objects.filter(
            item__session=session, channel="written"
        ).exists(),
    ),
    "council_session.close": Walk(
        build=lambda fx: _session(fx, voted=True),
        service=lambda user, session: council_services.session_close(actor=user, session=session),
        post=lambda session: (reverse("awards:session_close", args=[session.pk]), {}),
        page=lambda session: session.get_absolute_url(),
        done=lambda session: CouncilSession.objects.get(pk=session.pk).closed_at is not None,
    ),
    "council_session.break_tie": Walk(
        build=_tied_session,
        service=lambda user, session: council_services.tie_break(
            actor=user,
            session=session,
            chosen=list(session.items.order_by("position")[:1]),
            reason="Sáng kiến có phạm vi ảnh hưởng rộng hơn.",
        ),
        post=lambda session: (
            reverse("awards:tie_break", args=[session.pk]),
            {
                "chosen": session.items.order_by("position").first().pk,
                "reason": "Sáng kiến có phạm vi ảnh hưởng rộng hơn.",
            },
        ),
        page=lambda session: session.get_absolute_url(),
        done=lambda session: CouncilSession.objects.get(pk=session.pk).state.concluded,
    ),
    "posting.change": Walk(
        build=_posting,
        service=lambda user, posting: posting_services.posting_edit(
            actor=user, posting=posting, title="Danh sách mới", working_days=5, summaries={}
        ),
        post=lambda posting: (
            reverse("awards:posting_edit", args=[posting.code]),
            {"title": "Danh sách mới", "working_days": 5},
        ),
        page=lambda posting: posting.get_absolute_url(),
        done=lambda posting: Posting.objects.get(pk=posting.pk).title == "Danh sách mới",
    ),
    "posting.publish": Walk(
        build=_posting,
        service=lambda user, posting: posting_services.posting_publish(actor=user, posting=posting),
        post=lambda posting: (reverse("awards:posting_publish", args=[posting.code]), {}),
        page=lambda posting: posting.get_absolute_url(),
        done=lambda posting: Posting.objects.get(pk=posting.pk).state.published,
        taken=lambda fx: _posting(fx, published=True),
    ),
    "posting_comment.answer": Walk(
        build=_comment,
        service=lambda user, comment: posting_services.comment_answer(
            actor=user, comment=comment, answer="Đã kiểm tra."
        ),
        post=lambda comment: (
            reverse("awards:comment_answer", args=[comment.pk]),
            {f"c{comment.pk}-answer": "Đã kiểm tra."},
        ),
        page=lambda comment: comment.posting.get_absolute_url(),
        done=lambda comment: PostingComment.objects.get(pk=comment.pk).answer == "Đã kiểm tra.",
    ),
    "posting_comment.resolve": Walk(
        build=_comment,
        service=lambda user, comment: posting_services.comment_resolve(actor=user, comment=comment),
        post=lambda comment: (reverse("awards:comment_resolve", args=[comment.pk]), {}),
        page=lambda comment: comment.posting.get_absolute_url(),
        done=lambda comment: PostingComment.objects.get(pk=comment.pk).status == "resolved",
    ),
    "decision.change": Walk(
        build=_decision,
        service=lambda user, decision: decision_services.decision_edit(
            actor=user,
            decision=decision,
            title="Về việc khen thưởng năm 2020 (sửa)",
            place="Lạng Sơn",
            signed_on=TODAY(),
            signer=decision.signer,
            bases=decision.bases,
            recipients=decision.recipients,
            base_salary=None,
            nominations=list(decision.nominations.all()),
        ),
        post=lambda decision: (
            reverse("awards:decision_edit", args=[decision.code]),
            _decision_form(decision),
        ),
        page=lambda decision: decision.get_absolute_url(),
        done=lambda decision: Decision.objects.get(pk=decision.pk).title.endswith("(sửa)"),
    ),
    "decision.issue": Walk(
        build=_decision,
        service=lambda user, decision: decision_services.decision_issue(
            actor=user, decision=decision
        ),
        post=lambda decision: (
            reverse("awards:decision_issue", args=[decision.code]),
            {"signed_on": TODAY().strftime("%d/%m/%Y")},
        ),
        page=lambda decision: decision.get_absolute_url(),
        done=lambda decision: Decision.objects.get(pk=decision.pk).state.issued,
        taken=lambda fx: _decision(fx, issued=True),
    ),
    "submission.change": Walk(
        build=_submission,
        service=lambda user, submission: submission_services.submission_edit(
            actor=user,
            submission=submission,
            title=f"{submission.title} (sửa)",
            addressee=submission.addressee,
            place=submission.place,
            signed_on=submission.signed_on,
            signer=submission.signer,
            nominations=list(submission.nominations.all()),
        ),
        post=lambda submission: (
            reverse("awards:submission_edit", args=[submission.code]),
            _submission_form(submission),
        ),
        page=lambda submission: submission.get_absolute_url(),
        done=lambda submission: Submission.objects.get(pk=submission.pk).title.endswith("(sửa)"),
        taken=lambda fx: _submission(fx, sent=True),
    ),
    "submission.send": Walk(
        build=_submission,
        service=lambda user, submission: submission_services.submission_send(
            actor=user, submission=submission
        ),
        post=lambda submission: (reverse("awards:submission_send", args=[submission.code]), {}),
        page=lambda submission: submission.get_absolute_url(),
        done=lambda submission: Submission.objects.get(pk=submission.pk).state.sent,
        taken=lambda fx: _submission(fx, sent=True),
    ),
    "submission.return": Walk(
        build=lambda fx: _submission(fx, sent=True),
        service=lambda user, submission: submission_services.submission_return(
            actor=user, submission=submission, note="Bổ sung biên bản."
        ),
        post=lambda submission: (
            reverse("awards:submission_return", args=[submission.code]),
            {"returned_note": "Bổ sung biên bản."},
        ),
        page=lambda submission: submission.get_absolute_url(),
        done=lambda submission: Submission.objects.get(pk=submission.pk).state.returned,
        taken=lambda fx: _submission(fx, returned=True),
    ),
    "submission.record": Walk(
        build=lambda fx: _submission(fx, sent=True),
        service=lambda user, submission: submission_services.submission_record(
            actor=user,
            submission=submission,
            decision_number="1520/QĐ-UBND",
            decision_date=TODAY(),
            issuer="Chủ tịch Ủy ban nhân dân tỉnh",
            awarded=list(submission.nominations.all()),
        ),
        post=lambda submission: (
            reverse("awards:submission_record", args=[submission.code]),
            _province_decision_form(submission),
        ),
        page=lambda submission: submission.get_absolute_url(),
        done=lambda submission: Submission.objects.get(pk=submission.pk).state.decided,
        taken=lambda fx: _submission(fx, decided=True),
    ),
    "pending_review.close": Walk(
        build=lambda fx: PendingReviewFactory(
            person=_get(fx, "org").carol.person, opened_on=datetime.date(2020, 3, 1)
        ),
        service=lambda user, review: organization_services.pending_review_close(
            actor=user, review=review, closed_on=TODAY()
        ),
        post=lambda review: (
            reverse("organizations:pending_review_close", args=[review.person.code, review.pk]),
            {"closed_on": TODAY().strftime("%d/%m/%Y")},
        ),
        page=lambda review: review.person.get_absolute_url(),
        done=lambda review: review.__class__.objects.get(pk=review.pk).closed_on is not None,
        per_object=True,
    ),
}


def _declared_actions() -> set[str]:
    return {
        workflow.key(action.name)
        for workflow in workflows()
        for action in workflow.actions.values()
        if not action.automatic
    }


def test_every_declared_action_is_walked():
    assert _declared_actions() == set(WALKS)


def _button(walk: Walk, obj, key: str) -> str:
    marked = walk.marked(obj) if walk.marked else obj
    attribute = f'data-action="{walk.button or key}"'
    if walk.per_object:
        attribute += f' data-object="{marked.pk}"'
    return attribute


def _expected(walk: Walk, key: str, user, obj) -> bool:
    if walk.expected is not None:
        return walk.expected(user, obj)
    return workflow_for(obj).can(user, obj, key.split(".", 1)[1])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(WALKS))
def test_the_service_the_view_and_the_page_agree(key, role, request, people, client):
    walk = WALKS[key]
    obj = walk.build(request)
    user = people[role]
    expected = _expected(walk, key, user, obj)
    client.force_login(user)

    # The page: the button is there exactly when the action may be taken.
    page = client.get(walk.page(obj))
    assert page.status_code in (200, 403, 404), page.status_code
    shown = page.status_code == 200 and _button(walk, obj, key) in page.content.decode()
    assert shown == expected, f"{key} as {role}: button shown={shown}, can={expected}"

    # The view: it does it, or refuses (403 in scope, 404 outside), changing nothing.
    url, data = walk.post(obj)
    with transaction.atomic():
        response = client.post(url, data)
        if expected:
            assert response.status_code in (200, 302), (key, role, response.status_code)
            assert walk.done(obj), f"{key} as {role}: the view answered but did nothing"
        else:
            assert response.status_code in (403, 404), (key, role, response.status_code)
            if page.status_code == 404:
                assert response.status_code == 404
            assert not walk.done(obj)
        transaction.set_rollback(True)

    # The service: it does it and records the declared event, or raises PermissionDenied,
    # changing nothing.
    fresh = type(obj).objects.get(pk=obj.pk)
    workflow = workflow_for(obj)
    declared = workflow.action(key.split(".", 1)[1]).verb
    verb = declared(obj) if callable(declared) else declared
    with transaction.atomic():
        if expected:
            events_before = Event.objects.filter(verb=verb).count() if verb else 0
            walk.service(user, fresh)
            assert walk.done(obj)
            if verb:
                assert Event.objects.filter(verb=verb).count() == events_before + 1, verb
        else:
            with pytest.raises(PermissionDenied):
                walk.service(user, fresh)
            assert not walk.done(obj)
        transaction.set_rollback(True)


TAKEN = sorted(key for key, walk in WALKS.items() if walk.taken is not None)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", TAKEN)
def test_once_taken_nobody_is_offered_it_again(key, role, request, people, client):
    """In a state the action does not start from, no page offers it, the view changes nothing
    and the service refuses (with a message saying why to whoever holds the right)."""
    walk = WALKS[key]
    obj = walk.taken(request)
    user = people[role]
    workflow, action = workflow_for(obj), key.split(".", 1)[1]
    assert not workflow.can(user, obj, action)
    client.force_login(user)
    page = client.get(walk.page(obj))
    assert _button(walk, obj, key) not in page.content.decode()
    before = type(obj).objects.filter(pk=obj.pk).values().get()
    url, data = walk.post(obj)
    with transaction.atomic():
        response = client.post(url, data)
        assert response.status_code in (200, 302, 403, 404)
        assert type(obj).objects.filter(pk=obj.pk).values().get() == before
        transaction.set_rollback(True)
    fresh = type(obj).objects.get(pk=obj.pk)
    expected_error = ValidationError if workflow.permits(user, obj, action) else PermissionDenied
    with transaction.atomic(), pytest.raises(expected_error):
        walk.service(user, fresh)
    assert type(obj).objects.filter(pk=obj.pk).values().get() == before


def test_the_walk_covers_every_role(people):
    portal_roles = {
        "staff": roles.STAFF,
        "unit_head": roles.UNIT_HEAD,
        "officer": roles.OFFICER,
        "council_member": roles.COUNCIL_MEMBER,
        "leadership": roles.LEADERSHIP,
        "union_chair": roles.UNION_CHAIR,
    }
    assert set(portal_roles.values()) == set(roles.ROLES)
    for name, role in portal_roles.items():
        assert roles.has_role(people[name], role)
    assert set(ROLES) == set(portal_roles) | {"outsider", "administrator"}
    assert people["administrator"].is_superuser

"""Submissions to the province (tờ trình đề nghị khen thưởng): the titles and forms above the
agency's authority that the council passed and the public saw posted go to the province in one
package, the cover letter, the list, the council's minutes and the dossiers. The officer
prepares it, sends it (the number of the year is taken then, once), takes it back when the
province returns it for more, and records the province's decision, which writes the awardees'
history. Every write is atomic, on locked rows, with its event."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import (
    Award,
    AwardRecord,
    DocumentSequence,
    Nomination,
    Posting,
    Submission,
)
from awards.services.decisions import (
    PaperTexts,
    check_paper,
    check_signer,
    held_filter,
    place_of,
    posted_passed,
    signers,
)
from awards.services.history import check_year, record_build, recorded_event
from awards.services.numbering import take_number
from organizations.actors import require_right, user_or_none
from organizations.bulk import create_all
from organizations.events import event_record
from organizations.models import Event, Person, Unit
from organizations.notifications import notify
from organizations.selectors import heads_of
from organizations.vietnamese import fold
from organizations.workflow import check, perform

MANAGE_DENIED = gettext_lazy(
    "Only the emulation officer prepares and sends the submissions to the province."
)
# The submissions still in progress: a dossier is on one of them at most.
OPEN = (Submission.Status.DRAFT, Submission.Status.SENT, Submission.Status.RETURNED)
DEFAULT_ADDRESSEE = "Chủ tịch Ủy ban nhân dân tỉnh"
NOMINATION_JOINS = ("award", "person__unit", "unit", "nomination_list__unit")

# How a province's People's Committee may be written, folded: "UBND", "Ủy ban nhân dân".
_COMMITTEE = (["ubnd"], ["uy", "ban", "nhan", "dan"])
_LEVELS = ((["tinh"], "tỉnh"), (["thanh", "pho"], "thành phố"), (["tp"], "thành phố"))


# --- what a submission holds --------------------------------------------------------------------


def above_authority(queryset):
    """Keep the dossiers whose award is decided above the head of the agency."""
    return queryset.exclude(award__authority=Award.Authority.AGENCY_HEAD)


def _on_open_submission(other_than: Submission | None = None):
    through = Submission.nominations.through.objects.filter(
        nomination=OuterRef("pk"), submission__status__in=OPEN
    )
    if other_than is not None and other_than.pk is not None:
        through = through.exclude(submission=other_than)
    return Exists(through)


def submittable(posting: Posting, submission: Submission | None = None):
    """Return the posted dossiers the council passed that go to the province: above the
    agency's authority, not held already, on no other open submission."""
    return (
        above_authority(posted_passed(posting))
        .exclude(held_filter())
        .exclude(_on_open_submission(submission))
    )


def candidates(submission: Submission):
    """Return the dossiers a submission may hold: those on it, and those it could take."""
    on_it = Q(pk__in=submission.nominations.values("pk"))
    if submission.posting_id is None:
        return Nomination.objects.filter(on_it)
    more = submittable(submission.posting, submission).values("pk")
    return Nomination.objects.filter(on_it | Q(pk__in=more))


def default_addressee(agency: Unit) -> str:
    """Return who the submission is addressed to: the chairman of the province the agency
    belongs to ("UBND tỉnh Lạng Sơn" → "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"); the officer
    completes the default when the parent is named otherwise."""
    words = agency.parent.name.split() if agency.parent is not None else []
    folded = [fold(word).rstrip(".") for word in words]
    for committee in _COMMITTEE:
        if folded[: len(committee)] != committee:
            continue
        start = len(committee)
        for level, name in _LEVELS:
            end = start + len(level)
            if folded[start:end] == level and words[end:]:
                return f"Chủ tịch Ủy ban nhân dân {name} {' '.join(words[end:])}"
    return DEFAULT_ADDRESSEE


def default_title(year: int) -> str:
    return f"Về việc đề nghị khen thưởng thành tích năm {year}"


def _check_signer(agency: Unit, signer: Person | None, on: datetime.date) -> None:
    check_signer(
        agency,
        signer,
        on,
        missing=_("Choose who signs the submission."),
        refused=_(
            "%(name)s may not sign for %(agency)s: submissions are signed by its leadership board."
        ),
    )


def _locked_nominations(submission: Submission) -> list[Nomination]:
    return list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=submission.nominations.values("pk"))
        .select_related(*NOMINATION_JOINS)
        .order_by("posting_entry__position", "pk")
    )


# --- writing ------------------------------------------------------------------------------------


@transaction.atomic
def submission_create(*, actor, posting: Posting) -> Submission:
    """Prepare the submission of a posting's passed dossiers above the agency's authority."""
    agency = posting.agency
    require_right(actor, "awards.manage_decisions", agency, denied=MANAGE_DENIED)
    # Locking the posting serialises two officers preparing from it at once.
    posting = (
        Posting.objects.select_for_update(of=("self",)).select_related("agency").get(pk=posting.pk)
    )
    if not posting.state.published:
        raise ValidationError(_("Publish the list before preparing its submission."))
    nominations = list(
        submittable(posting)
        .select_for_update(of=("self",))
        .order_by("posting_entry__position", "pk")
    )
    if not nominations:
        raise ValidationError(
            _(
                "No dossier on this list goes to the province: the list has none above the "
                "agency's authority, or they are on a submission already, or decided."
            )
        )
    # Dated today; sent later, it takes the day it is signed (the send form asks).
    signed_on = timezone.localdate()
    submission = Submission(
        agency=agency,
        year=posting.year,
        posting=posting,
        addressee=default_addressee(agency),
        title=default_title(posting.year),
        place=place_of(agency),
        signed_on=signed_on,
        signer=signers(agency, signed_on).first(),
        created_by=user_or_none(actor),
    )
    submission.full_clean(exclude=["place"])
    submission.save()
    submission.nominations.set(nominations)
    event_record(
        actor=actor,
        verb="submission_drafted",
        target=submission,
        summary=f"{submission.title}: {len(nominations)}",
        data={"posting": posting.pk, "count": len(nominations)},
    )
    return submission


@transaction.atomic
def submission_edit(
    *,
    actor,
    submission: Submission,
    title: str,
    addressee: str,
    place: str,
    signed_on: datetime.date,
    signer: Person | None,
    nominations,
) -> Submission:
    """Change a submission being prepared or returned: its wording, date, signer and nominees.

    A dossier already sent to the province stays on it until the province decides: the decision
    says it is not awarded if the province drops it."""
    submission = (
        Submission.objects.select_for_update().select_related("agency").get(pk=submission.pk)
    )
    check(actor, submission, "change")
    if submission.posting_id is not None:
        # As when preparing: two submissions of a list do not take the same dossier at once.
        list(Posting.objects.select_for_update().filter(pk=submission.posting_id))
    chosen = list(nominations)
    allowed = set(candidates(submission).values_list("pk", flat=True))
    strays = [nomination for nomination in chosen if nomination.pk not in allowed]
    if strays:
        raise ValidationError(
            {
                "nominations": _(
                    "%(name)s cannot be on this submission: only the posted dossiers the council "
                    "passed, above the agency's authority and on no other submission."
                )
                % {"name": strays[0].nominee_name}
            }
        )
    if not chosen:
        raise ValidationError({"nominations": _("A submission needs at least one nominee.")})
    kept = {nomination.pk for nomination in chosen}
    dropped = (
        submission.nominations.filter(status=Nomination.Status.SENT_UP)
        .exclude(pk__in=kept)
        .select_related(*NOMINATION_JOINS)
        .first()
    )
    if dropped is not None:
        raise ValidationError(
            {
                "nominations": _(
                    "%(name)s was sent to the province already: the dossier stays on the "
                    "submission until the province decides."
                )
                % {"name": dropped.nominee_name}
            }
        )
    submission.title = (title or "").strip()
    submission.addressee = (addressee or "").strip()
    submission.place = (place or "").strip()
    submission.signed_on = signed_on
    submission.signer = signer
    submission.full_clean()
    _check_signer(submission.agency, signer, signed_on)
    submission.save()
    submission.nominations.set(chosen)
    event_record(
        actor=actor,
        verb="submission_edited",
        target=submission,
        summary=str(submission),
        data={"count": len(chosen)},
    )
    return submission


def _check_sendable(submission: Submission, nominations: list[Nomination]) -> None:
    """Raise ValidationError unless the submission may be sent now, naming what stops it."""
    check_paper(
        submission,
        nominations,
        PaperTexts(
            window=_(
                "The list is posted until %(day)s: the submission can be sent from the next "
                "day, once the public has had its time to comment."
            ),
            dated_after=_("The submission is dated after the posting ends (%(day)s)."),
            future=_("A submission cannot be dated in the future."),
            place=_("Give the place the submission is signed in."),
            empty=_("A submission needs at least one nominee."),
        ),
    )
    for nomination in nominations:
        if nomination.status not in (Nomination.Status.PASSED, Nomination.Status.SENT_UP):
            raise ValidationError(
                _("%(nomination)s is %(status)s: take it off the submission.")
                % {
                    "nomination": nomination,
                    "status": nomination.get_status_display().lower(),
                }
            )
        if nomination.award.authority == Award.Authority.AGENCY_HEAD:
            raise ValidationError(
                _(
                    "%(award)s is decided by the head of the agency: it goes on the agency's "
                    "decision, not to the province."
                )
                % {"award": nomination.award.name}
            )
    held = (
        Nomination.objects.filter(pk__in=[n.pk for n in nominations])
        .filter(held_filter())
        .select_related(*NOMINATION_JOINS)
        .first()
    )
    if held is not None:
        raise ValidationError(
            _("%(nomination)s already holds this award in the history: take it off.")
            % {"nomination": held}
        )


@transaction.atomic
def submission_send(
    *, actor, submission: Submission, signed_on: datetime.date | None = None
) -> Submission:
    """Send the submission to the province: numbered the first time it is sent (a submission
    returned for more keeps its number and date), its dossiers marked sent to the province.
    `signed_on` is the day the signer signed it, when the officer gives it as she sends."""
    sent: list[Nomination] = []

    def apply(submission):
        if signed_on is not None and submission.number is None:
            submission.signed_on = signed_on
        nominations = _locked_nominations(submission)
        _check_sendable(submission, nominations)
        _check_signer(submission.agency, submission.signer, submission.signed_on)
        if submission.number is None:
            submission.number, submission.symbol = take_number(
                agency=submission.agency,
                year=submission.signed_on.year,
                kind=DocumentSequence.Kind.SUBMISSION,
            )
        for nomination in nominations:
            if nomination.status == Nomination.Status.PASSED:
                perform(
                    actor=actor,
                    obj=nomination,
                    action="send_up",
                    locked=True,
                    summary=f"{nomination}: {submission.symbol}",
                    data={"submission": submission.symbol},
                )
            sent.append(nomination)

    return perform(
        actor=actor,
        obj=submission,
        action="send",
        apply=apply,
        changes=lambda submission: {
            "signed_on": submission.signed_on,
            "number": submission.number,
            "symbol": submission.symbol,
            "signer_name": submission.signer.full_name,
            "signer_position": submission.signer.position,
            "sent_at": timezone.now(),
        },
        summary=lambda submission: f"{submission.symbol}: {len(sent)}",
        data=lambda submission: {"symbol": submission.symbol, "count": len(sent)},
    )


@transaction.atomic
def submission_return(*, actor, submission: Submission, note: str) -> Submission:
    """Record that the province returned the submission, with what it asks for; the officer
    then completes it and sends it again, under the same number."""
    note = (note or "").strip()

    def apply(submission):
        if not note:
            raise ValidationError(
                {"returned_note": _("Write what the province asks for, as its letter says.")}
            )

    return perform(
        actor=actor,
        obj=submission,
        action="return",
        apply=apply,
        changes={"returned_note": note},
        summary=lambda submission: f"{submission.symbol}: {note[:200]}",
        data=lambda submission: {"symbol": submission.symbol},
    )


@transaction.atomic
def submission_record(
    *,
    actor,
    submission: Submission,
    decision_number: str,
    decision_date: datetime.date | None,
    issuer: str,
    awarded,
) -> Submission:
    """Record the province's decision on a submission: the awarded dossiers enter the history
    (their decision, date and issuer), the others are marked not awarded."""
    decision_number = (decision_number or "").strip()
    issuer = (issuer or "").strip()
    awarded_pks = {nomination.pk for nomination in awarded}
    written: list[AwardRecord] = []
    declined: list[Nomination] = []

    def apply(submission):
        errors = {}
        if not decision_number:
            errors["decision_number"] = _("Give the number of the province's decision.")
        if not issuer:
            errors["decision_issuer"] = _("Say who issued the decision.")
        if decision_date is None:
            errors["decision_date"] = _("Give the date of the province's decision.")
        elif decision_date > timezone.localdate():
            errors["decision_date"] = _("A decision cannot be dated in the future.")
        elif decision_date < submission.signed_on:
            errors["decision_date"] = _(
                "The decision cannot be dated before the submission (%(day)s)."
            ) % {"day": f"{submission.signed_on:%d/%m/%Y}"}
        if errors:
            raise ValidationError(errors)
        nominations = _locked_nominations(submission)
        on_it = {nomination.pk for nomination in nominations}
        if awarded_pks - on_it:
            raise ValidationError(
                {"awarded": _("Only the nominees on this submission can be awarded by it.")}
            )
        chosen = [nomination for nomination in nominations if nomination.pk in awarded_pks]
        for nomination in chosen:
            check_year(nomination.year, field="awarded")
        _check_not_held(chosen)
        source_document = f"Tờ trình số {submission.symbol}"
        for nomination in chosen:
            record = record_build(
                award=nomination.award,
                person=nomination.person,
                unit=nomination.unit,
                year=nomination.year,
                decision_number=decision_number,
                decision_date=decision_date,
                issuer=issuer,
                source=AwardRecord.Source.PORTAL,
                source_document=source_document,
            )
            record.nomination = nomination
            written.append(record)
        create_all(AwardRecord, written, actor=actor)
        Event.objects.bulk_create([recorded_event(actor, record) for record in written])
        for nomination in nominations:
            chosen_one = nomination.pk in awarded_pks
            if not chosen_one:
                declined.append(nomination)
            perform(
                actor=actor,
                obj=nomination,
                action="decide" if chosen_one else "decline",
                locked=True,
                summary=f"{nomination}: {decision_number}",
                data={"decision": decision_number, "submission": submission.symbol},
            )

    submission = perform(
        actor=actor,
        obj=submission,
        action="record",
        apply=apply,
        changes={
            "decision_number": decision_number,
            "decision_date": decision_date,
            "decision_issuer": issuer,
        },
        summary=lambda submission: (
            f"{submission.symbol}: {decision_number} ({len(written)}/"
            f"{len(written) + len(declined)})"
        ),
        data=lambda submission: {
            "symbol": submission.symbol,
            "decision": decision_number,
            "awarded": len(written),
            "declined": len(declined),
        },
    )
    transaction.on_commit(lambda: _tell_units(submission, written, declined))
    return submission


def _check_not_held(nominations: list[Nomination]) -> None:
    """Refuse an awardee who already holds the award for the year (a record entered by hand,
    or another decision): the history holds an award once."""
    if not nominations:
        return
    records = AwardRecord.objects.filter(status=AwardRecord.Status.VALID).filter(
        Q(
            person__in=[n.person_id for n in nominations if n.person_id],
            award__in=[n.award_id for n in nominations],
        )
        | Q(
            unit__in=[n.unit_id for n in nominations if n.unit_id],
            award__in=[n.award_id for n in nominations],
        )
    )
    held = {
        (person, unit, award, year): number
        for person, unit, award, year, number in records.values_list(
            "person_id", "unit_id", "award_id", "year", "decision_number"
        )
    }
    for nomination in nominations:
        key = (nomination.person_id, nomination.unit_id, nomination.award_id, nomination.year)
        if key in held:
            raise ValidationError(
                {
                    "awarded": _(
                        "%(nominee)s already has %(award)s for %(year)s (decision %(number)s): "
                        "untick it."
                    )
                    % {
                        "nominee": nomination.nominee_name,
                        "award": nomination.award.name,
                        "year": nomination.year,
                        "number": held[key],
                    }
                }
            )


def _tell_units(submission: Submission, written: list[AwardRecord], declined) -> None:
    """Tell each awardee with a login, and the heads of the units of every nominee, once the
    province's decision is recorded."""
    by_unit: dict[int, list] = {}
    for record in written:
        nomination = record.nomination
        by_unit.setdefault(nomination.nomination_list.unit.pk, [nomination, 0, 0])[1] += 1
        if record.person_id and record.person.user_id:
            notify(
                recipients=[record.person.user],
                title=_("You are awarded %(award)s %(year)s (decision %(number)s)")
                % {
                    "award": record.award.name,
                    "year": record.year,
                    "number": submission.decision_number,
                },
                url=nomination.get_absolute_url(),
            )
    for nomination in declined:
        by_unit.setdefault(nomination.nomination_list.unit.pk, [nomination, 0, 0])[2] += 1
    for nomination, awarded, not_awarded in by_unit.values():
        unit = nomination.nomination_list.unit
        notify(
            recipients=list(heads_of(unit)),
            title=_(
                "Decision %(number)s of the province for %(unit)s: %(awarded)s awarded, "
                "%(declined)s not awarded"
            )
            % {
                "number": submission.decision_number,
                "unit": unit.name,
                "awarded": awarded,
                "declined": not_awarded,
            },
            url=nomination.nomination_list.get_absolute_url(),
        )

"""Decisions on commendation (quyết định khen thưởng): drafted by the emulation officer from the
posted list, issued once the posting has ended with the next number of the year. Issuing writes
the awardees' history, their certificates' honour-book entries and codes, and closes the
dossiers; all in one transaction, or nothing."""

import datetime
import math
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from awards.models import (
    Award,
    AwardRecord,
    Decision,
    DocumentSequence,
    Nomination,
    Posting,
    RuleSet,
)
from awards.services.history import check_year, recorded_event
from awards.services.numbering import take_number, take_numbers
from organizations.actors import require_right, user_or_none
from organizations.bulk import create_all
from organizations.events import event_record
from organizations.models import Event, Person, Unit
from organizations.notifications import notify
from organizations.selectors import heads_of
from organizations.workflow import check, perform

MANAGE_DENIED = gettext_lazy("Only the emulation officer prepares and issues decisions.")

# The base salary (mức lương cơ sở) by the day it took effect, with the decree that set it: a
# decision's rewards are its coefficient times the base salary in force on the day it is signed.
BASE_SALARIES = [
    (datetime.date(2017, 7, 1), Decimal(1_300_000), "Nghị định 47/2017/NĐ-CP"),
    (datetime.date(2018, 7, 1), Decimal(1_390_000), "Nghị định 72/2018/NĐ-CP"),
    (datetime.date(2019, 7, 1), Decimal(1_490_000), "Nghị định 38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), Decimal(1_800_000), "Nghị định 24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), Decimal(2_340_000), "Nghị định 73/2024/NĐ-CP"),
]


def base_salary_on(day: datetime.date) -> Decimal | None:
    """Return the base salary in force on a day, or None before the first one known."""
    found = None
    for start, amount, _decree in BASE_SALARIES:
        if start <= day:
            found = amount
    return found


def reward_of(award: Award, rule_set: RuleSet | None, base_salary) -> Decimal | None:
    """Return the reward for an award: the rule set's coefficient times the base salary,
    rounded up as the rule set says; None where either is missing."""
    if rule_set is None or base_salary is None:
        return None
    try:
        coefficient = rule_set.value(f"reward.{award.code}")
    except KeyError:
        return None
    try:
        step = rule_set.value("reward.round_to") or 1
    except KeyError:
        step = 1
    return Decimal(math.ceil(coefficient * Decimal(base_salary) / step)) * step


# --- who signs ------------------------------------------------------------------------------


def signers(agency: Unit, on: datetime.date | None = None):
    """Return the people who may sign the agency's decisions: its leadership board, in post,
    the head before the deputies."""
    deputy = Q(position__istartswith="phó ")
    return (
        Person.objects.active(on)
        .filter(unit__kind=Unit.Kind.LEADERSHIP_BOARD, unit__path__startswith=agency.path)
        .select_related("unit")
        .annotate(is_deputy=Case(When(deputy, then=1), default=0))
        .order_by("is_deputy", "sort_key", "pk")
    )


def signing_date(paper) -> datetime.date:
    """Return the date the form that issues or sends a paper (a decision, a submission) offers:
    the draft's, unless it is in the future or not after the posting; then today."""
    today = timezone.localdate()
    closes = paper.posting.closes_on if paper.posting_id else None
    if paper.signed_on <= today and (closes is None or paper.signed_on > closes):
        return paper.signed_on
    return today


def signature_lines(position: str) -> tuple[str, str]:
    """Return the signature block's two lines for a signer's position: the head signs in their
    own name ("", "GIÁM ĐỐC"); a deputy signs on the head's behalf ("KT. GIÁM ĐỐC", "PHÓ GIÁM
    ĐỐC"), as Nghị định 30/2020/NĐ-CP lays out."""
    head = head_title(position).upper()
    words = (position or "").split()
    if words and words[0].lower() == "phó":
        return f"KT. {head}", f"PHÓ {head}"
    return "", head


def check_signer(agency: Unit, signer: Person | None, on: datetime.date, *, missing, refused):
    """Refuse a paper with no signer, or signed by someone off the agency's leadership board
    on the day it is signed; `refused` is formatted with the signer's and agency's names."""
    if signer is None:
        raise ValidationError({"signer": missing})
    if not signers(agency, on).filter(pk=signer.pk).exists():
        raise ValidationError(
            {"signer": refused % {"name": signer.full_name, "agency": agency.name}}
        )


def _check_signer(agency: Unit, signer: Person | None, on: datetime.date) -> None:
    check_signer(
        agency,
        signer,
        on,
        missing=_("Choose who signs the decision."),
        refused=_(
            "%(name)s may not sign for %(agency)s: decisions are signed by its leadership board."
        ),
    )


# --- what a decision holds -------------------------------------------------------------------


def within_authority(queryset):
    return queryset.filter(award__authority=Award.Authority.AGENCY_HEAD)


def held_filter() -> Q:
    """Rows whose nominee already holds the dossier's award for its year (a paper decision
    entered in the history): those are closed with it, not awarded twice."""
    from django.db.models import Exists, OuterRef

    held = AwardRecord.objects.filter(
        award=OuterRef("award"),
        year=OuterRef("year"),
        status=AwardRecord.Status.VALID,
    )
    return Exists(held.filter(person=OuterRef("person"))) | Exists(
        held.filter(unit=OuterRef("unit"))
    )


def posted_passed(posting: Posting):
    """Return the dossiers posted on a posting that the council passed and nobody decided."""
    return Nomination.objects.filter(
        posting_entry__posting=posting, status=Nomination.Status.PASSED
    )


def decidable(posting: Posting):
    """Return the posted, passed dossiers the head of the agency decides, not yet held."""
    return within_authority(posted_passed(posting)).exclude(held_filter())


def default_title(year: int) -> str:
    return f"Về việc khen thưởng thành tích năm {year}"


def default_bases(posting: Posting) -> str:
    """Return the decision's bases: the laws and decree of the year's rule set, the agency's
    regulation left for the officer to name, and the council's proposal."""
    lines = []
    rule_set = RuleSet.objects.for_year(posting.year)
    if rule_set is not None:
        for document in rule_set.documents.split(";"):
            if document.strip():
                lines.append(f"Căn cứ {document.strip()};")
    session = (
        posting.agency.councils.filter(sessions__year=posting.year, sessions__status="concluded")
        .values_list("sessions__starts_at", flat=True)
        .order_by("-sessions__starts_at")
        .first()
    )
    proposal = "Xét đề nghị của Hội đồng Thi đua - Khen thưởng"
    if session is not None:
        proposal += f" (biên bản họp ngày {timezone.localtime(session):%d/%m/%Y})"
    lines.append(f"{proposal} và của Trưởng phòng Tổ chức cán bộ.")
    return "\n".join(lines)


def default_recipients() -> str:
    return "\n".join(["Như Điều 3;", "Hội đồng TĐKT;", "Lưu: VT, TĐKT."])


def place_of(agency: Unit) -> str:
    """Return where the agency's papers are signed, as its last covenant says."""
    from campaigns.models import Covenant

    return (
        Covenant.objects.filter(campaign__organiser=agency)
        .exclude(signing_place="")
        .order_by("-signing_date")
        .values_list("signing_place", flat=True)
        .first()
        or ""
    )


# --- writing ----------------------------------------------------------------------------------


@transaction.atomic
def decision_create(*, actor, posting: Posting, signer: Person | None = None) -> Decision:
    """Draft the decision for a posting's passed dossiers within the agency's authority."""
    agency = posting.agency
    require_right(actor, "awards.manage_decisions", agency, denied=MANAGE_DENIED)
    if not posting.state.published:
        raise ValidationError(_("Publish the list before drafting its decision."))
    nominations = list(decidable(posting).order_by("posting_entry__position", "pk"))
    if not nominations:
        raise ValidationError(
            _(
                "No dossier on this list awaits a decision of the head of the agency: the list "
                "has none within the agency's authority, or they are decided already."
            )
        )
    # Dated today; issued later, it takes the day it is signed (the issue form asks).
    signed_on = timezone.localdate()
    decision = Decision(
        agency=agency,
        year=posting.year,
        posting=posting,
        title=default_title(posting.year),
        place=place_of(agency),
        signed_on=signed_on,
        signer=signer or signers(agency, signed_on).first(),
        bases=default_bases(posting),
        recipients=default_recipients(),
        base_salary=base_salary_on(signed_on),
        created_by=user_or_none(actor),
    )
    decision.full_clean(exclude=["place"])
    decision.save()
    decision.nominations.set(nominations)
    event_record(
        actor=actor,
        verb="decision_drafted",
        target=decision,
        summary=f"{decision.title}: {len(nominations)}",
        data={"posting": posting.pk, "count": len(nominations)},
    )
    return decision


@transaction.atomic
def decision_edit(
    *,
    actor,
    decision: Decision,
    title: str,
    place: str,
    signed_on: datetime.date,
    signer: Person | None,
    bases: str,
    recipients: str,
    base_salary,
    nominations=None,
) -> Decision:
    """Change a draft: its wording, date, signer and rewards; and its awardees when given (the
    page takes one on or off at a time: `decision_awardee`)."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    check(actor, decision, "change")
    chosen = list(nominations) if nominations is not None else None
    if chosen is not None:
        _check_awardees(decision, chosen)
    decision.title = (title or "").strip()
    decision.place = (place or "").strip()
    decision.signed_on = signed_on
    decision.signer = signer
    decision.bases = (bases or "").strip()
    decision.recipients = (recipients or "").strip()
    decision.base_salary = base_salary
    decision.full_clean()
    _check_signer(decision.agency, signer, signed_on)
    decision.save()
    if chosen is not None:
        decision.nominations.set(chosen)
    event_record(actor=actor, verb="decision_edited", target=decision, summary=str(decision))
    return decision


def _check_awardees(decision: Decision, chosen: list[Nomination]) -> None:
    """Refuse a dossier that is not a posted, passed one within the agency's authority."""
    allowed = set(
        within_authority(posted_passed(decision.posting))
        .filter(pk__in=[nomination.pk for nomination in chosen])
        .values_list("pk", flat=True)
        if decision.posting_id
        else ()
    )
    strays = [nomination for nomination in chosen if nomination.pk not in allowed]
    if strays:
        raise ValidationError(
            {
                "nominations": _(
                    "%(name)s cannot be on this decision: only the posted dossiers the council "
                    "passed, within the agency's authority."
                )
                % {"name": strays[0].nominee_name}
            }
        )


@transaction.atomic
def decision_awardee(*, actor, decision: Decision, nomination: Nomination, on: bool) -> Decision:
    """Put one dossier on a draft decision, or take it off (a comment on the posting showed it
    should wait); the others stay as they are."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    check(actor, decision, "change")
    if on:
        _check_awardees(decision, [nomination])
        decision.nominations.add(nomination)
    else:
        decision.nominations.remove(nomination)
    event_record(
        actor=actor,
        verb="decision_edited",
        target=decision,
        summary=f"{'+' if on else '-'} {nomination}",
        data={"nomination": str(nomination.code), "on": on},
    )
    return decision


@dataclass(frozen=True)
class PaperTexts:
    """What a paper signed after the posting (a decision, a submission) says when it cannot go
    yet: each message in its own words."""

    window: str  # formatted with %(day)s, the posting's last day
    dated_after: str  # formatted with %(day)s
    future: str
    place: str
    empty: str


def check_paper(paper, nominations: list[Nomination], texts: PaperTexts) -> None:
    """Raise ValidationError unless a paper of a posting may go now: the posting over, the paper
    dated after it and not in the future, its place given, someone on it."""
    posting = paper.posting
    if posting is not None and not posting.window_over():
        if posting.closes_on is None:
            raise ValidationError(_("The list has not been posted yet."))
        raise ValidationError(texts.window % {"day": f"{posting.closes_on:%d/%m/%Y}"})
    if posting is not None and paper.signed_on <= posting.closes_on:
        raise ValidationError(
            {"signed_on": texts.dated_after % {"day": f"{posting.closes_on:%d/%m/%Y}"}}
        )
    if paper.signed_on > timezone.localdate():
        raise ValidationError({"signed_on": texts.future})
    if not paper.place.strip():
        raise ValidationError({"place": texts.place})
    if not nominations:
        raise ValidationError(texts.empty)


def _check_issuable(decision: Decision, nominations: list[Nomination]) -> None:
    """Raise ValidationError unless the decision may be issued now, naming what stops it."""
    check_paper(
        decision,
        nominations,
        PaperTexts(
            window=_(
                "The list is posted until %(day)s: the decision can be issued from the next day, "
                "once the public has had its time to comment."
            ),
            dated_after=_("The decision is dated after the posting ends (%(day)s)."),
            future=_("A decision cannot be dated in the future."),
            place=_("Give the place the decision is signed in."),
            empty=_("A decision needs at least one awardee."),
        ),
    )
    for nomination in nominations:
        if nomination.status != Nomination.Status.PASSED:
            raise ValidationError(
                _("%(nomination)s is %(status)s: take it off the decision.")
                % {
                    "nomination": nomination,
                    "status": nomination.get_status_display().lower(),
                }
            )
        if nomination.award.authority != Award.Authority.AGENCY_HEAD:
            raise ValidationError(
                _("%(award)s is decided by the %(authority)s: send it to the province instead.")
                % {
                    "award": nomination.award.name,
                    "authority": nomination.award.get_authority_display().lower(),
                }
            )


@transaction.atomic
def decision_issue(
    *, actor, decision: Decision, signed_on: datetime.date | None = None
) -> Decision:
    """Issue a draft: number it, write the awardees' history with their rewards, honour-book
    entries and certificate codes, close the dossiers and tell the awardees' units.

    `signed_on` is the day the signer signed the paper, when the officer gives it as she
    issues; the draft's date otherwise."""
    written: list[AwardRecord] = []

    def apply(decision):
        if signed_on is not None:
            decision.signed_on = signed_on
        nominations = list(
            Nomination.objects.select_for_update(of=("self",))
            .filter(pk__in=decision.nominations.values("pk"))
            .select_related("award", "person__unit", "unit", "nomination_list__unit")
            .order_by(
                "-award__kind",
                "-award__subject",
                "award__rank",
                "nomination_list__unit__path",
                "pk",
            )
        )
        _check_issuable(decision, nominations)
        _check_signer(decision.agency, decision.signer, decision.signed_on)
        check_year(decision.year)
        held = Nomination.objects.filter(pk__in=[n.pk for n in nominations]).filter(held_filter())
        if held.exists():
            raise ValidationError(
                _("%(nomination)s already holds this award in the history: take it off.")
                % {"nomination": held.select_related("award", "person", "unit").first()}
            )
        number, symbol = take_number(
            agency=decision.agency,
            year=decision.signed_on.year,
            kind=DocumentSequence.Kind.DECISION,
        )
        decision.number, decision.symbol = number, symbol
        books = take_numbers(
            agency=decision.agency,
            year=decision.signed_on.year,
            kind=DocumentSequence.Kind.HONOUR_BOOK,
            count=len(nominations),
        )
        rule_set = RuleSet.objects.for_year(decision.year)
        issuer = _issuer(decision)
        for nomination, book in zip(nominations, books, strict=True):
            written.append(
                AwardRecord(
                    award=nomination.award,
                    person=nomination.person,
                    unit=nomination.unit,
                    year=nomination.year,
                    decision_number=symbol,
                    decision_date=decision.signed_on,
                    issuer=issuer,
                    source=AwardRecord.Source.PORTAL,
                    decision=decision,
                    nomination=nomination,
                    amount=reward_of(nomination.award, rule_set, decision.base_salary),
                    book_number=book,
                    certificate_code=new_certificate_code(),
                )
            )
        create_all(AwardRecord, written, actor=actor)
        Event.objects.bulk_create([recorded_event(actor, record) for record in written])
        for nomination in nominations:
            perform(
                actor=actor,
                obj=nomination,
                action="decide",
                locked=True,
                summary=f"{nomination}: {symbol}",
                data={"decision": symbol},
            )
        _close_held(actor, decision)

    decision = perform(
        actor=actor,
        obj=decision,
        action="issue",
        apply=apply,
        changes=lambda decision: {
            "signed_on": decision.signed_on,
            "number": decision.number,
            "symbol": decision.symbol,
            "signer_name": decision.signer.full_name,
            "signer_position": decision.signer.position,
            "issued_by": user_or_none(actor),
            "issued_at": timezone.now(),
            "award_count": len(written),
        },
        summary=lambda decision: f"{decision.symbol}: {len(written)}",
        data=lambda decision: {"symbol": decision.symbol, "count": len(written)},
    )
    _tell_awardees(decision, written)
    return decision


def new_certificate_code() -> str:
    """Return the unguessable code of a certificate's public verification page."""
    return secrets.token_urlsafe(16)


def head_title(position: str) -> str:
    """Return the head's title a signer signs under: "Giám đốc" for "Phó Giám đốc Sở"."""
    words = (position or "").split()
    if words and words[-1] == "Sở":
        words = words[:-1]
    if len(words) > 1 and words[0].lower() == "phó":
        words = words[1:]
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _issuer(decision: Decision) -> str:
    return f"{head_title(decision.signer.position)} {decision.agency.name}".strip()


def _close_held(actor, decision: Decision) -> None:
    """Close the posted dossiers whose award a decision entered in the history already grants:
    the record is linked to the dossier, which reads "awarded"."""
    if decision.posting_id is None:
        return
    held = (
        within_authority(posted_passed(decision.posting))
        .filter(held_filter())
        .select_for_update(of=("self",))
        .select_related("award", "person", "unit")
    )
    for nomination in held:
        record = (
            AwardRecord.objects.filter(
                award=nomination.award,
                year=nomination.year,
                status=AwardRecord.Status.VALID,
                person=nomination.person,
                unit=nomination.unit,
                nomination__isnull=True,
            )
            .order_by("pk")
            .first()
        )
        if record is not None:
            record.nomination = nomination
            record.save(update_fields=["nomination"])
        perform(
            actor=actor,
            obj=nomination,
            action="decide",
            locked=True,
            summary=f"{nomination}: {record.decision_number if record else ''}",
            data={"decision": record.decision_number if record else ""},
        )


def _tell_awardees(decision: Decision, records: list[AwardRecord]) -> None:
    """Tell each awardee with a login, and the heads of the units (e-mails leave on commit)."""
    by_unit: dict[int, list[AwardRecord]] = {}
    for record in records:
        unit = record.nomination.nomination_list.unit
        by_unit.setdefault(unit.pk, []).append(record)
        if record.person_id and record.person.user_id:
            notify(
                recipients=[record.person.user],
                title=_("You are awarded %(award)s %(year)s (decision %(number)s)")
                % {"award": record.award.name, "year": record.year, "number": decision.symbol},
                url=decision.get_absolute_url(),
            )
    for unit_records in by_unit.values():
        unit = unit_records[0].nomination.nomination_list.unit
        notify(
            recipients=list(heads_of(unit)),
            title=ngettext(
                "Decision %(number)s: %(count)s award for %(unit)s",
                "Decision %(number)s: %(count)s awards for %(unit)s",
                len(unit_records),
            )
            % {"number": decision.symbol, "count": len(unit_records), "unit": unit.name},
            url=decision.get_absolute_url(),
        )

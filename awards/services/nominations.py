"""Nominations (hồ sơ đề nghị khen thưởng): each write atomic, through the declared workflow of
the dossier or of its unit's list, recorded as an event and notified to whoever acts next."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.achievements import draft_report
from awards.eligibility import EligibilityError, evaluate_each
from awards.eligibility.batch import quota_unit
from awards.models import Award, Initiative, Nomination, NominationAttachment, NominationList
from awards.services.registrations import check_campaign, check_year
from campaigns.models import Campaign
from campaigns.uploads import validate_upload
from organizations.actors import require_right, user_or_none
from organizations.events import event_record
from organizations.models import Person, Unit
from organizations.selectors import heads_of, officers_of
from organizations.workflow import Notice, check, perform, workflow_for

# Checks that rest on an initiative: a dossier they pass needs the initiative's recognition.
INITIATIVE_CHECKS = {
    "initiative",
    "initiative_province",
    "initiative_nation",
    "excellent_initiatives",
    "path_excellent_initiatives",
}


# --- the verdict, as it stands and as it stood at submission ---------------------------------


QUOTA_AWARD = "CSTDCS"


def quota_batch(person: Person, year: int, *, known=None):
    """Return the batch a CSTĐCS quota is decided on for a dossier: the deciding unit and the
    people its units propose for CSTĐCS that year (those the council may still pass), with
    this person; None when the year's rule set has no quota. `known` ({unit id: batch}) keeps
    the batches already found for the people of a unit, for a page judging several."""
    if known is not None and person.unit_id in known:
        found = known[person.unit_id]
    else:
        found = _proposed_for_quota(person, year)
        if known is not None:
            known[person.unit_id] = found
    if found is None:
        return None
    unit, proposed = found
    if all(candidate.pk != person.pk for candidate in proposed):
        proposed = [*proposed, person]
    return unit, proposed


def _proposed_for_quota(person: Person, year: int):
    unit = quota_unit(person, year)
    if unit is None:
        return None
    proposed = list(
        Person.objects.filter(
            nominations__award__code=QUOTA_AWARD,
            nominations__year=year,
            nominations__nomination_list__unit__path__startswith=unit.path,
        )
        .exclude(nominations__status=Nomination.Status.NOT_PASSED)
        .distinct()
        .only("id", "code", "full_name", "sort_key")
    )
    return unit, proposed


def evaluate(nominee, award: Award, year: int):
    """Return the engine's verdict on a nominee for an award (or its EligibilityError), the
    CSTĐCS quota judged on the batch the units propose."""
    return evaluate_all([(nominee, award)], year)[0]


def evaluate_all(cases, year: int) -> list:
    """Return the verdict (or EligibilityError) on each `(nominee, award)` of a year, in order:
    the records of every person judged loaded together, and the CSTĐCS batch of each deciding
    unit found once."""
    known = {}
    return evaluate_each(
        [
            (
                nominee,
                award.code,
                quota_batch(nominee, year, known=known)
                if award.code == QUOTA_AWARD and isinstance(nominee, Person)
                else None,
            )
            for nominee, award in cases
        ],
        year,
    )


def verdict_snapshot(nominee, award: Award, year: int) -> dict:
    """Return the engine's verdict on the nominee for the award and year, as stored with a
    submission: its outcome, each check (both languages, citation) and the rule set."""
    result = evaluate(nominee, award, year)
    at = timezone.now().isoformat()
    if isinstance(result, EligibilityError):
        return {
            "outcome": Nomination.Verdict.UNKNOWN,
            "error_vi": result.message_vi,
            "error_en": result.message_en,
            "checks": [],
            "rule_set": "",
            "at": at,
        }
    outcome = {True: "pass", False: "fail"}.get(result.eligible, "unknown")
    return {
        "outcome": outcome,
        "rule_set": result.rule_set.code,
        "at": at,
        "checks": [
            {
                "code": check.code,
                "status": check.status,
                "message_vi": check.message_vi,
                "message_en": check.message_en,
                "group": check.group,
            }
            | _citations(check)
            for check in result.checks
        ],
    }


def _citations(check) -> dict:
    from django.utils import translation

    found = {}
    for language in ("vi", "en"):
        with translation.override(language):
            found[f"citation_{language}"] = str(check.citation)
    return found


# --- the unit's list and its dossiers -----------------------------------------------------------


def _lock_list(nomination_list: NominationList) -> NominationList:
    return (
        NominationList.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=nomination_list.pk)
    )


def nomination_list_for(*, unit: Unit, year: int, campaign: Campaign | None) -> NominationList:
    """Return the unit's list for the year and campaign, created on demand, locked."""
    found, _created = NominationList.objects.get_or_create(unit=unit, year=year, campaign=campaign)
    return _lock_list(found)


def _check_award(award: Award, *, for_person: bool) -> None:
    wants = Award.Subject.PERSON if for_person else Award.Subject.COLLECTIVE
    if award.subject != wants:
        if for_person:
            message = _("%(award)s is awarded to a collective, not to a person.")
        else:
            message = _("%(award)s is awarded to a person, not to a collective.")
        raise ValidationError({"award": message % {"award": award.name}})
    if not award.is_active:
        raise ValidationError(
            {"award": _("%(award)s is no longer in use.") % {"award": award.name}}
        )


@transaction.atomic
def nomination_add(
    *,
    actor,
    award: Award,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    kind: str = Nomination.Kind.YEARLY,
    campaign: Campaign | None = None,
    registration=None,
) -> Nomination:
    """Start a dossier for a person or a collective on its unit's list for the year, with the
    first draft of its achievement report written from the year's record."""
    if (person is None) == (unit is None):
        raise ValidationError(_("Nominate either one person or one collective."))
    home = Person.objects.select_related("unit").get(pk=person.pk).unit if person else unit
    require_right(
        actor,
        "awards.nominate",
        home,
        _("Only the head of %(unit)s or the emulation officer nominates its people.")
        % {"unit": home},
    )
    check_year(year)
    check_campaign(actor=actor, campaign=campaign, year=year)
    _check_award(award, for_person=person is not None)
    nomination_list = nomination_list_for(unit=home, year=year, campaign=campaign)
    workflow_for(nomination_list).check_state(nomination_list, "change")
    nomination = Nomination(
        nomination_list=nomination_list,
        year=year,
        award=award,
        person=person,
        unit=unit,
        kind=kind,
        campaign=campaign if kind == Nomination.Kind.CAMPAIGN else None,
        registration=registration,
        achievement_report=draft_report(person or unit, year),
        created_by=user_or_none(actor),
    )
    nomination.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError:
        raise nomination.already_nominated_error() from None
    event_record(
        actor=actor,
        verb="nomination_added",
        target=nomination_list,
        summary=f"{nomination.nominee_name}: {award.code} {year}",
        data={"nomination": str(nomination.code), "award": award.code, "year": year},
    )
    return nomination


@transaction.atomic
def nominations_from_registrations(*, actor, registrations) -> list[Nomination]:
    """Start a dossier for each registration ticked on the unit's page, for the title it
    registered: all of them, or none when one is refused."""
    return [
        nomination_add(
            actor=actor,
            award=registration.award,
            year=registration.year,
            person=registration.person,
            unit=registration.unit,
            kind=Nomination.Kind.CAMPAIGN
            if registration.registration_list.campaign_id
            else Nomination.Kind.YEARLY,
            campaign=registration.registration_list.campaign,
            registration=registration,
        )
        for registration in registrations
    ]


def _lock(nomination: Nomination) -> Nomination:
    return workflow_for(nomination).lock(nomination)


@transaction.atomic
def nomination_edit(
    *,
    actor,
    nomination: Nomination,
    achievement_report: str,
    justification: str = "",
    kind: str | None = None,
    campaign: Campaign | None = None,
    initiatives=None,
) -> Nomination:
    """Change a dossier's report, justification, kind and initiatives while the unit holds it."""
    nomination = _lock(nomination)
    check(actor, nomination, "change")
    nomination.achievement_report = (achievement_report or "").strip()
    nomination.justification = (justification or "").strip()
    if kind is not None:
        nomination.kind = kind
        nomination.campaign = campaign if kind == Nomination.Kind.CAMPAIGN else None
    nomination.full_clean(validate_constraints=False)
    nomination.save()
    if initiatives is not None:
        nominee_initiatives = _initiatives_of(nomination)
        foreign = [i for i in initiatives if i.pk not in nominee_initiatives]
        if foreign:
            raise ValidationError(
                {
                    "initiatives": _("“%(title)s” is not an initiative of %(name)s.")
                    % {"title": foreign[0].title, "name": nomination.nominee_name}
                }
            )
        nomination.initiatives.set(initiatives)
    event_record(
        actor=actor,
        verb="nomination_edited",
        target=nomination,
        summary=str(nomination),
    )
    return nomination


def _initiatives_of(nomination: Nomination) -> set[int]:
    if nomination.person_id:
        found = Initiative.objects.filter(authors__person=nomination.person_id)
    else:
        found = Initiative.objects.filter(unit=nomination.unit_id)
    return set(found.values_list("pk", flat=True))


def initiatives_for(nomination: Nomination):
    """Return the initiatives a dossier may rest on: the nominee's own."""
    return Initiative.objects.filter(pk__in=_initiatives_of(nomination)).order_by(
        "-decision_date", "title"
    )


def _stored_upload(upload, field_errors_key: str):
    try:
        validate_upload(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({field_errors_key: exc.messages}) from exc


@transaction.atomic
def nomination_sign(*, actor, nomination: Nomination, upload) -> Nomination:
    """Store the achievement report as signed by the head of the unit (a PDF or a scan)."""
    nomination = _lock(nomination)
    check(actor, nomination, "change")
    _stored_upload(upload, "signed_report")
    nomination.signed_report = upload
    nomination.signed_report_name = upload.name[:255]
    nomination.save(update_fields=["signed_report", "signed_report_name"])
    event_record(
        actor=actor,
        verb="nomination_report_signed",
        target=nomination,
        summary=f"{nomination}: {nomination.signed_report_name}",
    )
    return nomination


@transaction.atomic
def attachment_add(*, actor, nomination: Nomination, kind: str, upload) -> NominationAttachment:
    """Attach a proof to a dossier the unit holds, checked by its content."""
    nomination = _lock(nomination)
    check(actor, nomination, "change")
    _stored_upload(upload, "file")
    attachment = NominationAttachment(
        nomination=nomination,
        kind=kind,
        file=upload,
        original_name=upload.name[:255],
        content_type=(getattr(upload, "content_type", "") or "")[:100],
        size=upload.size,
        uploaded_by=user_or_none(actor),
    )
    attachment.full_clean(exclude=["file", "uploaded_by"])
    attachment.save()
    event_record(
        actor=actor,
        verb="nomination_attachment_added",
        target=nomination,
        summary=f"{nomination}: {attachment.original_name}",
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: NominationAttachment) -> None:
    """Take a proof off a dossier the unit holds."""
    nomination = _lock(attachment.nomination)
    check(actor, nomination, "change")
    name = attachment.original_name
    attachment.delete()
    event_record(
        actor=actor,
        verb="nomination_attachment_removed",
        target=nomination,
        summary=f"{nomination}: {name}",
    )


@transaction.atomic
def nomination_remove(*, actor, nomination: Nomination) -> None:
    """Take a draft dossier off its list (an untick on the unit's page)."""
    nomination = _lock(nomination)
    check(actor, nomination, "remove")
    nomination_list = _lock_list(nomination.nomination_list)
    summary = f"{nomination.nominee_name}: {nomination.award.code} {nomination.year}"
    nomination.delete()
    event_record(
        actor=actor,
        verb="nomination_removed",
        target=nomination_list,
        summary=summary,
    )


# --- sending: the list, or one returned dossier again -------------------------------------------


def missing_for_submission(nomination: Nomination, snapshot: dict) -> list[str]:
    """Return what a dossier lacks to be sent: the report, its signed copy, the proof of an
    initiative its verdict rests on, the justification of a failing verdict."""
    missing = []
    if not nomination.achievement_report.strip():
        missing.append(_("the achievement report"))
    if not nomination.signed_report:
        missing.append(_("the achievement report signed by the head of the unit"))
    rests_on_initiative = any(
        check["code"] in INITIATIVE_CHECKS and check["status"] == "pass"
        for check in snapshot.get("checks", [])
    )
    has_proof = (
        nomination.initiatives.exists()
        or nomination.attachments.filter(kind=NominationAttachment.Kind.INITIATIVE).exists()
    )
    if rests_on_initiative and not has_proof:
        missing.append(_("the recognition of the initiative it rests on"))
    if snapshot.get("outcome") == "fail" and not nomination.justification.strip():
        missing.append(_("a justification: the verdict does not pass"))
    return missing


def _submission_error(nomination: Nomination, missing: list[str]) -> ValidationError:
    return ValidationError(
        _("The dossier of %(name)s for %(award)s lacks %(missing)s.")
        % {
            "name": nomination.nominee_name,
            "award": nomination.award.name,
            "missing": ", ".join(missing),
        }
    )


def _submit(actor, nomination: Nomination, action: str, notice=None) -> Nomination:
    """Send one dossier: its verdict stored as it stands now; refused while anything lacks."""
    snapshot = verdict_snapshot(nomination.nominee, nomination.award, nomination.year)

    def apply(nomination):
        missing = missing_for_submission(nomination, snapshot)
        if missing:
            raise _submission_error(nomination, missing)

    return perform(
        actor=actor,
        obj=nomination,
        action=action,
        apply=apply,
        changes={
            "verdict": snapshot["outcome"],
            "verdict_snapshot": snapshot,
            "submitted_at": timezone.now(),
        },
        summary=str(nomination),
        data={"verdict": snapshot["outcome"], "rule_set": snapshot["rule_set"]},
        notice=notice,
    )


@transaction.atomic
def nomination_list_submit(*, actor, nomination_list: NominationList) -> NominationList:
    """Send the unit's list: every draft dossier on it, each complete, or none at all."""
    sent = []

    def apply(nomination_list):
        drafts = list(
            nomination_list.nominations.filter(status=Nomination.Status.DRAFT)
            .select_related("award", "person__unit", "unit", "nomination_list__unit")
            .order_by("pk")
        )
        if not drafts:
            raise ValidationError(
                _("The list has no dossier to send: tick at least one nominee first.")
            )
        problems = []
        for nomination in drafts:
            try:
                sent.append(_submit(actor, nomination, "send_with_list"))
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            raise ValidationError(problems)

    def notice(nomination_list):
        return Notice(
            recipients=officers_of(nomination_list.unit),
            title=_("Nominations to review: %(unit)s, %(year)s")
            % {"unit": nomination_list.unit, "year": nomination_list.year},
            body=ngettext("%(count)s dossier sent.", "%(count)s dossiers sent.", len(sent))
            % {"count": len(sent)},
            url=nomination_list.get_absolute_url(),
        )

    return perform(
        actor=actor,
        obj=nomination_list,
        action="submit",
        apply=apply,
        changes={"submitted_by": user_or_none(actor), "submitted_at": timezone.now()},
        summary=lambda nomination_list: f"{nomination_list}: {len(sent)}",
        data=lambda nomination_list: {"count": len(sent)},
        notice=notice,
    )


@transaction.atomic
def nomination_resubmit(*, actor, nomination: Nomination) -> Nomination:
    """Send a returned dossier again once the unit has fixed it."""
    return _submit(
        actor,
        nomination,
        "submit",
        notice=lambda nomination: Notice(
            recipients=officers_of(nomination.nomination_list.unit),
            title=_("Dossier sent again: %(nomination)s") % {"nomination": nomination},
            url=nomination.get_absolute_url(),
        ),
    )


# --- the emulation officer's review -------------------------------------------------------------


@transaction.atomic
def nomination_return(*, actor, nomination: Nomination, comment: str) -> Nomination:
    """Return a dossier to its unit with a comment saying what to change."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Say why the dossier is returned, so the unit knows what to change.")}
        )
    return perform(
        actor=actor,
        obj=nomination,
        action="return",
        changes={
            "review_comment": comment,
            "reviewed_by": user_or_none(actor),
            "reviewed_at": timezone.now(),
        },
        summary=lambda nomination: f"{nomination}: {comment}",
        data={"comment": comment},
        notice=lambda nomination: Notice(
            recipients=list(heads_of(nomination.nomination_list.unit))
            + [nomination.nomination_list.submitted_by],
            title=_("Dossier returned: %(nomination)s") % {"nomination": nomination},
            body=comment,
            url=nomination.get_absolute_url(),
        ),
    )


@transaction.atomic
def nomination_accept(*, actor, nomination: Nomination, comment: str = "") -> Nomination:
    """Accept a dossier: it may go before the council."""
    comment = (comment or "").strip()
    return perform(
        actor=actor,
        obj=nomination,
        action="accept",
        changes={
            "review_comment": comment,
            "reviewed_by": user_or_none(actor),
            "reviewed_at": timezone.now(),
        },
        summary=str(nomination),
        data={"comment": comment},
    )


def is_clean(nomination: Nomination) -> bool:
    """True for a dossier the officer may accept in bulk: its verdict passes with nothing
    unknown, nothing overridden, the signed report attached."""
    checks = nomination.verdict_snapshot.get("checks", [])
    return (
        nomination.verdict == Nomination.Verdict.PASS
        and not any(check["status"] == "unknown" and not check.get("group") for check in checks)
        and bool(nomination.signed_report)
        and not nomination.justification.strip()
    )


@transaction.atomic
def nominations_accept_clean(*, actor, nominations) -> tuple[list[Nomination], list[Nomination]]:
    """Accept, in one go, the submitted dossiers that are clean; return (accepted, left)."""
    if not actor.has_perm("awards.review_nominations"):
        raise PermissionDenied(_("Only the emulation officer reviews dossiers."))
    accepted, left = [], []
    for nomination in nominations:
        if nomination.status == Nomination.Status.SUBMITTED and is_clean(nomination):
            accepted.append(nomination_accept(actor=actor, nomination=nomination))
        else:
            left.append(nomination)
    return accepted, left

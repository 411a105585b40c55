"""Preparing a session: its agenda of accepted dossiers, its roll, and opening the vote."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.eligibility.common import fmt_num
from awards.models import (
    Council,
    CouncilItem,
    CouncilSession,
    Nomination,
    RuleSet,
    SessionMember,
)
from awards.services.council.members import lock_council
from awards.services.council.thresholds import QUORUM_RULE, rule_set_of
from organizations.bulk import create_all, update_all
from organizations.events import event_record
from organizations.workflow import Notice, check, perform

# --- preparing a session ------------------------------------------------------------------------


@transaction.atomic
def session_create(*, actor, council: Council, year: int, starts_at, place: str) -> CouncilSession:
    """Call a session of the council on a year's nominations; its roll is the council's members."""
    council = lock_council(council)
    session = CouncilSession(
        council=council, year=year, starts_at=starts_at, place=(place or "").strip()
    )
    check(actor, session, "change")
    session.full_clean()
    members = list(council.members.filter(is_active=True))
    if not members:
        raise ValidationError(_("The council has no members yet: seat them first."))
    session.save()
    create_all(
        SessionMember,
        [SessionMember(session=session, member=member) for member in members],
        actor=actor,
    )
    event_record(
        actor=actor,
        verb="council_session_created",
        target=session,
        summary=str(session),
        data={"year": year, "place": session.place},
    )
    return session


def lock_session(session: CouncilSession) -> CouncilSession:
    return (
        CouncilSession.objects.select_for_update(of=("self",))
        .select_related("council__agency")
        .get(pk=session.pk)
    )


def eligible_for_session(session: CouncilSession):
    """Return the accepted dossiers of the council's agency for the session's year, not yet on
    any agenda."""
    return Nomination.objects.filter(
        status=Nomination.Status.ACCEPTED,
        year=session.year,
        nomination_list__unit__path__startswith=session.council.agency.path,
        council_item__isnull=True,
    )


@transaction.atomic
def session_items_add(*, actor, session: CouncilSession, nominations) -> list[CouncilItem]:
    """Place accepted dossiers on the session's agenda, grouped by award."""
    session = lock_session(session)
    check(actor, session, "change")
    codes = {n.code for n in nominations}
    if not codes:
        raise ValidationError(_("Tick at least one accepted dossier to place on the agenda."))
    found = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(code__in=codes)
        .select_related("award", "person__unit", "unit", "nomination_list__unit")
        .order_by("award__kind", "award__rank", "pk")
    )
    eligible = set(eligible_for_session(session).values_list("pk", flat=True))
    refused = [n for n in found if n.pk not in eligible]
    if refused or len(found) != len(codes):
        raise ValidationError(
            _("Only accepted dossiers of %(year)s, not yet on an agenda, can be placed: %(names)s.")
            % {
                "year": session.year,
                "names": ", ".join(str(n) for n in refused) or _("a dossier was not found"),
            }
        )
    position = session.items.aggregate(last=Max("position"))["last"] or 0
    items = []
    for nomination in found:
        position += 1
        perform(
            actor=actor,
            obj=nomination,
            action="place_before_council",
            locked=True,
            summary=f"{nomination}: {session}",
            data={"session": session.pk},
        )
        items.append(CouncilItem(session=session, nomination=nomination, position=position))
    try:
        with transaction.atomic():
            create_all(CouncilItem, items, actor=actor)
    except IntegrityError:
        raise ValidationError(
            _("A dossier was placed on an agenda meanwhile; try again.")
        ) from None
    _renumber(session)
    return items


def _renumber(session: CouncilSession) -> None:
    """Number the agenda by award (titles first, by rank), then by the order placed."""
    items = list(
        session.items.select_related("nomination__award").order_by(
            "nomination__award__kind", "nomination__award__rank", "position", "pk"
        )
    )
    for number, item in enumerate(items, start=1):
        item.position = number
    update_all(CouncilItem, items, ["position"])


@transaction.atomic
def session_item_remove(*, actor, item: CouncilItem) -> None:
    """Take a dossier off the agenda while the session is being prepared."""
    session = lock_session(item.session)
    check(actor, session, "change")
    item = CouncilItem.objects.select_related("nomination").get(pk=item.pk, session=session)
    nomination = item.nomination
    item.delete()
    perform(
        actor=actor,
        obj=nomination,
        action="withdraw_from_council",
        summary=f"{nomination}: {session}",
        data={"session": session.pk},
    )
    _renumber(session)


@transaction.atomic
def session_attendance(*, actor, session: CouncilSession, present_members) -> CouncilSession:
    """Record who attends: the members ticked are present, the others absent (they vote in
    writing)."""
    session = lock_session(session)
    check(actor, session, "change")
    present = {member.pk for member in present_members}
    roll = list(session.roll.select_related("member__person"))
    unknown = present - {entry.member_id for entry in roll}
    if unknown:
        raise ValidationError(_("Only the members on the session's roll can be marked present."))
    for entry in roll:
        entry.present = entry.member_id in present
    update_all(SessionMember, roll, ["present"], actor=actor)
    event_record(
        actor=actor,
        verb="council_attendance_recorded",
        target=session,
        summary=f"{session}: {len(present)}/{len(roll)}",
        data={"present": len(present), "members": len(roll)},
    )
    return session


def _quorum_problem(session: CouncilSession, rule_set: RuleSet) -> str | None:
    try:
        rule = rule_set.rule(QUORUM_RULE)
    except KeyError:
        return None
    members = session.roll.count()
    present = session.roll.filter(present=True).count()
    if present * 100 >= rule.value * members:
        return None
    return _(
        "%(present)s of %(members)s members attend: below the quorum (%(percent)s %% of all "
        "members, %(citation)s)."
    ) % {
        "present": present,
        "members": members,
        "percent": fmt_num(rule.value),
        "citation": rule.citation,
    }


@transaction.atomic
def session_open(*, actor, session: CouncilSession) -> CouncilSession:
    """Open the secret ballot: the members present vote on every item."""

    def apply(session):
        if not session.items.exists():
            raise ValidationError(_("Place at least one dossier on the agenda first."))
        problem = _quorum_problem(session, rule_set_of(session))
        if problem:
            raise ValidationError(problem)

    def notice(session):
        present = session.roll.filter(present=True).select_related("member__person__user")
        return Notice(
            recipients=[entry.member.person.user for entry in present],
            title=_("Council vote open: %(session)s") % {"session": session},
            url=session.get_absolute_url(),
        )

    return perform(
        actor=actor,
        obj=session,
        action="open",
        apply=apply,
        changes={"opened_at": timezone.now()},
        summary=str(session),
        notice=notice,
    )

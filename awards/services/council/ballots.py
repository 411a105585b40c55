"""The secret ballot, the count and the chair's decision of a tie.

A member's ballot is written apart from the record that it voted: the ballots in a random
order, with random keys and no time, so nothing pairs the two (see awards.models.council)."""

import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.eligibility.batch import QUOTA_RULE_KEY, deciding_unit
from awards.eligibility.common import fmt_num
from awards.eligibility.person import quota_allowed
from awards.models import (
    Ballot,
    BallotParticipation,
    CouncilItem,
    CouncilMember,
    CouncilSession,
    RuleSet,
    SessionMember,
)
from awards.services.council.sessions import lock_session
from awards.services.council.thresholds import QUOTA_AWARD, rule_set_of, vote_rule
from organizations.bulk import update_all
from organizations.events import event_record
from organizations.models import Unit
from organizations.selectors import heads_of
from organizations.workflow import Notice, check, perform

# --- the secret ballot --------------------------------------------------------------------------


def _ballot_paper(session: CouncilSession, choices: dict) -> list[tuple[CouncilItem, str]]:
    """Return (item, choice) for every item of the session, or raise when one is missing or
    a choice is not a choice."""
    items = list(session.items.select_related("nomination__award").order_by("position"))
    by_pk = {item.pk: item for item in items}
    if set(choices) - set(by_pk):
        raise ValidationError(_("The ballot names an item that is not on this session."))
    missing = [item for item in items if not choices.get(item.pk)]
    if missing:
        raise ValidationError(
            ngettext(
                "Mark agree or disagree on every item: item %(numbers)s is not marked.",
                "Mark agree or disagree on every item: items %(numbers)s are not marked.",
                len(missing),
            )
            % {"numbers": ", ".join(str(item.position) for item in missing)}
        )
    valid = set(Ballot.Choice.values) | {BallotParticipation.Channel.NONE}
    if any(choice not in valid for choice in choices.values()):
        raise ValidationError(_("A choice on the ballot is neither agree nor disagree."))
    return [(item, choices[item.pk]) for item in items]


def _cast(roll_entry: SessionMember, paper, channel: str) -> None:
    """Write a member's ballot paper: who took part, and apart from it what was chosen — the
    ballots in a random order, with random keys and no time, so nothing pairs the two."""
    already = BallotParticipation.objects.filter(
        item__session_id=roll_entry.session_id, member_id=roll_entry.member_id
    ).exists()
    if already:
        raise ValidationError(
            _("%(name)s has already voted on this session; a member votes once.")
            % {"name": roll_entry.member.person.full_name}
        )
    participations = [
        BallotParticipation(
            item=item,
            member_id=roll_entry.member_id,
            channel=BallotParticipation.Channel.NONE if choice == "none" else channel,
        )
        for item, choice in paper
    ]
    ballots = [Ballot(item=item, choice=choice) for item, choice in paper if choice != "none"]
    random.SystemRandom().shuffle(ballots)
    try:
        with transaction.atomic():
            BallotParticipation.objects.bulk_create(participations)
            Ballot.objects.bulk_create(ballots)
    except IntegrityError:
        raise ValidationError(
            _("%(name)s has already voted on this session; a member votes once.")
            % {"name": roll_entry.member.person.full_name}
        ) from None


@transaction.atomic
def ballot_cast(*, actor, session: CouncilSession, choices: dict) -> None:
    """A member present casts its ballot paper: agree or disagree on every item, once."""
    session = lock_session(session)
    check(actor, session, "vote")
    entry = (
        session.roll.select_related("member__person")
        .filter(member__person__user=actor, member__is_active=True)
        .first()
    )
    if entry is None:
        raise PermissionDenied(_("You are not on this session's roll."))
    if not entry.present:
        raise ValidationError(
            _("You are recorded absent: your written vote is entered by the secretary.")
        )
    if any(choice == "none" for choice in choices.values()):
        raise ValidationError(_("Mark agree or disagree on every item."))
    paper = _ballot_paper(session, choices)
    _cast(entry, paper, BallotParticipation.Channel.ONLINE)
    # The event says that the member voted, never how.
    event_record(
        actor=actor,
        verb="council_ballot_cast",
        target=session,
        summary=f"{session}: {entry.member.person.full_name}",
        data={"items": len(paper)},
    )


@transaction.atomic
def written_ballot_enter(
    *, actor, session: CouncilSession, member: CouncilMember, choices: dict
) -> None:
    """Enter an absent member's written vote (phiếu bầu gửi) from the paper, item by item; an
    item left blank on the paper is recorded as no ballot returned ("none")."""
    session = lock_session(session)
    check(actor, session, "enter_written")
    entry = session.roll.select_related("member__person").filter(member=member).first()
    if entry is None:
        raise ValidationError(
            {"member": _("%(name)s is not on this session's roll.") % {"name": member}}
        )
    if entry.present:
        raise ValidationError(
            {
                "member": _(
                    "%(name)s attends the session and votes there; only an absent member's "
                    "vote is entered from paper."
                )
                % {"name": entry.member.person.full_name}
            }
        )
    paper = _ballot_paper(session, choices)
    _cast(entry, paper, BallotParticipation.Channel.WRITTEN)
    event_record(
        actor=actor,
        verb="council_written_ballot_entered",
        target=session,
        summary=f"{session}: {entry.member.person.full_name}",
        data={"items": len(paper)},
    )


def unaccounted(session: CouncilSession) -> list[SessionMember]:
    """Return the roll's members who have not voted on every item (online or in writing)."""
    items = session.items.count()
    counted = dict(
        BallotParticipation.objects.filter(item__session=session)
        .values("member")
        .annotate(n=Count("id"))
        .values_list("member", "n")
    )
    return [
        entry
        for entry in session.roll.select_related("member__person")
        if counted.get(entry.member_id, 0) < items
    ]


# --- closing and counting -----------------------------------------------------------------------


def _count(session: CouncilSession, rule_set: RuleSet) -> list[CouncilItem]:
    """Write each item's count and its result against its rule; return the items."""
    members = session.roll.count()
    tallies = {
        row["item"]: row
        for row in Ballot.objects.filter(item__session=session)
        .values("item")
        .annotate(
            agree=Count("id", filter=Q(choice=Ballot.Choice.AGREE)),
            disagree=Count("id", filter=Q(choice=Ballot.Choice.DISAGREE)),
        )
    }
    items = list(session.items.select_related(*SETTLED).order_by("position"))
    for item in items:
        tally = tallies.get(item.pk, {"agree": 0, "disagree": 0})
        rule = vote_rule(rule_set, item.nomination.award.code)
        item.agree = tally["agree"]
        item.disagree = tally["disagree"]
        item.not_returned = members - item.agree - item.disagree
        item.members = members
        item.threshold = rule.percent
        item.threshold_strict = rule.strict
        item.rule_key = rule.rule.key
        item.citation = rule.rule.citation[:300]
        passed = rule.passes(item.agree, members)
        item.outcome = CouncilItem.Outcome.PASSED if passed else CouncilItem.Outcome.NOT_PASSED
    _apply_quota(items, rule_set, session.year)
    update_all(
        CouncilItem,
        items,
        [
            "agree",
            "disagree",
            "not_returned",
            "members",
            "threshold",
            "threshold_strict",
            "rule_key",
            "citation",
            "outcome",
            "quota_note",
        ],
    )
    return items


def _apply_quota(items: list[CouncilItem], rule_set: RuleSet, year: int) -> None:
    """Where the rule set caps CSTĐCS (15 % of the advanced workers under Nghị định 91/2017),
    keep the passed nominees within each deciding unit's cap, ranked by agree votes; those tied
    at the limit wait for the chair."""
    try:
        rule = rule_set.rule(QUOTA_RULE_KEY)
    except KeyError:
        return
    batches: dict[int, tuple[Unit, list[CouncilItem]]] = {}
    for item in items:
        nomination = item.nomination
        if nomination.award.code != QUOTA_AWARD or item.outcome != CouncilItem.Outcome.PASSED:
            continue
        unit = deciding_unit(nomination.person.unit)
        batches.setdefault(unit.pk, (unit, []))[1].append(item)
    for unit, passed in batches.values():
        ldtt, allowed = quota_allowed(rule, unit, year)
        note = _(
            "%(unit)s: %(workers)s advanced workers in %(year)s, at most %(percent)s %% = "
            "%(allowed)s grassroots emulation fighters (%(citation)s)."
        ) % {
            "unit": unit.name,
            "workers": ldtt,
            "year": year,
            "percent": fmt_num(rule.value),
            "allowed": allowed,
            "citation": rule.citation,
        }
        for item in passed:
            item.quota_note = note[:500]
        if len(passed) <= allowed:
            continue
        passed.sort(key=lambda item: -item.agree)
        limit = passed[allowed - 1].agree if allowed > 0 else None
        above = [item for item in passed if limit is not None and item.agree > limit]
        at_limit = [item for item in passed if limit is not None and item.agree == limit]
        free = allowed - len(above)
        for item in passed:
            if item in above:
                continue
            if item in at_limit and len(at_limit) <= free:
                continue  # the whole group fits
            if item in at_limit:
                item.outcome = CouncilItem.Outcome.TIE
            else:
                item.outcome = CouncilItem.Outcome.NOT_PASSED


# What settling an item reads: its dossier's award, nominee and unit's list.
SETTLED = (
    "nomination__award",
    "nomination__person__unit",
    "nomination__unit",
    "nomination__nomination_list__unit",
    "nomination__nomination_list__submitted_by",
)


def _settle(actor, session: CouncilSession, items: list[CouncilItem]) -> None:
    """Pass or fail each dossier by its item's result; its unit is told."""
    for item in items:
        passed = item.outcome == CouncilItem.Outcome.PASSED
        action = "pass" if passed else "not_pass"
        nomination_list = item.nomination.nomination_list
        title = (
            _("Passed by the council: %(nomination)s")
            if passed
            else _("Not passed by the council: %(nomination)s")
        ) % {"nomination": item.nomination}
        perform(
            actor=actor,
            obj=item.nomination,
            action=action,
            summary=f"{item.nomination}: {item.agree}/{item.members}",
            data={
                "session": session.pk,
                "agree": item.agree,
                "members": item.members,
                "threshold": str(item.threshold),
            },
            notice=Notice(
                recipients=[*heads_of(nomination_list.unit), nomination_list.submitted_by],
                title=title,
                body=_("%(agree)s of %(members)s members agreed.")
                % {"agree": item.agree, "members": item.members},
                url=item.nomination.get_absolute_url(),
            ),
        )


@transaction.atomic
def session_close(*, actor, session: CouncilSession) -> CouncilSession:
    """Close the vote once every member is accounted for, count it, and conclude the session
    unless a tie at a quota awaits the chair."""
    counted: list[CouncilItem] = []

    def apply(session):
        missing = unaccounted(session)
        if missing:
            raise ValidationError(
                _(
                    "Not every member is accounted for: %(names)s. Enter the written vote of "
                    "an absent member, or record that no ballot came back."
                )
                % {"names": ", ".join(entry.member.person.full_name for entry in missing)}
            )
        counted.extend(_count(session, rule_set_of(session)))

    session = perform(
        actor=actor,
        obj=session,
        action="close",
        apply=apply,
        changes={"closed_at": timezone.now()},
        summary=str(session),
        data=lambda session: {
            "passed": sum(item.outcome == CouncilItem.Outcome.PASSED for item in counted),
            "items": len(counted),
        },
    )
    if any(item.outcome == CouncilItem.Outcome.TIE for item in counted):
        chair = session.council.members.filter(
            role=CouncilMember.Role.CHAIR, is_active=True
        ).select_related("person__user")
        from organizations.notifications import notify

        notify(
            recipients=[member.person.user for member in chair],
            title=_("A tie awaits your decision: %(session)s") % {"session": session},
            url=session.get_absolute_url(),
        )
        return session
    _settle(actor, session, counted)
    return perform(
        actor=actor,
        obj=session,
        action="conclude",
        locked=True,
        changes={"concluded_at": timezone.now()},
        summary=str(session),
    )


@transaction.atomic
def tie_break(*, actor, session: CouncilSession, chosen, reason: str) -> CouncilSession:
    """The chair picks, among the nominees tied at the quota's limit, as many as the quota
    still allows, with a reason recorded; the others do not pass."""
    reason = (reason or "").strip()
    chosen_pks = {item.pk for item in chosen}
    items: list[CouncilItem] = []

    def apply(session):
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the choice.")})
        items.extend(session.items.select_related(*SETTLED))
        tied = [item for item in items if item.outcome == CouncilItem.Outcome.TIE]
        if not tied:
            raise ValidationError(_("There is no tie to decide."))
        if chosen_pks - {item.pk for item in tied}:
            raise ValidationError(_("Choose only among the tied nominees."))
        for unit_tied, free in _free_places(session, items):
            picked = sum(item.pk in chosen_pks for item in unit_tied)
            if picked != free:
                raise ValidationError(
                    ngettext(
                        "The quota leaves %(count)s place: choose exactly %(count)s nominee "
                        "among %(names)s.",
                        "The quota leaves %(count)s places: choose exactly %(count)s nominees "
                        "among %(names)s.",
                        free,
                    )
                    % {
                        "count": free,
                        "names": ", ".join(item.nomination.nominee_name for item in unit_tied),
                    }
                )
        for item in tied:
            item.outcome = (
                CouncilItem.Outcome.PASSED
                if item.pk in chosen_pks
                else CouncilItem.Outcome.NOT_PASSED
            )
        update_all(CouncilItem, tied, ["outcome"], actor=actor)
        _settle(actor, session, items)

    return perform(
        actor=actor,
        obj=lock_session(session),
        locked=True,
        action="break_tie",
        apply=apply,
        changes={"tie_break_reason": reason, "concluded_at": timezone.now()},
        summary=lambda session: f"{session}: {reason}",
        data={"reason": reason, "chosen": sorted(chosen_pks)},
    )


def _free_places(session: CouncilSession, items: list[CouncilItem]):
    """Yield (tied items, places the quota still leaves) for each deciding unit with a tie."""
    rule = rule_set_of(session).rule(QUOTA_RULE_KEY)
    groups: dict[int, tuple[Unit, list[CouncilItem], int]] = {}
    for item in items:
        if item.nomination.award.code != QUOTA_AWARD:
            continue
        unit = deciding_unit(item.nomination.person.unit)
        unit, tied, passed = groups.get(unit.pk, (unit, [], 0))
        if item.outcome == CouncilItem.Outcome.TIE:
            tied.append(item)
        elif item.outcome == CouncilItem.Outcome.PASSED:
            passed += 1
        groups[unit.pk] = (unit, tied, passed)
    for unit, tied, passed in groups.values():
        if tied:
            _ldtt, allowed = quota_allowed(rule, unit, session.year)
            yield tied, max(allowed - passed, 0)

"""A council session's page: its agenda and roll, the secret ballot, the written votes of absent
members, the count, the chair's decision of a tie, and the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import council_documents
from awards.forms.council import (
    BallotForm,
    ReasonForm,
)
from awards.forms.nominations import DossierFilter
from awards.models import (
    BallotParticipation,
    CouncilItem,
    CouncilSession,
    Nomination,
    Rule,
    RuleSet,
)
from awards.models.council import by_role
from awards.rules import seat_of
from awards.selectors import agenda
from awards.services import council as services
from awards.views.council import VIEW_DENIED, one_of
from organizations.access import get_for_user
from organizations.downloads import pdf_attachment
from organizations.forms import write_and_say, write_with_form
from organizations.listing import drawn_version, filtered_page
from organizations.workflow import can

SESSIONS = CouncilSession.objects.select_related("council__agency")


# --- a session ----------------------------------------------------------------------------------


def _session_context(request, session: CouncilSession) -> dict:
    user = request.user
    items = agenda(session)
    roll = by_role(session.roll.select_related("member__person__user"))
    channels = {}
    for member_id, channel in BallotParticipation.objects.filter(item__session=session).values_list(
        "member_id", "channel"
    ):
        # A member is accounted for once it has a participation on each item; one channel shows.
        channels.setdefault(member_id, set()).add(channel)
    # A member reads the agenda; a dossier itself (ratings, discipline) only those who may.
    readable = set(
        Nomination.objects.visible_to(user)
        .filter(council_item__session=session)
        .values_list("council_item", flat=True)
    )
    for item in items:
        item.readable = item.pk in readable
    for entry in roll:
        entry.channels = channels.get(entry.member_id, set())
        entry.voted = bool(entry.channels)
    seat = seat_of(user, session.council)
    my_entry = next((entry for entry in roll if seat and entry.member_id == seat.pk), None)
    may_prepare = can(user, session, "change")
    runs = can(user, session, "enter_written") or may_prepare
    absent_open = [entry.member for entry in roll if not entry.present and not entry.voted]
    # Only the rules a vote is counted against: a rule set holds a hundred and more.
    vote_keys = {*services.VOTE_RULES.values(), services.MAJORITY_RULE}
    rule_set = RuleSet.objects.prefetch_related(
        Prefetch("rules", queryset=Rule.objects.filter(key__in=vote_keys))
    ).for_year(session.year)
    if rule_set is not None:
        # A handful of rules serve the whole agenda: each one's cell is drawn once.
        cells = {}
        for item in items:
            if item.award_code not in cells:
                cells[item.award_code] = _vote_rule_cell(rule_set, item.award_code, len(roll))
            item.rule_cell = cells[item.award_code]
    context = {
        "session": session,
        "council": session.council,
        "items": items,
        # What the agenda's rows show, each item read for this reader: they are drawn again
        # when it changes.
        "agenda_version": drawn_version(items, may_prepare, session.closed_at),
        "roll": roll,
        "present_count": sum(entry.present for entry in roll),
        "accounted": sum(len(entry.channels) > 0 for entry in roll),
        "my_entry": my_entry,
        "runs": runs,
        "rule_set": rule_set,
        "can_vote": my_entry is not None
        and my_entry.present
        and not my_entry.voted
        and can(user, session, "vote"),
        "tied": [item for item in items if item.outcome == CouncilItem.Outcome.TIE],
    }
    if may_prepare:
        context["placing"] = _placing(request, session)
    if context["can_vote"]:
        context["ballot_form"] = BallotForm(items=items, prefix="ballot")
    if can(user, session, "enter_written") and absent_open:
        context["written_form"] = BallotForm(
            items=items, written=True, absent=absent_open, prefix="written"
        )
    if can(user, session, "break_tie"):
        context["reason_form"] = ReasonForm()
    return context


def _vote_rule_cell(rule_set, award_code, members) -> str:
    """The rule a title's vote is counted against and the agree votes it needs, drawn once for
    the agenda's items of that title."""
    try:
        rule = services.vote_rule(rule_set, award_code)
    except ValidationError:
        return ""
    return render_to_string(
        "awards/_vote_rule.html", {"rule": rule, "needed": rule.needed(members)}
    )


def _placing(request, session) -> dict:
    """The accepted dossiers still to place on an agenda, a page at a time, found by name, unit
    and award: a province's council has thousands; the page shows what the secretary asked for."""
    eligible = (
        services.eligible_for_session(session)
        .select_related("award", "nomination_list__unit")
        .prefetch_related("person", "unit")
        .defer(*Nomination.LONG_FIELDS)
        .order_by("award__kind", "award__rank", "nomination_list__unit__path", "pk")
    )
    return filtered_page(request, DossierFilter(request.GET or None, queryset=eligible))


def _render_session(request, session, *, forms=None, status=200):
    context = _session_context(request, session)
    context.update(forms or {})
    return render(request, "awards/council_session.html", context, status=status)


def _session(request, pk, action=None) -> CouncilSession:
    return get_for_user(
        request,
        SESSIONS,
        permission="awards.view_council",
        action=action,
        denied=VIEW_DENIED if action is None else None,
        pk=pk,
    )


@login_required
@require_GET
def council_session(request, pk):
    return _render_session(request, _session(request, pk))


def _write(request, session, write, success):
    write_and_say(request, write, success=success)
    return redirect(session)


@login_required
@require_POST
def session_items_add(request, pk):
    session = _session(request, pk, "change")
    ticked = [code for code in request.POST.getlist("nomination") if len(code) == 36]
    nominations = list(services.eligible_for_session(session).filter(code__in=ticked))
    write_and_say(
        request,
        lambda: services.session_items_add(
            actor=request.user, session=session, nominations=nominations
        ),
        success=_("The dossiers are on the agenda."),
    )
    # Back to the list as it was filtered, where the next dossiers to place now are.
    query = QueryDict(request.POST.get("query", ""), mutable=True)
    query.pop("page", None)
    back = f"?{query.urlencode()}" if query else ""
    return redirect(f"{session.get_absolute_url()}{back}#eligible-heading")


@login_required
@require_POST
def session_item_remove(request, pk, item_pk):
    session = _session(request, pk, "change")
    item = one_of(session.items.all(), item_pk)
    return _write(
        request,
        session,
        lambda: services.session_item_remove(actor=request.user, item=item),
        _("The dossier is off the agenda."),
    )


@login_required
@require_POST
def session_attendance(request, pk):
    session = _session(request, pk, "change")
    ticked = {value for value in request.POST.getlist("present") if value.isdigit()}
    present = [entry.member for entry in session.roll.select_related("member")]
    present = [member for member in present if str(member.pk) in ticked]
    return _write(
        request,
        session,
        lambda: services.session_attendance(
            actor=request.user, session=session, present_members=present
        ),
        _("Attendance recorded."),
    )


@login_required
@require_POST
def session_open(request, pk):
    session = _session(request, pk, "open")
    return _write(
        request,
        session,
        lambda: services.session_open(actor=request.user, session=session),
        _("The vote is open: the members present can vote now."),
    )


@login_required
@require_POST
def ballot_cast(request, pk):
    session = _session(request, pk, "vote")
    form = BallotForm(request.POST, items=agenda(session), prefix="ballot")
    done, _result = write_with_form(
        request,
        form,
        lambda data: services.ballot_cast(
            actor=request.user, session=session, choices=form.choices()
        ),
        success=_("Your ballot is cast. Thank you."),
    )
    if done:
        return redirect(session)
    return _render_session(request, session, forms={"ballot_form": form}, status=400)


@login_required
@require_POST
def written_ballot_enter(request, pk):
    session = _session(request, pk, "enter_written")
    absent = [
        entry.member for entry in session.roll.select_related("member__person") if not entry.present
    ]
    form = BallotForm(
        request.POST, items=agenda(session), written=True, absent=absent, prefix="written"
    )
    done, _result = write_with_form(
        request,
        form,
        lambda data: services.written_ballot_enter(
            actor=request.user, session=session, member=data["member"], choices=form.choices()
        ),
        success=_("The written vote is entered."),
    )
    if done:
        return redirect(session)
    return _render_session(request, session, forms={"written_form": form}, status=400)


@login_required
@require_POST
def session_close(request, pk):
    session = _session(request, pk, "close")
    return _write(
        request,
        session,
        lambda: services.session_close(actor=request.user, session=session),
        _("The vote is closed and counted."),
    )


@login_required
@require_POST
def tie_break(request, pk):
    session = _session(request, pk, "break_tie")
    form = ReasonForm(request.POST)
    chosen_pks = {value for value in request.POST.getlist("chosen") if value.isdigit()}
    chosen = list(session.items.filter(pk__in=chosen_pks))
    done, _result = write_with_form(
        request,
        form,
        lambda data: services.tie_break(
            actor=request.user, session=session, chosen=chosen, reason=data["reason"]
        ),
        success=_("The tie is decided; the session is concluded."),
    )
    if done:
        return redirect(session)
    return _render_session(request, session, forms={"reason_form": form}, status=400)


@login_required
@require_GET
def session_minutes_pdf(request, pk, kind):
    session = _session(request, pk)
    if not session.closed_at:
        messages.error(request, _("The minutes exist once the vote is closed and counted."))
        return redirect(session)
    content = council_documents.minutes_pdf(
        session, kind=kind, base_url=request.build_absolute_uri("/")
    )
    return pdf_attachment(content, council_documents.minutes_filename(session, kind))

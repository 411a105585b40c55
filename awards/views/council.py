"""Pages of the council (Hội đồng Thi đua - Khen thưởng): its members and sessions; a session's
agenda and roll, the secret ballot, the written votes of absent members, the count and the
minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from awards.forms.council import (
    CouncilForm,
    MemberAddForm,
    MemberChangeForm,
    SessionForm,
    agency_people,
)
from awards.models import (
    Council,
)
from awards.models.council import by_role
from awards.rules import is_council_secretary
from awards.services import council as services
from organizations.access import get_for_user, require
from organizations.forms import write_with_form
from organizations.selectors import own_agency

VIEW_DENIED = gettext_lazy(
    "The council's pages are for its members, the emulation officer and the leadership."
)


# --- councils -----------------------------------------------------------------------------------


def _councils(user):
    return (
        Council.objects.visible_to(user)
        .select_related("agency")
        .annotate(
            sitting=Count("members", filter=Q(members__is_active=True), distinct=True),
            session_count=Count("sessions", distinct=True),
        )
    )


@login_required
@require_GET
def council_list(request):
    require(request, "awards.view_council", denied=VIEW_DENIED)
    councils = _councils(request.user)
    return render(
        request,
        "awards/council_list.html",
        {
            "councils": councils,
            "can_create": request.user.has_perm("awards.manage_council"),
            "form": CouncilForm(initial={"term_start": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def council_create(request):
    require(request, "awards.manage_council", denied=services.MANAGE_DENIED)
    form = CouncilForm(request.POST)
    agency = own_agency(request.user)
    if agency is None:
        messages.error(request, _("Your login is not linked to a person of an agency."))
        return redirect("awards:council_list")
    done, council = write_with_form(
        request,
        form,
        lambda data: services.council_create(actor=request.user, agency=agency, **data),
        success=_("The council is set up: seat its members now."),
    )
    if done:
        return redirect(council)
    return render(
        request,
        "awards/council_list.html",
        {
            "councils": _councils(request.user),
            "can_create": True,
            "form": form,
        },
        status=400,
    )


def _council_page(request, council, *, forms=None, status=200):
    members = by_role(council.members.select_related("person__unit", "person__user"))
    members.sort(key=lambda member: not member.is_active)
    manages = request.user.has_perm("awards.manage_council", council)
    context = {
        "council": council,
        "members": members,
        "sessions": council.sessions.annotate(item_count=Count("items")),
        "manages": manages,
        "member_form": MemberAddForm(people=agency_people(council.agency)),
        "member_forms": {
            member.pk: MemberChangeForm(
                initial={"role": member.role, "is_active": member.is_active},
                prefix=f"m{member.pk}",
            )
            for member in members
        }
        if manages
        else {},
        "session_form": SessionForm(
            initial={"year": timezone.localdate().year, "day": timezone.localdate()}
        ),
        "can_call": manages or is_council_secretary(request.user, council),
    }
    context.update(forms or {})
    for member in members:
        member.change_form = context["member_forms"].get(member.pk)
    return render(request, "awards/council_detail.html", context, status=status)


@login_required
@require_GET
def council_detail(request, pk):
    council = get_for_user(
        request,
        Council.objects.select_related("agency"),
        permission="awards.view_council",
        denied=VIEW_DENIED,
        pk=pk,
    )
    return _council_page(request, council)


def one_of(rows, pk):
    """Return the row of a council or session (already loaded within the user's scope)."""
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _managed_council(request, pk) -> Council:
    return get_for_user(
        request,
        Council.objects.select_related("agency"),
        permission="awards.manage_council",
        denied=services.MANAGE_DENIED,
        pk=pk,
    )


@login_required
@require_POST
def council_member_add(request, pk):
    council = _managed_council(request, pk)
    form = MemberAddForm(request.POST, people=agency_people(council.agency))
    done, _member = write_with_form(
        request,
        form,
        lambda data: services.council_member_add(actor=request.user, council=council, **data),
        success=_("The member is seated."),
    )
    if done:
        return redirect(council)
    return _council_page(request, council, forms={"member_form": form}, status=400)


@login_required
@require_POST
def council_member_change(request, pk, member_pk):
    council = _managed_council(request, pk)
    member = one_of(council.members.select_related("person"), member_pk)
    form = MemberChangeForm(request.POST, prefix=f"m{member.pk}")
    if form.is_valid():
        try:
            services.council_member_change(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The member's seat is changed."))
    else:
        messages.error(request, _("Choose a role."))
    return redirect(council)


@login_required
@require_POST
def session_create(request, pk):
    council = get_for_user(
        request,
        Council.objects.select_related("agency"),
        permission="awards.view_council",
        denied=VIEW_DENIED,
        pk=pk,
    )
    require(
        request,
        "awards.run_council",
        council,
        denied=_("Only the emulation officer or the council's secretary calls a session."),
    )
    form = SessionForm(request.POST)
    done, session = write_with_form(
        request,
        form,
        lambda data: services.session_create(
            actor=request.user,
            council=council,
            year=data["year"],
            starts_at=form.starts_at(),
            place=data["place"],
        ),
        success=_("The session is called: place the accepted dossiers on its agenda."),
    )
    if done:
        return redirect(session)
    return _council_page(request, council, forms={"session_form": form}, status=400)

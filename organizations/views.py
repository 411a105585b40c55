"""Pages of the organisation: the unit tree, people, a person's HR records."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from organizations import selectors, services
from organizations.events import describe
from organizations.filters import PersonFilter
from organizations.forms import (
    DisciplineForm,
    LeaveForm,
    PendingReviewCloseForm,
    PendingReviewForm,
    RatingForm,
    UnitRatingForm,
    add_service_errors,
)
from organizations.models import Event, Membership, PendingReview, Person, Unit


def _get_unit_for_user(request, code) -> Unit:
    """Return a unit inside the user's scope, or 404."""
    return get_object_or_404(
        Unit.objects.visible_to(request.user).select_related("parent"), code=code
    )


def _get_person_for_user(request, code) -> Person:
    """Return a person inside the user's scope, or 404."""
    return get_object_or_404(
        Person.objects.visible_to(request.user).select_related("unit", "user"), code=code
    )


def _require_hr_manager(request):
    if not request.user.has_perm("organizations.manage_hr_records"):
        raise PermissionDenied(_("Only the emulation officer records ratings and discipline."))


@login_required
def unit_tree(request):
    units = selectors.in_tree_order(selectors.units_with_headcount(request.user))
    return render(request, "organizations/unit_tree.html", {"units": units})


@login_required
def unit_detail(request, code):
    unit = _get_unit_for_user(request, code)
    children = selectors.in_tree_order(
        selectors.units_with_headcount(request.user).filter(parent=unit)
    )
    people = (
        Person.objects.visible_to(request.user)
        .active()
        .filter(unit=unit)
        .order_by("sort_key", "id")
    )
    members = (
        Membership.objects.filter(organisation=unit, end_date__isnull=True)
        .select_related("person", "person__unit")
        .order_by("role", "person__sort_key")
    )
    return render(
        request,
        "organizations/unit_detail.html",
        {
            "unit": unit,
            "unit_ratings": unit.ratings.order_by("-year"),
            "can_manage": request.user.has_perm("organizations.manage_hr_records"),
            "ancestors": Unit.objects.filter(path__in=_ancestor_paths(unit.path))
            .visible_to(request.user)
            .order_by("path"),
            "children": children,
            "people": people,
            "members": members if Unit.Kind(unit.kind).is_mass_organisation else None,
        },
    )


def _ancestor_paths(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]


@login_required
def person_list(request):
    people_filter = PersonFilter(
        request.GET or None, queryset=selectors.people_for_list(request.user), user=request.user
    )
    queryset = people_filter.qs if people_filter.is_bound else people_filter.queryset
    page = Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/person_list.html",
        {
            "filter": people_filter,
            "page": page,
            "query": query.urlencode(),
            "is_filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@login_required
def person_detail(request, code):
    person = _get_person_for_user(request, code)
    memberships = person.memberships.select_related("organisation").order_by(
        "end_date", "organisation__path"
    )
    can_manage = request.user.has_perm("organizations.manage_hr_records")
    events = []
    if can_manage:
        recent = Event.objects.filter(
            target_type__app_label="organizations",
            target_type__model="person",
            target_id=str(person.pk),
        ).select_related("actor", "actor__person")[:10]
        events = [(event, describe(event)) for event in recent]
    return render(
        request,
        "organizations/person_detail.html",
        {
            "person": person,
            "ratings": person.ratings.order_by("-year"),
            "disciplines": person.disciplines.order_by("-start_date"),
            "pending_reviews": person.pending_reviews.order_by("closed_on", "-opened_on"),
            "leaves": person.leaves.order_by("-start_date"),
            "memberships": memberships,
            "can_manage": can_manage,
            "events": events,
        },
    )


def _record_form_page(request, *, subject, form, title, intro=""):
    """Render the one HR record form page for a person or a unit."""
    subtitle = (
        f"{subject.full_name} · {subject.unit.name}"
        if isinstance(subject, Person)
        else subject.name
    )
    context = {
        "subject": subject,
        "subject_name": subject.full_name if isinstance(subject, Person) else subject.name,
        "subtitle": subtitle,
        "form": form,
        "title": title,
        "intro": intro,
    }
    return render(request, "organizations/hr_record_form.html", context)


def _hr_record_view(request, code, form_class, write, title, success_message):
    """Show a record form for a person in scope and hand valid input to a service."""
    person = _get_person_for_user(request, code)
    _require_hr_manager(request)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            write(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success_message)
            return redirect(person)
    return _record_form_page(request, subject=person, form=form, title=title)


@login_required
def rating_add(request, code):
    return _hr_record_view(
        request,
        code,
        RatingForm,
        services.rating_record,
        _("Record a rating"),
        _("The rating has been recorded."),
    )


@login_required
def discipline_add(request, code):
    return _hr_record_view(
        request,
        code,
        DisciplineForm,
        services.discipline_record,
        _("Record discipline"),
        _("The discipline record has been saved."),
    )


@login_required
def pending_review_add(request, code):
    return _hr_record_view(
        request,
        code,
        PendingReviewForm,
        services.pending_review_open,
        _("Record a pending review"),
        _("The pending review has been recorded. It holds back awards until it is closed."),
    )


@login_required
def pending_review_close(request, code, pk):
    person = _get_person_for_user(request, code)
    _require_hr_manager(request)
    review = get_object_or_404(PendingReview, pk=pk, person=person)
    form = PendingReviewCloseForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.pending_review_close(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The review has been closed."))
            return redirect(person)
    intro = _("%(kind)s, opened on %(day)s%(reference)s. Closing it cannot be undone.") % {
        "kind": review.get_kind_display(),
        "day": review.opened_on.strftime("%d/%m/%Y"),
        "reference": f" ({review.reference})" if review.reference else "",
    }
    return _record_form_page(
        request, subject=person, form=form, title=_("Close a pending review"), intro=intro
    )


@login_required
def leave_add(request, code):
    return _hr_record_view(
        request,
        code,
        LeaveForm,
        services.leave_record,
        _("Record a leave"),
        _("The leave has been recorded."),
    )


@login_required
def unit_rating_add(request, code):
    unit = _get_unit_for_user(request, code)
    _require_hr_manager(request)
    form = UnitRatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_rating_record(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The unit rating has been recorded."))
            return redirect(unit)
    return _record_form_page(request, subject=unit, form=form, title=_("Record a unit rating"))

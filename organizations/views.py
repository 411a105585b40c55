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
from organizations.forms import DisciplineForm, RatingForm, add_service_errors
from organizations.models import Event, Membership, Person, Unit


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
            "memberships": memberships,
            "can_manage": can_manage,
            "events": events,
        },
    )


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
    context = {"person": person, "form": form, "title": title}
    return render(request, "organizations/hr_record_form.html", context)


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

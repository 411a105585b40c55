"""Pages of people: the list, a person's page and the forms of their HR records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from organizations import selectors, services
from organizations.access import get_for_user
from organizations.filters import PersonFilter
from organizations.forms import (
    DisciplineForm,
    LeaveForm,
    PendingReviewCloseForm,
    PendingReviewForm,
    RatingForm,
    add_service_errors,
)
from organizations.listing import filtered_page
from organizations.models import PendingReview, Person, Unit

PEOPLE = Person.objects.select_related("unit", "user")
HR_ONLY = gettext_lazy("Only the emulation officer records ratings and discipline.")


@login_required
@require_GET
def person_list(request):
    people_filter = PersonFilter(
        request.GET or None, queryset=selectors.people_for_list(request.user), user=request.user
    )
    return render(request, "organizations/person_list.html", filtered_page(request, people_filter))


@login_required
@require_GET
def person_detail(request, code):
    person = get_for_user(request, PEOPLE, code=code)
    memberships = list(
        person.memberships.select_related("organisation").order_by("end_date", "organisation__path")
    )
    can_manage = request.user.has_perm("organizations.manage_hr_records")
    context = {
        "person": person,
        "memberships": memberships,
        # An organisation's page is linked only for who may open it: a member of a union
        # outside their unit's scope sees its name, not a link to a 404.
        "visible_organisations": set(
            Unit.objects.visible_to(request.user)
            .filter(pk__in=[m.organisation_id for m in memberships])
            .values_list("pk", flat=True)
        ),
        "can_manage": can_manage,
        "personal": request.user.has_perm("organizations.view_personal_data", person),
    }
    if context["personal"]:
        context |= {
            "ratings": person.ratings.order_by("-year"),
            "disciplines": person.disciplines.order_by("-start_date"),
            "pending_reviews": person.pending_reviews.order_by("closed_on", "-opened_on"),
            "leaves": person.leaves.order_by("-start_date"),
        }
    return render(request, "organizations/person_detail.html", context)


def record_form_page(request, *, subject, form, title, intro=""):
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
    person = get_for_user(
        request, PEOPLE, permission="organizations.manage_hr_records", denied=HR_ONLY, code=code
    )
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            write(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success_message)
            return redirect(person)
    return record_form_page(request, subject=person, form=form, title=title)


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
    review = get_for_user(
        request,
        PendingReview.objects.select_related("person__unit", "person__user"),
        action="close",
        pk=pk,
        person__code=code,
    )
    person = review.person
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
    return record_form_page(
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

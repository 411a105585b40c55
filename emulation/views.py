"""The portal's own pages above the apps: home and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from organizations import roles, selectors
from organizations.models import Person


@login_required
def home(request):
    """Tell the signed-in person what to do next for each of its roles."""
    user = request.user
    names = roles.role_names(user)
    person = Person.objects.filter(user=user).select_related("unit").first()
    last_year = timezone.localdate().year - 1
    context = {
        "person": person,
        "last_year": last_year,
        "is_staff_role": roles.STAFF in names,
        "is_unit_head": roles.UNIT_HEAD in names,
        "is_officer_role": user.is_superuser or roles.OFFICER in names,
        "is_leadership": roles.LEADERSHIP in names,
        "is_council_member": roles.COUNCIL_MEMBER in names,
        "is_union_chair": roles.UNION_CHAIR in names,
    }
    if context["is_officer_role"] or context["is_leadership"] or context["is_unit_head"]:
        year = selectors.latest_rating_year(user, default=last_year)
        context["ratings"] = selectors.rating_summary(user, year)
    if context["is_union_chair"]:
        context["chaired"] = selectors.chaired_organisations(person)
    if person is not None:
        context["my_ratings"] = person.ratings.order_by("-year")[:3]
    return render(request, "emulation/home.html", context)


@never_cache
def healthz(request):
    """Answer 200 when the database answers: for load balancers and uptime checks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")

"""The awards overview, the catalogue of awards and the rule sets that judge them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from awards import selectors
from awards.models import Award, RuleSet


@login_required
@require_GET
def catalogue(request):
    subject = request.GET.get("subject", "")
    if subject not in Award.Subject.values:
        subject = ""
    titles, forms = selectors.catalogue(subject or None)
    return render(
        request,
        "awards/catalogue.html",
        {
            "titles": titles,
            "forms": forms,
            "subject": subject,
            "subjects": Award.Subject.choices,
        },
    )


@login_required
@require_GET
def rule_sets(request):
    year = timezone.localdate().year
    current = RuleSet.objects.for_year(year)
    return render(
        request,
        "awards/rule_sets.html",
        {
            "rule_sets": selectors.rule_sets_with_rules(),
            "year": year,
            "current_code": current.code if current else None,
        },
    )


@login_required
@require_GET
def index(request):
    """The awards overview: where each part of a title's life is kept, for the reader's role."""
    return render(request, "awards/index.html")

"""Campaign pages: the list, the campaign page, create/edit, launch, focus areas, milestones and
documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from campaigns import selectors, services
from campaigns.forms.campaigns import (
    CampaignFilter,
    CampaignForm,
    DocumentForm,
    FocusAreaForm,
    MilestoneForm,
)
from campaigns.models import Campaign, CampaignDocument, FocusArea, Milestone
from campaigns.views.charts import legend, progress_row, status_labels
from organizations import summaries
from organizations.access import get_for_user, require
from organizations.forms import add_service_errors
from organizations.listing import filtered_page
from organizations.models import Unit
from organizations.scope import agency_root_path, scope_for
from organizations.workflow import workflow_for

CAMPAIGNS = Campaign.objects.select_related("organiser", "parent")


def _can_manage(request) -> bool:
    return request.user.has_perm("campaigns.manage_campaigns")


def _change_refusal(campaign: Campaign) -> str | None:
    """Return why the campaign can no longer be changed (closed), or None."""
    if campaign.pk is None:
        return None
    return workflow_for(campaign).refusal(campaign, "change")


# The list and the campaign page


@login_required
@require_GET
def campaign_list(request):
    campaigns = (
        selectors.campaign_list(request.user)
        # Amendments are versions of a covenant, not more covenants.
        .annotate(covenant_count=Count("covenants", filter=Q(covenants__amends__isnull=True)))
        .order_by("-start_date", "name", "pk")
    )
    years = [
        day.year
        for day in Campaign.objects.visible_to(request.user).dates(
            "start_date", "year", order="DESC"
        )
    ]
    campaign_filter = CampaignFilter(request.GET or None, queryset=campaigns, years=years)
    return render(
        request,
        "campaigns/campaign_list.html",
        {**filtered_page(request, campaign_filter), "can_manage": _can_manage(request)},
    )


@login_required
@require_GET
def campaign_detail(request, code):
    campaign = get_for_user(request, CAMPAIGNS, code=code)
    today = timezone.localdate()
    upcoming = selectors.next_milestone(campaign, today)
    covenants = campaign.covenants.annotate(
        party_count=Count("parties", distinct=True),
        signed_count=Count("parties__signature", distinct=True),
    ).order_by("signing_date", "version", "pk")
    # Counted once until a service writes (a report, a review, an amendment).
    tallies = summaries.cached(
        summaries.RECORDS,
        f"campaign-tallies:{campaign.pk}",
        lambda: selectors.progress_tallies(campaign),
    )
    labels = status_labels()
    can_manage = _can_manage(request)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "documents": campaign.documents.order_by("uploaded_at", "pk"),
            "focus_areas": campaign.focus_areas.order_by("number"),
            "milestones": campaign.milestones.order_by("date", "pk"),
            "next_milestone": upcoming,
            "today": today,
            "covenants": covenants,
            "party_rows": [progress_row(tally, labels) for tally in tallies["parties"]],
            "area_rows": [progress_row(tally, labels) for tally in tallies["areas"]],
            "overall": progress_row(tallies["overall"], labels),
            "legend": legend(labels),
            "can_manage": can_manage,
            # The reviews held (interim, final): everyone who reads the campaign may read them.
            "reviews": list(campaign.reviews.order_by("kind").values_list("kind", flat=True)),
        },
    )


# Create and edit


def _default_organiser(user):
    """Return the top unit of the officer's agency, the usual organiser of a campaign."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return None
    unit_path = Unit.objects.filter(people__pk=person_id).values_list("path", flat=True).first()
    if unit_path is None:
        return None
    return Unit.objects.filter(path=agency_root_path(unit_path)).first()


def _campaign_initial(campaign: Campaign) -> dict:
    names = ["name", "kind", "parent_title", "start_date", "end_date", "launch_date"]
    names += ["launch_event", "objectives"]
    initial = {name: getattr(campaign, name) for name in names}
    initial.update(organiser=campaign.organiser_id, parent=campaign.parent_id)
    return initial


def _campaign_form_view(request, campaign: Campaign):
    creating = campaign.pk is None
    if creating:
        initial = {"kind": Campaign.Kind.REGULAR, "organiser": _default_organiser(request.user)}
    else:
        initial = _campaign_initial(campaign)
    form = CampaignForm(request.POST or None, initial=initial, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_save(
                actor=request.user, campaign=campaign, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if creating:
                messages.success(
                    request,
                    _("The campaign has been created. Add its focus areas, then launch it."),
                )
            else:
                messages.success(request, _("The campaign has been saved."))
            return redirect(campaign)
    if not creating and request.method == "POST":
        # The refused service call set the typed values; show the heading as stored.
        campaign.refresh_from_db(fields=["name", "status"])
    return render(
        request,
        "campaigns/campaign_form.html",
        {
            "form": form,
            "campaign": campaign,
            "creating": creating,
            "refusal": _change_refusal(campaign),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    require(
        request,
        "campaigns.manage_campaigns",
        denied=_("Only the emulation officer manages campaigns."),
    )
    return _campaign_form_view(request, Campaign())


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, code):
    campaign = get_for_user(request, CAMPAIGNS, action="change", code=code)
    return _campaign_form_view(request, campaign)


# Launch


def _launch_problems(campaign: Campaign) -> list[str]:
    refusal = workflow_for(campaign).refusal(campaign, "launch")
    if refusal:
        return [refusal]
    if not campaign.focus_areas.exists():
        return [_("Add at least one focus area before launching the campaign.")]
    return []


@login_required
@require_http_methods(["GET", "POST"])
def campaign_launch(request, code):
    campaign = get_for_user(request, CAMPAIGNS, action="launch", code=code)
    if request.method == "POST":
        try:
            services.campaign_launch(actor=request.user, campaign=campaign)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The campaign has been launched; everyone in the agency has been notified."),
            )
        return redirect(campaign)
    agency = Unit.objects.filter(path=agency_root_path(campaign.organiser.path)).first()
    return render(
        request,
        "campaigns/campaign_launch_confirm.html",
        {
            "campaign": campaign,
            "agency": agency or campaign.organiser,
            "problems": _launch_problems(campaign),
            "focus_area_count": campaign.focus_areas.count(),
            "launch_date": campaign.launch_date or timezone.localdate(),
        },
    )


# Focus areas and milestones


def _child_form_view(request, campaign, form, save, template, context):
    """Show a focus area or milestone form and hand valid input to its service."""
    if request.method == "POST" and form.is_valid():
        try:
            save(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, context.pop("saved_message"))
            return redirect(campaign)
    context.pop("saved_message", None)
    return render(
        request,
        template,
        {
            "form": form,
            "campaign": campaign,
            "refusal": _change_refusal(campaign),
            **context,
        },
    )


def _focus_area_view(request, campaign, focus_area: FocusArea):
    if focus_area.pk:
        initial = {"number": focus_area.number, "title": focus_area.title, "text": focus_area.text}
    else:
        last = campaign.focus_areas.order_by("-number").values_list("number", flat=True).first()
        initial = {"number": (last or 0) + 1}
    form = FocusAreaForm(request.POST or None, initial=initial)

    def save(**fields):
        services.focus_area_save(actor=request.user, focus_area=focus_area, **fields)

    context = {
        "focus_area": focus_area,
        "title": _("Edit focus area") if focus_area.pk else _("Add a focus area"),
        "saved_message": _("The focus area has been saved."),
    }
    return _child_form_view(
        request, campaign, form, save, "campaigns/focus_area_form.html", context
    )


@login_required
@require_http_methods(["GET", "POST"])
def focus_area_add(request, code):
    campaign = get_for_user(request, CAMPAIGNS, action="change", code=code)
    return _focus_area_view(request, campaign, FocusArea(campaign=campaign))


@login_required
@require_http_methods(["GET", "POST"])
def focus_area_edit(request, code, pk):
    campaign = get_for_user(request, CAMPAIGNS, action="change", code=code)
    focus_area = get_for_user(request, FocusArea, campaign=campaign, pk=pk)
    focus_area.campaign = campaign
    return _focus_area_view(request, campaign, focus_area)


def _milestone_view(request, campaign, milestone: Milestone):
    if milestone.pk:
        initial = {
            "date": milestone.date,
            "title": milestone.title,
            "kind": milestone.kind,
            "note": milestone.note,
        }
    else:
        initial = {"kind": Milestone.Kind.EVENT}
    form = MilestoneForm(request.POST or None, initial=initial)

    def save(**fields):
        services.milestone_save(actor=request.user, milestone=milestone, **fields)

    context = {
        "milestone": milestone,
        "title": _("Edit milestone") if milestone.pk else _("Add a milestone"),
        "saved_message": _("The milestone has been saved."),
    }
    return _child_form_view(request, campaign, form, save, "campaigns/milestone_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request, code):
    campaign = get_for_user(request, CAMPAIGNS, action="change", code=code)
    return _milestone_view(request, campaign, Milestone(campaign=campaign))


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, code, pk):
    campaign = get_for_user(request, CAMPAIGNS, action="change", code=code)
    milestone = get_for_user(request, Milestone, campaign=campaign, pk=pk)
    milestone.campaign = campaign
    return _milestone_view(request, campaign, milestone)


# Documents


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request, code):
    campaign = get_for_user(request, CAMPAIGNS, action="change", code=code)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                campaign=campaign,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document has been attached."))
            return redirect(campaign)
    return render(
        request,
        "campaigns/document_form.html",
        {
            "form": form,
            "campaign": campaign,
            "refusal": _change_refusal(campaign),
        },
    )


@login_required
@require_GET
def document_download(request, pk):
    document = get_for_user(request, CampaignDocument, pk=pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("The file of this document is missing.")) from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name or document.file.name.rsplit("/", 1)[-1],
    )

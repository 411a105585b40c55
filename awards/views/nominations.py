"""Pages of nominations (hồ sơ đề nghị khen thưởng): a unit's list drafted from the year's
registrations, and one dossier with its report, proofs, verdict and timeline."""

import hashlib
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import documents, selectors
from awards.eligibility import EligibilityError
from awards.forms.nominations import (
    AttachmentForm,
    NominateForm,
    NominationAcceptForm,
    NominationEditForm,
    NominationReturnForm,
    SignedReportForm,
)
from awards.models import CouncilItem, Nomination, NominationAttachment, NominationList
from awards.services import nominations as services
from awards.verdicts import verdict_rows
from campaigns.models import Campaign
from organizations.access import get_for_user, require
from organizations.downloads import pdf_attachment
from organizations.forms import add_service_errors, write_and_say
from organizations.models import FIRST_RECORD_YEAR, LAST_RECORD_YEAR, Unit
from organizations.selectors import recent_events
from organizations.workflow import can

NO_CAMPAIGN = "none"
# The stages at which a dossier sits on a council session's agenda.
COUNCIL_STAGES = {
    Nomination.Status.IN_COUNCIL,
    Nomination.Status.PASSED,
    Nomination.Status.NOT_PASSED,
}
NOMINATIONS = Nomination.objects.select_related(
    "award",
    "person__unit",
    "unit",
    "nomination_list__unit",
    "nomination_list__campaign",
    "campaign",
    "reviewed_by__person",
)


def _year_of(request) -> int:
    this_year = timezone.localdate().year
    raw = request.GET.get("year") or request.POST.get("year") or ""
    try:
        year = int(raw)
    except ValueError:
        # At year end, the round being nominated is the year ending now.
        return this_year
    return year if FIRST_RECORD_YEAR <= year <= LAST_RECORD_YEAR else this_year


def _campaign_of(request, year) -> Campaign | None:
    raw = request.GET.get("campaign") or request.POST.get("campaign") or ""
    if raw in ("", NO_CAMPAIGN):
        return None if raw == NO_CAMPAIGN else selectors.default_campaign(request.user, year)
    try:
        code = uuid.UUID(raw)
    except ValueError:
        raise Http404 from None
    return get_for_user(request, Campaign, code=code)


def _unit_page(unit, year, campaign) -> str:
    nomination_list = NominationList(unit=unit, year=year, campaign=campaign)
    return nomination_list.get_absolute_url()


def _outcome_of(result) -> str:
    if isinstance(result, EligibilityError):
        return "unknown"
    return {True: "pass", False: "fail"}.get(result.eligible, "unknown")


def _live_outcomes(cases, year: int) -> list[str]:
    """Return the outcome of each `(nominee, award)` of the year as the records stand now:
    judged together (the records of every person loaded at once, whatever their number) and
    kept as the engine's judgements are."""
    if not cases:
        return []
    judged = ";".join(
        f"{nominee._meta.model_name}{nominee.pk}:{award.code}" for nominee, award in cases
    )
    return selectors.kept_judgement(
        f"outcomes:{year}:{hashlib.sha256(judged.encode()).hexdigest()}",
        lambda: [_outcome_of(result) for result in services.evaluate_all(cases, year)],
    )


def _live_verdict(nominee, award, year):
    """Return the verdict as it stands now: (outcome, rows for the verdict template)."""
    result = services.evaluate(nominee, award, year)
    rows = verdict_rows(nominee, [award.code], year, results={award.code: result})
    return _outcome_of(result), rows


# --- the unit's list ---------------------------------------------------------------------------


@login_required
@require_GET
def nomination_unit(request, code):
    unit = get_for_user(
        request,
        Unit,
        permission="awards.view_unit_nominations",
        denied=_("The unit's heads, the emulation officer and the leadership read its list."),
        code=code,
    )
    year = _year_of(request)
    campaign = _campaign_of(request, year)
    return _render_unit(request, unit, year, campaign)


def _render_unit(request, unit, year, campaign, *, nominate_form=None, errors=()):
    user = request.user
    nomination_list = (
        NominationList.objects.filter(unit=unit, year=year, campaign=campaign)
        .select_related("unit", "campaign", "submitted_by__person")
        .first()
    )
    dossiers, judged = [], []
    if nomination_list is not None:
        dossiers = list(
            nomination_list.nominations.select_related("award", "person", "unit").order_by(
                "award__kind", "unit", "person__sort_key", "award__rank", "pk"
            )
        )
        for dossier in dossiers:
            dossier.nomination_list = nomination_list
            dossier.live_verdict = dossier.verdict
        # A sent dossier shows the verdict stored when it was sent (the office judges that
        # one); only those the unit still edits are judged again as the records stand now.
        judged = [d for d in dossiers if d.state.draft or d.state.returned or not d.verdict]
    may_nominate = (
        can(user, nomination_list, "change")
        if nomination_list is not None
        else user.has_perm("awards.nominate", unit)
    )
    registrations = []
    if may_nominate:
        registrations = list(selectors.registrations_to_nominate(unit, year, campaign))
        judged += registrations
    outcomes = _live_outcomes([(row.person or row.unit, row.award) for row in judged], year)
    for row, outcome in zip(judged, outcomes, strict=True):
        row.live_verdict = outcome
    if may_nominate and nominate_form is None:
        nominate_form = NominateForm(unit=unit, year=year, prefix="other")
    return render(
        request,
        "awards/nomination_unit.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(timezone.localdate().year, FIRST_RECORD_YEAR + 44, -1)),
            "campaign": campaign,
            "campaign_value": str(campaign.code) if campaign else NO_CAMPAIGN,
            "campaigns": list(selectors.campaigns_for_year(user, year)),
            "nomination_list": nomination_list,
            "dossiers": dossiers,
            "registrations": registrations,
            "may_nominate": may_nominate,
            "can_submit": can(user, nomination_list, "submit"),
            "nominate_form": nominate_form if may_nominate else None,
            "events": recent_events(nomination_list, limit=30) if nomination_list else [],
            "errors": list(errors),
        },
    )


@login_required
@require_POST
def nomination_unit_from_registrations(request, code):
    unit = get_for_user(request, Unit, code=code)
    require(
        request,
        "awards.nominate",
        unit,
        _("Only the head of %(unit)s or the emulation officer nominates its people.")
        % {"unit": unit},
    )
    year = _year_of(request)
    campaign = _campaign_of(request, year)
    ticked = [pk for pk in request.POST.getlist("registration") if pk.isdigit()]
    registrations = list(
        selectors.registrations_to_nominate(unit, year, campaign).filter(pk__in=ticked)
    )
    if not registrations:
        return _render_unit(
            request, unit, year, campaign, errors=[_("Tick at least one registered nominee.")]
        )
    try:
        created = services.nominations_from_registrations(
            actor=request.user, registrations=registrations
        )
    except ValidationError as exc:
        return _render_unit(request, unit, year, campaign, errors=exc.messages)
    messages.success(
        request,
        _(
            "%(count)s dossiers started, each with a draft report written from the year's "
            "record. Open each to complete it and attach the signed copy."
        )
        % {"count": len(created)},
    )
    return redirect(_unit_page(unit, year, campaign))


@login_required
@require_POST
def nomination_unit_add(request, code):
    unit = get_for_user(request, Unit, code=code)
    require(
        request,
        "awards.nominate",
        unit,
        _("Only the head of %(unit)s or the emulation officer nominates its people.")
        % {"unit": unit},
    )
    year = _year_of(request)
    campaign = _campaign_of(request, year)
    form = NominateForm(request.POST, unit=unit, year=year, prefix="other")
    if form.is_valid():
        try:
            nomination = services.nomination_add(
                actor=request.user,
                award=form.cleaned_data["award"],
                year=year,
                kind=form.cleaned_data["kind"],
                campaign=campaign,
                **form.nominee_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The dossier of %(name)s is started.") % {"name": nomination.nominee_name},
            )
            return redirect(nomination)
    return _render_unit(request, unit, year, campaign, nominate_form=form)


@login_required
@require_POST
def nomination_list_submit(request, pk):
    nomination_list = get_for_user(
        request,
        NominationList.objects.select_related("unit", "campaign"),
        action="submit",
        pk=pk,
    )
    try:
        services.nomination_list_submit(actor=request.user, nomination_list=nomination_list)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The list was sent to the emulation office; you will be told of each review."),
        )
    return redirect(nomination_list.get_absolute_url())


# --- one dossier --------------------------------------------------------------------------------


def _render_dossier(request, nomination, *, forms=None, status=200):
    user = request.user
    outcome, rows = _live_verdict(nomination.nominee, nomination.award, nomination.year)
    forms = forms or {}
    may_change = can(user, nomination, "change")
    if may_change:
        forms.setdefault(
            "edit_form",
            NominationEditForm(
                initial=NominationEditForm.initial_for(nomination),
                campaigns=selectors.campaigns_for_year(user, nomination.year),
                initiatives=services.initiatives_for(nomination),
            ),
        )
        forms.setdefault("sign_form", SignedReportForm())
        forms.setdefault("attachment_form", AttachmentForm())
    if can(user, nomination, "return"):
        forms.setdefault("return_form", NominationReturnForm(prefix="return"))
        forms.setdefault("accept_form", NominationAcceptForm(prefix="accept"))
    snapshot = nomination.verdict_snapshot or {}
    council_item = (
        CouncilItem.objects.filter(nomination=nomination).select_related("session").first()
        if nomination.status in COUNCIL_STAGES
        else None
    )
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "nomination": nomination,
            "unit": nomination.nomination_list.unit,
            "live_outcome": outcome,
            "verdicts": rows,
            "hide_evidence": nomination.person_id is not None
            and not user.has_perm("organizations.view_personal_data", nomination.person),
            "snapshot": snapshot,
            "missing": services.missing_for_submission(nomination, {"checks": [], **snapshot})
            if may_change
            else [],
            "attachments": list(nomination.attachments.select_related("uploaded_by__person")),
            "initiatives": list(nomination.initiatives.all()),
            "events": recent_events(nomination, limit=50),
            "may_change": may_change,
            "council_item": council_item,
            **forms,
        },
        status=status,
    )


@login_required
@require_GET
def nomination_detail(request, code):
    nomination = get_for_user(request, NOMINATIONS, code=code)
    return _render_dossier(request, nomination)


def _dossier_write(request, code, *, action, form, write, success):
    """Check the right, run the write on a valid form, or show the dossier with the errors."""
    nomination = get_for_user(request, NOMINATIONS, action=action, code=code)
    bound = form(nomination)
    if bound.is_valid():
        try:
            write(nomination, bound)
        except ValidationError as exc:
            add_service_errors(bound, exc)
            if not can(request.user, nomination, action):
                # The dossier moved on (another tab, another officer): its page no longer
                # shows this form, so the reason is said at the top.
                for message in exc.messages:
                    messages.error(request, message)
        else:
            messages.success(request, success)
            return redirect(nomination)
    nomination.refresh_from_db()
    return _render_dossier(request, nomination, forms={bound.form_key: bound})


def _keyed(form, key):
    form.form_key = key
    return form


@login_required
@require_POST
def nomination_edit(request, code):
    def form(nomination):
        return _keyed(
            NominationEditForm(
                request.POST,
                campaigns=selectors.campaigns_for_year(request.user, nomination.year),
                initiatives=services.initiatives_for(nomination),
            ),
            "edit_form",
        )

    def write(nomination, bound):
        services.nomination_edit(actor=request.user, nomination=nomination, **bound.cleaned_data)

    return _dossier_write(
        request,
        code,
        action="change",
        form=form,
        write=write,
        success=_("The dossier has been saved."),
    )


@login_required
@require_POST
def nomination_sign(request, code):
    def form(nomination):
        return _keyed(SignedReportForm(request.POST, request.FILES), "sign_form")

    def write(nomination, bound):
        services.nomination_sign(
            actor=request.user, nomination=nomination, upload=bound.cleaned_data["signed_report"]
        )

    return _dossier_write(
        request,
        code,
        action="change",
        form=form,
        write=write,
        success=_("The signed report is attached."),
    )


@login_required
@require_POST
def nomination_attach(request, code):
    def form(nomination):
        return _keyed(AttachmentForm(request.POST, request.FILES), "attachment_form")

    def write(nomination, bound):
        services.attachment_add(
            actor=request.user,
            nomination=nomination,
            kind=bound.cleaned_data["kind"],
            upload=bound.cleaned_data["file"],
        )

    return _dossier_write(
        request,
        code,
        action="change",
        form=form,
        write=write,
        success=_("The file is attached."),
    )


@login_required
@require_POST
def nomination_return(request, code):
    def form(nomination):
        return _keyed(NominationReturnForm(request.POST, prefix="return"), "return_form")

    def write(nomination, bound):
        services.nomination_return(
            actor=request.user, nomination=nomination, comment=bound.cleaned_data["comment"]
        )

    return _dossier_write(
        request,
        code,
        action="return",
        form=form,
        write=write,
        success=_("The dossier is returned; the unit has been told what to change."),
    )


@login_required
@require_POST
def nomination_accept(request, code):
    def form(nomination):
        return _keyed(NominationAcceptForm(request.POST, prefix="accept"), "accept_form")

    def write(nomination, bound):
        services.nomination_accept(
            actor=request.user, nomination=nomination, comment=bound.cleaned_data["comment"]
        )

    return _dossier_write(
        request,
        code,
        action="accept",
        form=form,
        write=write,
        success=_("The dossier is accepted: it can go before the council."),
    )


def _simple_write(request, code, *, action, write, success):
    nomination = get_for_user(request, NOMINATIONS, action=action, code=code)
    _done, result = write_and_say(request, lambda: write(nomination), success=success)
    return redirect(result or nomination)


@login_required
@require_POST
def nomination_resubmit(request, code):
    return _simple_write(
        request,
        code,
        action="submit",
        write=lambda nomination: services.nomination_resubmit(
            actor=request.user, nomination=nomination
        ),
        success=_("The dossier was sent again to the emulation office."),
    )


@login_required
@require_POST
def nomination_remove(request, code):
    def write(nomination):
        page = nomination.nomination_list.get_absolute_url()
        services.nomination_remove(actor=request.user, nomination=nomination)
        return page

    return _simple_write(
        request,
        code,
        action="remove",
        write=write,
        success=_("The dossier has been taken off the list."),
    )


@login_required
@require_POST
def attachment_remove(request, pk):
    attachment = get_for_user(
        request,
        NominationAttachment.objects.select_related("nomination__nomination_list__unit"),
        pk=pk,
    )
    nomination = attachment.nomination
    require(request, "awards.nominate", nomination.nomination_list.unit)
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file has been removed."))
    return redirect(nomination)


@login_required
@require_GET
def attachment_download(request, pk):
    attachment = get_for_user(request, NominationAttachment, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is no longer stored.")) from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


@login_required
@require_GET
def signed_report_download(request, code):
    nomination = get_for_user(request, Nomination, code=code)
    if not nomination.signed_report:
        raise Http404(_("No signed report is attached."))
    try:
        handle = nomination.signed_report.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is no longer stored.")) from exc
    return FileResponse(handle, as_attachment=True, filename=nomination.signed_report_name)


@login_required
@require_GET
def nomination_report_pdf(request, code):
    """The achievement report laid out to print and sign (báo cáo thành tích)."""
    nomination = get_for_user(request, NOMINATIONS, code=code)
    content = documents.achievement_report_pdf(
        nomination, base_url=request.build_absolute_uri(reverse("home"))
    )
    return pdf_attachment(content, documents.achievement_report_filename(nomination))

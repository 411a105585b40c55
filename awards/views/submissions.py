"""Pages of the submissions to the province (tờ trình đề nghị khen thưởng): the officer prepares
one from a published posting, sends it, records what the province returns and decides; the
leadership reads them. The package PDF and the ZIP of the dossiers' files are downloads."""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import submission_documents as documents
from awards.forms.decisions import DecisionIssueForm
from awards.forms.submissions import (
    SubmissionCreateForm,
    SubmissionEditForm,
    SubmissionRecordForm,
    SubmissionReturnForm,
)
from awards.models import Posting, Submission
from awards.services import submissions as services
from awards.services.decisions import signers, signing_date
from organizations.access import get_for_user, require
from organizations.downloads import pdf_attachment
from organizations.forms import write_and_say, write_with_form
from organizations.workflow import can, workflow_for

SUBMISSIONS = Submission.objects.select_related("agency__parent", "posting", "signer")
# Above this size the ZIP being written spills from memory to a temporary file.
ZIP_IN_MEMORY = 16 * 1024 * 1024


def _view_denied():
    return _("Only the emulation officer and the leadership read the submissions to the province.")


def _submission(request, code, **access):
    if not access:
        access = {"permission": "awards.view_submissions", "denied": _view_denied()}
    return get_for_user(request, SUBMISSIONS, code=code, **access)


# --- the list -----------------------------------------------------------------------------------


def _year_of(request) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


@login_required
@require_GET
def submission_list(request):
    require(request, "awards.view_submissions", denied=_view_denied())
    visible = Submission.objects.visible_to(request.user)
    year = _year_of(request)
    rows = visible.filter(year=year) if year else visible
    rows = (
        rows.select_related("agency", "posting")
        .annotate(nominee_count=Count("nominations"))
        .order_by("-year", "-created_at", "-pk")
    )
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
    return render(
        request,
        "awards/submission_list.html",
        {
            "page": page,
            "years": years,
            "year": year,
            "query": f"year={year}" if year else "",
            "may_manage": request.user.has_perm("awards.manage_decisions"),
        },
    )


@login_required
@require_POST
def submission_create(request):
    require(request, "awards.manage_decisions", denied=services.MANAGE_DENIED)
    form = SubmissionCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the published list to prepare the submission from."))
        return redirect("awards:posting_list")
    posting = get_for_user(
        request,
        Posting.objects.select_related("agency"),
        permission="awards.manage_decisions",
        denied=services.MANAGE_DENIED,
        code=form.cleaned_data["posting"],
    )
    done, submission = write_and_say(
        request,
        lambda: services.submission_create(actor=request.user, posting=posting),
        success=_(
            "The submission is prepared: check the addressee, the signer and the nominees, "
            "then send it once the posting has ended."
        ),
    )
    return redirect(submission if done else posting)


# --- one submission -----------------------------------------------------------------------------


def _nominations(submission):
    return documents.nominations_of(submission)


def _edit_form(submission, data=None):
    initial = {
        "title": submission.title,
        "addressee": submission.addressee,
        "place": submission.place,
        "signed_on": submission.signed_on,
        "signer": submission.signer_id,
        "nominations": list(submission.nominations.values_list("pk", flat=True)),
    }
    return SubmissionEditForm(
        data,
        initial=initial,
        signers=signers(submission.agency, submission.signed_on),
        candidates=services.candidates(submission)
        .select_related("award", "person", "unit", "posting_entry")
        .order_by("posting_entry__position", "pk"),
    )


def _record_form(submission, data=None):
    nominees = submission.nominations.select_related("award", "person", "unit").order_by(
        "posting_entry__position", "pk"
    )
    return SubmissionRecordForm(data, submission=submission, nominees=nominees)


def _detail_page(request, submission, *, forms=None, status=200):
    nominations = _nominations(submission)
    context = {
        "submission": submission,
        "rows": documents.list_rows(nominations),
        "window_open": submission.posting is not None
        and not submission.posting.window_over()
        and submission.state.draft,
    }
    if can(request.user, submission, "change"):
        context["edit_form"] = _edit_form(submission)
    if submission.number is None and can(request.user, submission, "send"):
        context["send_form"] = DecisionIssueForm(initial={"signed_on": signing_date(submission)})
    if can(request.user, submission, "return"):
        context["return_form"] = SubmissionReturnForm()
    if can(request.user, submission, "record"):
        context["record_form"] = _record_form(submission)
    context.update(forms or {})
    return render(request, "awards/submission_detail.html", context, status=status)


@login_required
@require_GET
def submission_detail(request, code):
    return _detail_page(request, _submission(request, code))


def _refused(request, submission, action) -> bool:
    """Say why the action cannot be taken now, if it cannot; True when refused."""
    refusal = workflow_for(submission).refusal(submission, action)
    if refusal:
        messages.error(request, refusal)
    return bool(refusal)


@login_required
@require_POST
def submission_edit(request, code):
    submission = _submission(request, code, action="change")
    if _refused(request, submission, "change"):
        return redirect(submission)
    form = _edit_form(submission, request.POST)
    done, _result = write_with_form(
        request,
        form,
        lambda data: services.submission_edit(actor=request.user, submission=submission, **data),
        success=_("The submission is saved."),
    )
    if done:
        return redirect(submission)
    return _detail_page(request, submission, forms={"edit_form": form}, status=400)


@login_required
@require_POST
def submission_send(request, code):
    submission = _submission(request, code, action="send")
    signed_on = None
    if "signed_on" in request.POST:
        form = DecisionIssueForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the date the submission was signed, as dd/mm/yyyy."))
            return redirect(submission)
        signed_on = form.cleaned_data["signed_on"]
    write_and_say(
        request,
        lambda: services.submission_send(
            actor=request.user, submission=submission, signed_on=signed_on
        ),
        success=lambda sent: (
            _("Submission %(symbol)s is sent to the province.") % {"symbol": sent.symbol}
        ),
    )
    return redirect(submission)


@login_required
@require_POST
def submission_return(request, code):
    submission = _submission(request, code, action="return")
    if _refused(request, submission, "return"):
        return redirect(submission)
    form = SubmissionReturnForm(request.POST)
    done, _result = write_with_form(
        request,
        form,
        lambda data: services.submission_return(
            actor=request.user, submission=submission, note=data["returned_note"]
        ),
        success=_("The submission is marked returned: complete it, then send it again."),
    )
    if done:
        return redirect(submission)
    return _detail_page(request, submission, forms={"return_form": form}, status=400)


@login_required
@require_POST
def submission_record(request, code):
    submission = _submission(request, code, action="record")
    if _refused(request, submission, "record"):
        return redirect(submission)
    form = _record_form(submission, request.POST)
    done, _result = write_with_form(
        request,
        form,
        lambda data: services.submission_record(
            actor=request.user,
            submission=submission,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            issuer=data["decision_issuer"],
            awarded=data["awarded"],
        ),
        success=_("The province's decision is recorded in the award history."),
    )
    if done:
        return redirect(submission)
    return _detail_page(request, submission, forms={"record_form": form}, status=400)


# --- the downloads ------------------------------------------------------------------------------


@login_required
@require_GET
def submission_pdf(request, code):
    """The package as one PDF: cover letter and list, council minutes, achievement reports."""
    submission = _submission(request, code)
    content = documents.package_pdf(
        submission, base_url=request.build_absolute_uri(reverse("home"))
    )
    return pdf_attachment(content, documents.package_filename(submission))


@login_required
@require_GET
def submission_zip(request, code):
    """The dossiers' files, a folder per nominee."""
    submission = _submission(request, code)
    target = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY)
    documents.write_attachments_zip(submission, target)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=documents.attachments_filename(submission),
        content_type="application/zip",
    )

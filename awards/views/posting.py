"""Pages of the public posting: the officer's (prepare, publish, answer) and the public's, open
without signing in (read the list, leave a comment)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.forms.posting import AnswerForm, CommentForm, PostingCreateForm, PostingEditForm
from awards.models import Posting, PostingComment
from awards.services import decisions as decision_services
from awards.services import posting as services
from awards.services import submissions as submission_services
from organizations.access import get_for_user, require
from organizations.forms import write_and_say, write_with_form
from organizations.selectors import own_agency
from organizations.workflow import can, workflow_for

POSTINGS = Posting.objects.select_related("agency")
ENTRY_JOINS = (
    "nomination__award",
    "nomination__person__unit",
    "nomination__unit",
    "nomination__nomination_list__unit",
)


def _entries(posting):
    return posting.entries.select_related(*ENTRY_JOINS).order_by("position", "pk")


def _comments(posting):
    return posting.comments.select_related(
        "entry__nomination__person", "entry__nomination__unit", "entry__nomination__award"
    ).order_by("created_at", "pk")


# --- the officer's pages ------------------------------------------------------------------------


@login_required
@require_GET
def posting_list(request):
    require(request, "awards.manage_postings", denied=services.MANAGE_DENIED)
    return _list_page(request, PostingCreateForm(initial={"year": timezone.localdate().year}))


def _list_page(request, form, status=200):
    postings = Posting.objects.visible_to(request.user).select_related("agency")
    return render(
        request, "awards/posting_list.html", {"postings": postings, "form": form}, status=status
    )


@login_required
@require_POST
def posting_create(request):
    require(request, "awards.manage_postings", denied=services.MANAGE_DENIED)
    agency = own_agency(request.user)
    if agency is None:
        messages.error(request, _("Your login is not linked to a person of an agency."))
        return redirect("awards:posting_list")
    form = PostingCreateForm(request.POST)
    done, posting = write_with_form(
        request,
        form,
        lambda data: services.posting_create(actor=request.user, agency=agency, **data),
        success=_("The list is prepared: check the one-line summaries, then publish it."),
    )
    if done:
        return redirect(posting)
    return _list_page(request, form, status=400)


def _detail_page(request, posting, *, forms=None, status=200):
    entries = list(_entries(posting))
    comments = list(_comments(posting))
    context = {
        "posting": posting,
        "entries": entries,
        "comments": comments,
        "waiting": sum(comment.status == PostingComment.Status.NEW for comment in comments),
        "decisions": list(posting.decisions.order_by("created_at", "pk")),
    }
    if posting.state.published and request.user.has_perm("awards.manage_decisions", posting.agency):
        # The buttons show while something on the list still waits for a decision or the
        # province.
        context["may_decide"] = decision_services.decidable(posting).exists()
        context["may_submit"] = submission_services.submittable(posting).exists()
    if can(request.user, posting, "change"):
        context["edit_form"] = PostingEditForm(
            initial={"title": posting.title, "working_days": posting.working_days},
            entries=entries,
        )
    context.update(forms or {})
    return render(request, "awards/posting_detail.html", context, status=status)


@login_required
@require_GET
def posting_detail(request, code):
    posting = get_for_user(
        request,
        POSTINGS,
        permission="awards.manage_postings",
        denied=services.MANAGE_DENIED,
        code=code,
    )
    return _detail_page(request, posting)


@login_required
@require_POST
def posting_edit(request, code):
    posting = get_for_user(request, POSTINGS, action="change", code=code)
    refusal = workflow_for(posting).refusal(posting, "change")
    if refusal:
        messages.error(request, refusal)
        return redirect(posting)
    form = PostingEditForm(request.POST, entries=_entries(posting))
    done, _result = write_with_form(
        request,
        form,
        lambda data: services.posting_edit(
            actor=request.user,
            posting=posting,
            title=data["title"],
            working_days=data["working_days"],
            summaries=form.summaries(),
        ),
        success=_("The list is saved."),
    )
    if done:
        return redirect(posting)
    return _detail_page(request, posting, forms={"edit_form": form}, status=400)


@login_required
@require_POST
def posting_publish(request, code):
    posting = get_for_user(request, POSTINGS, action="publish", code=code)
    write_and_say(
        request,
        lambda: services.posting_publish(actor=request.user, posting=posting),
        success=lambda published: (
            _("The list is published; comments are open until %(day)s.")
            % {"day": f"{published.closes_on:%d/%m/%Y}"}
        ),
    )
    return redirect(posting)


def _comment_of(request, pk, action):
    return get_for_user(
        request, PostingComment.objects.select_related("posting__agency"), action=action, pk=pk
    )


@login_required
@require_POST
def comment_answer(request, pk):
    comment = _comment_of(request, pk, "answer")
    form = AnswerForm(request.POST, prefix=f"c{comment.pk}")
    done, _result = write_with_form(
        request,
        form,
        lambda data: services.comment_answer(
            actor=request.user, comment=comment, answer=data["answer"]
        ),
        success=_("The answer is published under the comment."),
    )
    if not done:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(comment.posting)


@login_required
@require_POST
def comment_resolve(request, pk):
    comment = _comment_of(request, pk, "resolve")
    write_and_say(
        request,
        lambda: services.comment_resolve(actor=request.user, comment=comment),
        success=_("The comment is marked resolved."),
    )
    return redirect(comment.posting)


# --- the public's pages (no sign-in) -------------------------------------------------------------


@require_GET
def posting_index(request):
    postings = Posting.objects.public().select_related("agency").order_by("-published_at")[:50]
    return render(request, "awards/posting_index.html", {"postings": postings})


@require_http_methods(["GET", "POST"])
def posting_public(request, code):
    posting = Posting.objects.public().select_related("agency").filter(code=code).first()
    if posting is None:
        raise Http404
    form = CommentForm(request.POST or None, posting=posting)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_add(
                    posting=posting,
                    author=form.cleaned_data["author"],
                    text=form.cleaned_data["text"],
                    entry=form.cleaned_data["entry"],
                    address=request.META.get("REMOTE_ADDR", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request, _("Thank you: your comment is received; the answer will show here.")
                )
                return redirect(posting.get_public_url())
        status = 400
    return render(
        request,
        "awards/posting_public.html",
        {
            "posting": posting,
            "entries": list(_entries(posting)),
            "comments": list(_comments(posting)),
            "form": form,
            "open": posting.window_open(),
        },
        status=status,
    )

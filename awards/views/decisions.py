"""Decisions on commendation: the registry (list, search, Excel), a decision's page and papers
(the decision's PDF, its certificates), the officer's draft and issue, and the public page that
verifies a certificate by the code its QR carries."""

import datetime
import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from awards import decision_documents as documents
from awards import selectors
from awards.forms.decisions import (
    CERTIFICATE_PRINTERS,
    NO_CERTIFICATE,
    DecisionEditForm,
    DecisionIssueForm,
    SequenceContinueForm,
    decision_filter,
)
from awards.models import (
    Award,
    AwardRecord,
    Decision,
    DocumentSequence,
    Nomination,
    Posting,
    RuleSet,
)
from awards.services import decisions as services
from awards.services import numbering
from organizations.access import get_for_user, require
from organizations.downloads import pdf_attachment, site_url
from organizations.forms import write_and_say, write_with_form
from organizations.listing import drawn_version, filtered_page, form_version
from organizations.models import Person
from organizations.scope import agency_root_path, person_of, scope_for
from organizations.selectors import own_agency
from organizations.views.jobs import start_export, start_job
from organizations.workflow import can

AWARDEES_PER_PAGE = 50


@login_required
@require_GET
def decision_list(request):
    require(request, "awards.view_decisions")
    return _list_page(request)


def _list_page(request, sequence_form=None, status=200):
    filterset = decision_filter(request.user, request.GET)
    manages = request.user.has_perm("awards.manage_decisions")
    context = filtered_page(request, filterset)
    shown = context["page"].object_list
    context["rows"] = rows = [
        DecisionRow(
            code=str(decision.code),
            symbol=decision.symbol,
            signed_on=decision.signed_on,
            title=decision.title,
            signer=decision.signer_name or (decision.signer.full_name if decision.signer else ""),
            awardees=decision.award_count,
            status_badge=decision.status_badge,
            status_label=decision.status_label,
        )
        for decision in shown
    ]
    context["rows_version"] = drawn_version(rows)
    context["manages"] = manages
    if manages:
        context["postings"] = (
            Posting.objects.visible_to(request.user).public().order_by("-year", "-created_at")[:5]
        )
        person = person_of(request.user)
        # The own agency's, found by its path through the join: no read of the agency first.
        context["sequences"] = (
            list(
                DocumentSequence.objects.filter(
                    agency__path=agency_root_path(person.unit.path),
                    kind=DocumentSequence.Kind.DECISION,
                ).order_by("-year")[:3]
            )
            if person
            else []
        )
        context["sequence_form"] = form = sequence_form or SequenceContinueForm(
            initial={"year": timezone.localdate().year}
        )
        context["sequence_version"] = form_version(form)
    return render(request, "awards/decision_list.html", context, status=status)


@login_required
@require_POST
def sequence_continue(request):
    require(request, "awards.manage_decisions", denied=services.MANAGE_DENIED)
    agency = own_agency(request.user)
    form = SequenceContinueForm(request.POST)
    if agency is None:
        messages.error(request, _("Your login is not linked to a person of an agency."))
        return redirect("awards:decision_list")
    done, sequence = write_with_form(
        request,
        form,
        lambda data: numbering.sequence_continue(
            actor=request.user, agency=agency, kind=DocumentSequence.Kind.DECISION, **data
        ),
        success=_("The numbering continues: the next decision takes the following number."),
    )
    if done:
        return redirect("awards:decision_list")
    return _list_page(request, sequence_form=form, status=400)


@login_required
@require_POST
def decision_export(request):
    """Start the export of the registry as it is filtered (the query in `query`) as a job."""
    require(request, "awards.view_decisions")
    return start_export(
        request, kind="awards.decision_export", list_url=reverse("awards:decision_list")
    )


def _get_decision(request, code, **checks):
    decisions = selectors.decision_registry(request.user)
    return get_for_user(
        request, decisions.select_related("agency", "posting", "signer"), code=code, **checks
    )


def _detail_page(request, decision, *, form=None, status=200):
    context = {"decision": decision}
    if decision.state.issued:
        # A province's yearly decision may hold thousands of awards: a page of them at a time,
        # in the honour book's order, with the count and the total from the database.
        records = decision.records.select_related("award", "person__unit", "unit").order_by(
            "book_number", "pk"
        )
        query = request.GET.copy()
        query.pop("page", None)
        context["page"] = page = Paginator(records, AWARDEES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["awardees"] = awardees = _awardee_rows(request.user, list(page.object_list))
        context["awardees_version"] = drawn_version(awardees)
        context["prints_all"] = request.user.has_perm("awards.manage_decisions", decision.agency)
        context["query"] = query.urlencode()
        context.update(decision.records.aggregate(count=Count("pk"), total=Sum("amount")))
    elif can(request.user, decision, "change"):
        # The posted dossiers it may hold, a page at a time, each on or off the decision.
        on_it = Decision.nominations.through.objects.filter(
            decision=decision, nomination=OuterRef("pk")
        )
        candidates = _candidates(decision).annotate(on_decision=Exists(on_it))
        context["page"] = page = Paginator(candidates, AWARDEES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        rewards = _rewards(decision, {row.award for row in page.object_list})
        for row in page.object_list:
            row.amount = rewards.get(row.award_id)
        counts = dict(decision.nominations.values_list("award").annotate(n=Count("pk")).order_by())
        context["count"] = sum(counts.values())
        if counts:
            awards = Award.objects.filter(pk__in=counts)
            amounts = _rewards(decision, awards)
            context["total"] = sum(
                amounts[pk] * n for pk, n in counts.items() if amounts.get(pk) is not None
            )
        context["form"] = form or _edit_form(decision)
        context["held"] = _held(decision)
        context["issue_form"] = DecisionIssueForm(
            initial={"signed_on": services.signing_date(decision)}
        )
    else:
        rows = documents.annex_rows(decision)
        context["rows"] = rows
        context["count"] = len(rows)
        context["total"] = sum(row.amount for row in rows if row.amount is not None)
    if decision.posting_id:
        context["window_over"] = decision.posting.window_over()
    context["authority_line"], context["position_line"] = services.signature_lines(
        decision.signer_position or (decision.signer.position if decision.signer else "")
    )
    return render(request, "awards/decision_detail.html", context, status=status)


@dataclass(frozen=True)
class DecisionRow:
    """What a row of the registry shows: the rows are drawn again only when it changes."""

    code: str
    symbol: str
    signed_on: datetime.date
    title: str
    signer: str
    # The awards it granted; None for a draft.
    awardees: int | None
    status_badge: str
    status_label: str


@dataclass(frozen=True)
class AwardeeRow:
    """What a row of an issued decision's awardees shows, for its reader: the rows are drawn
    again only when it changes (organizations.listing.drawn_version)."""

    pk: int
    book_number: int | None
    name: str
    # The person's unit; empty for a collective.
    unit_name: str
    award_name: str
    is_title: bool
    kind_label: str
    amount: int | None
    status: str
    status_label: str
    revoking_decision: str
    revoked_on: datetime.date | None
    certificate_code: str | None
    printable: bool
    may_revoke: bool

    @property
    def revoked(self) -> bool:
        return self.status == AwardRecord.Status.REVOKED


def _awardee_rows(user, records) -> list[AwardeeRow]:
    printable = _printable(user, records)
    return [
        AwardeeRow(
            pk=record.pk,
            book_number=record.book_number,
            name=record.person.full_name if record.person_id else record.unit.name,
            unit_name=record.person.unit.name if record.person_id else "",
            award_name=record.award.name,
            is_title=record.award.is_title,
            kind_label=record.award.get_kind_display(),
            amount=record.amount,
            status=record.status,
            status_label=record.state.label,
            revoking_decision=record.revoking_decision,
            revoked_on=record.revoked_on,
            certificate_code=record.certificate_code,
            printable=record.pk in printable,
            may_revoke=can(user, record, "revoke"),
        )
        for record in records
    ]


def _printable(user, records) -> set[int]:
    """Return the records of a page whose certificate the user may print: those of the people
    and units in the user's scope. The page's people are checked by key, not the scope's whole
    award history (docs/performance.md, "Decisions")."""
    people = {record.person_id for record in records if record.person_id}
    visible = set(
        Person.objects.visible_to(user).filter(pk__in=people).values_list("pk", flat=True)
    )
    scope = scope_for(user)
    return {
        record.pk
        for record in records
        if record.person_id in visible or (record.unit_id and scope.covers(record.unit.path))
    }


def _rewards(decision, awards) -> dict:
    """Return {award pk: reward} on the draft's base salary, the year's rule set read once."""
    rule_set = RuleSet.objects.for_year(decision.year)
    if rule_set is not None:
        rule_set = RuleSet.objects.prefetch_related("rules").get(pk=rule_set.pk)
    return {award.pk: services.reward_of(award, rule_set, decision.base_salary) for award in awards}


def _candidates(decision):
    if decision.posting_id is None:
        return Nomination.objects.none()
    return (
        services.within_authority(services.posted_passed(decision.posting))
        .exclude(services.held_filter())
        .select_related("award", "person__unit", "unit")
        .order_by("posting_entry__position", "pk")
    )


def _held(decision):
    """The posted, passed dossiers whose award a decision in the history grants already."""
    if decision.posting_id is None:
        return []
    return list(
        services.within_authority(services.posted_passed(decision.posting))
        .filter(services.held_filter())
        .select_related("award", "person", "unit")
        .order_by("posting_entry__position", "pk")
    )


def _edit_form(decision, data=None):
    initial = {
        "title": decision.title,
        "place": decision.place,
        "signed_on": decision.signed_on,
        "signer": decision.signer_id,
        "base_salary": decision.base_salary,
        "bases": decision.bases,
        "recipients": decision.recipients,
    }
    return DecisionEditForm(data, initial=initial, signers=services.signers(decision.agency))


@login_required
@require_GET
def decision_detail(request, code):
    decision = _get_decision(request, code, permission="awards.view_decisions")
    return _detail_page(request, decision)


@login_required
@require_POST
def decision_create(request, code):
    posting = get_for_user(
        request,
        Posting.objects.select_related("agency"),
        permission="awards.manage_decisions",
        denied=services.MANAGE_DENIED,
        code=code,
    )
    done, decision = write_and_say(
        request,
        lambda: services.decision_create(actor=request.user, posting=posting),
        success=_(
            "The draft decision is ready: check its wording, signer and awardees, then issue it."
        ),
    )
    return redirect(decision if done else posting)


@login_required
@require_POST
def decision_edit(request, code):
    decision = _get_decision(request, code, action="change")
    form = _edit_form(decision, request.POST)
    done, decision_saved = write_with_form(
        request,
        form,
        lambda data: services.decision_edit(actor=request.user, decision=decision, **data),
        success=_("The draft is saved."),
    )
    if done:
        return redirect(decision_saved)
    return _detail_page(request, decision, form=form, status=400)


@login_required
@require_POST
def decision_awardee(request, code):
    """Put one posted dossier on the draft, or take it off; back to the same page of them."""
    decision = _get_decision(request, code, action="change")
    nomination = _candidates(decision).filter(code=_uuid(request.POST.get("nomination"))).first()
    if nomination is None:
        messages.error(request, _("This dossier cannot be on this decision."))
    else:
        on = request.POST.get("on") == "1"
        write_and_say(
            request,
            lambda: services.decision_awardee(
                actor=request.user, decision=decision, nomination=nomination, on=on
            ),
            success=(
                _("%(name)s is on the decision.")
                if on
                else _("%(name)s is taken off the decision.")
            )
            % {"name": nomination.nominee_name},
        )
    page = request.POST.get("page", "")
    suffix = f"?page={page}" if page.isdigit() else ""
    return redirect(f"{decision.get_absolute_url()}{suffix}")


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@login_required
@require_POST
def decision_issue(request, code):
    decision = _get_decision(request, code, action="issue")
    form = DecisionIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the decision was signed, as dd/mm/yyyy."))
        return redirect(decision)
    write_and_say(
        request,
        lambda: services.decision_issue(
            actor=request.user, decision=decision, signed_on=form.cleaned_data["signed_on"]
        ),
        success=lambda issued: (
            ngettext(
                "Decision %(number)s is issued: %(count)s award is in the history.",
                "Decision %(number)s is issued: %(count)s awards are in the history.",
                issued.records.count(),
            )
            % {"number": issued.symbol, "count": issued.records.count()}
        ),
    )
    return redirect(reverse("awards:decision_detail", args=[decision.code]))


@login_required
@require_GET
def decision_pdf(request, code):
    decision = _get_decision(request, code, permission="awards.view_decisions")
    content = documents.decision_pdf(decision, base_url=request.build_absolute_uri("/"))
    return pdf_attachment(content, documents.decision_filename(decision))


@login_required
@require_POST
def decision_certificates(request, code):
    """Start printing every certificate of an issued decision, as one PDF, as a job."""
    decision = _get_decision(
        request, code, permission="awards.manage_decisions", denied=CERTIFICATE_PRINTERS
    )
    if not documents.certificates_of(decision).exists():
        messages.error(request, NO_CERTIFICATE)
        return redirect(decision)
    return start_job(
        request,
        kind="awards.decision_certificates",
        params={"code": str(decision.code), "site": site_url(request)},
        back=decision.get_absolute_url(),
    )


@login_required
@require_GET
def record_certificate(request, pk):
    record = get_for_user(
        request,
        AwardRecord.objects.filter(certificate_code__isnull=False),
        pk=pk,
    )
    records = documents.certificate_records(AwardRecord.objects.filter(pk=record.pk))
    site = site_url(request)
    content = documents.certificates_pdf(
        records, verify_url=documents.verify_url_on(site), base_url=f"{site}/"
    )
    return pdf_attachment(content, documents.certificate_filename(record))


@login_required
@require_GET
def record_decision(request, pk):
    """The decision an award in someone's history comes from (the history links here)."""
    record = get_for_user(request, AwardRecord.objects.filter(decision__isnull=False), pk=pk)
    code = Decision.objects.filter(pk=record.decision_id).values_list("code", flat=True).get()
    return redirect("awards:decision_detail", code=code)


# --- the public verification page ---------------------------------------------------------------


@never_cache
@require_GET
def certificate_verify(request, code):
    """Say whether a certificate is valid or revoked: the name, the award, the year and the
    decision, nothing else. An unknown or malformed code is looked up the same way and gets
    the same 404 page, so the answer tells nothing about which codes exist."""
    record = (
        AwardRecord.objects.filter(certificate_code=code[:64])
        .select_related("award", "person", "unit")
        .first()
    )
    if record is None:
        return render(request, "awards/certificate_unknown.html", status=404)
    return render(request, "awards/certificate_verify.html", {"record": record})

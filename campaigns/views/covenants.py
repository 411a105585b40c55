"""Covenant pages: parties, commitments edited inline, signing, amendment, PDF and Excel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns import selectors, services
from campaigns.forms.covenants import (
    CommitmentForm,
    CovenantForm,
    PartyForm,
    SignForm,
    default_representative,
)
from campaigns.models import Campaign, Commitment, Covenant, Party
from campaigns.rules import acts_for_party
from organizations.access import get_for_user, require_action
from organizations.downloads import site_url
from organizations.forms import add_service_errors
from organizations.scope import scope_for
from organizations.summaries import cached_for
from organizations.views.jobs import start_job
from organizations.workflow import can, workflow_for

COVENANTS = Covenant.objects.select_related("campaign__organiser__parent", "amends")
PARTIES = Party.objects.select_related("covenant__campaign", "unit", "representative")
COMMITMENTS = Commitment.objects.select_related(
    "party__covenant__campaign", "party__unit", "party__representative", "focus_area"
)


def _party_url(party: Party) -> str:
    return f"{party.covenant.get_absolute_url()}#party-{party.pk}"


def _locked_message(party: Party) -> str:
    """Return why the party's commitments cannot be edited now, or ""."""
    return workflow_for(party).refusal(party, "edit_commitments") or ""


# The covenant


@login_required
def covenant_create(request, code):
    campaign = get_for_user(
        request, Campaign.objects.select_related("organiser"), action="change", code=code
    )
    initial = {
        "title": _("Emulation covenant %(year)s") % {"year": campaign.year},
        "signing_date": campaign.launch_date,
    }
    form = CovenantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            covenant = services.covenant_create(
                actor=request.user, campaign=campaign, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The covenant has been created. Add its parties next."))
            return redirect(covenant)
    return render(request, "campaigns/covenant_form.html", {"campaign": campaign, "form": form})


def _annotate_parties(request, covenant: Covenant, parties=None) -> list[Party]:
    """Return the parties with what this user may do with each, without a query per party."""
    parties = list(parties if parties is not None else selectors.covenant_with_parties(covenant))
    person_id = scope_for(request.user).person_id
    for party in parties:
        party.covenant = covenant
        party.signed = _signature_of(party)
        party.can_edit = can(request.user, party, "edit_commitments")
        # The reader's own: it signs for it, or speaks for its unit (a head, a union's chair).
        party.mine = party.representative_id == person_id or acts_for_party(request.user, party)
    return parties


def _signature_of(party: Party):
    try:
        return party.signature
    except Party.signature.RelatedObjectDoesNotExist:
        return None


def _add_commitment_tables(covenant: Covenant, parties: list[Party]) -> None:
    """Give each party its commitments' table, rendered once until the covenant's next event.

    Every change of a covenant's parties, commitments and signatures is recorded as an event
    about the covenant, so the tables (a hundred rows and more) are read and drawn again only
    after one; they depend besides on the language and on which parties the reader may edit.
    """

    def draw():
        prefetch_related_objects(parties, *selectors.commitments_prefetch(covenant))
        return {
            party.pk: render_to_string(
                "campaigns/partials/party_commitments.html", {"party": party, "covenant": covenant}
            )
            for party in parties
        }

    editable = ",".join(str(party.pk) for party in parties if party.can_edit)
    tables = cached_for(covenant, f"commitment-tables:{get_language()}:{editable}", draw)
    for party in parties:
        party.commitments_table = tables.get(party.pk, "")


@login_required
@require_GET
def covenant_detail(request, code):
    covenant = get_for_user(request, COVENANTS, code=code)
    parties = _annotate_parties(request, covenant, selectors.covenant_parties(covenant))
    _add_commitment_tables(covenant, parties)
    context = {
        "covenant": covenant,
        "campaign": covenant.campaign,
        "parties": parties,
        "amendment": Covenant.objects.filter(amends=covenant).first(),
        "signed_count": sum(1 for party in parties if party.signed),
    }
    return render(request, "campaigns/covenant_detail.html", context)


@login_required
def party_add(request, code):
    covenant = get_for_user(request, COVENANTS, action="change", code=code)
    if request.method == "POST":
        form = PartyForm(request.POST, covenant=covenant)
        if form.is_valid():
            try:
                party = services.party_add(
                    actor=request.user,
                    covenant=covenant,
                    unit=form.cleaned_data["unit"],
                    representative=form.cleaned_data["representative"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(unit)s is now a party; %(name)s signs for it.")
                    % {"unit": party.unit, "name": party.representative.full_name},
                )
                return redirect(_party_url(party))
    else:
        # A unit in the query string (the htmx swap on choosing a unit) offers its people and
        # proposes its signer.
        form = PartyForm(covenant=covenant, initial={"unit": request.GET.get("unit", "")})
        unit = form.chosen_unit()
        if unit is not None:
            signer = default_representative(unit)
            form.initial = {"unit": unit.code, "representative": getattr(signer, "pk", None)}
    return render(
        request,
        "campaigns/party_form.html",
        {"covenant": covenant, "campaign": covenant.campaign, "form": form},
    )


def _confirm_view(request, obj, *, action, template, write, success, extra=None, form=None):
    """Show a confirmation page, or why the action cannot be taken now; on POST run the write
    (once `form`, when given, is valid), then go to the page it returns."""
    covenant = obj if isinstance(obj, Covenant) else obj.covenant
    context = {
        "covenant": covenant,
        "campaign": covenant.campaign,
        "refusal": workflow_for(obj).refusal(obj, action),
        "form": form,
        **(extra or {}),
    }
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            result = write()
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, success(result))
            return redirect(result)
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def covenant_open(request, code):
    covenant = get_for_user(request, COVENANTS, action="open", code=code)
    parties = list(covenant.parties.select_related("unit", "representative"))
    return _confirm_view(
        request,
        covenant,
        action="open",
        template="campaigns/covenant_open_confirm.html",
        write=lambda: services.covenant_open(actor=request.user, covenant=covenant),
        success=lambda result: (
            _("The covenant is open for signature; its %(count)s representatives have been told.")
            % {"count": len(parties)}
        ),
        extra={"parties": parties},
    )


@login_required
@require_http_methods(["GET", "POST"])
def covenant_amend(request, code):
    covenant = get_for_user(request, COVENANTS, action="amend", code=code)
    return _confirm_view(
        request,
        covenant,
        action="amend",
        template="campaigns/covenant_amend_confirm.html",
        write=lambda: services.covenant_amend(actor=request.user, covenant=covenant),
        success=lambda amendment: (
            _(
                "Amendment %(version)s has been started and is open for signature; version "
                "%(previous)s stays in force until every party has signed it."
            )
            % {"version": amendment.version, "previous": covenant.version}
        ),
        extra={"amendment": Covenant.objects.filter(amends=covenant).first()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def covenant_sign(request, party_id):
    party = get_for_user(request, PARTIES, action="sign", pk=party_id)
    covenant = party.covenant

    def sign():
        services.covenant_sign(actor=request.user, party=party, reauthenticated=True)
        covenant.refresh_from_db(fields=["status"])
        return covenant

    def success(result):
        text = _("You have signed the covenant for %(unit)s.") % {"unit": party.unit}
        if result.state.in_force:
            text += " " + _("Every party has signed: the covenant is now in force.")
        return text

    commitments = list(party.commitments.select_related("focus_area"))
    return _confirm_view(
        request,
        party,
        action="sign",
        template="campaigns/covenant_sign_confirm.html",
        write=sign,
        success=success,
        extra={"party": party, "commitments": commitments},
        form=SignForm(request.POST or None, user=request.user),
    )


# Commitments, edited inline with htmx; every view also serves a plain full page.


def _party_block(request, party: Party, *, add_form=None):
    """Render one party's commitments table, as the covenant page shows it."""
    covenant = party.covenant
    (party,) = _annotate_parties(
        request, covenant, selectors.covenant_with_parties(covenant).filter(pk=party.pk)
    )
    return render(
        request,
        "campaigns/partials/party_commitments.html",
        {"party": party, "covenant": covenant, "add_form": add_form},
    )


def _auto_id(request, prefix: str) -> str:
    # Several forms can be open at once on the covenant page: keep their field ids apart.
    return f"id_{prefix}_%s" if request.htmx else "id_%s"


@login_required
@require_http_methods(["GET", "POST"])
def commitment_add(request, party_id):
    party = get_for_user(request, PARTIES, action="edit_commitments", pk=party_id)
    campaign = party.covenant.campaign
    form = CommitmentForm(
        request.POST or None, campaign=campaign, auto_id=_auto_id(request, f"party{party.pk}")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_save(
                actor=request.user, commitment=Commitment(party=party), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return _party_block(request, party)
            messages.success(request, _("The commitment has been added."))
            return redirect(_party_url(party))
    if request.htmx and request.method == "POST":
        # The add form sits inside the party's table: send the table back with the errors.
        return _party_block(request, party, add_form=form)
    return render(
        request,
        "campaigns/partials/commitment_form.html",
        {
            "form": form,
            "party": party,
            "covenant": party.covenant,
            "campaign": campaign,
            "commitment": None,
            "locked": _locked_message(party),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request, pk):
    commitment = get_for_user(request, COMMITMENTS, pk=pk)
    party = commitment.party
    require_action(request, party, "edit_commitments")
    campaign = party.covenant.campaign
    form = CommitmentForm(
        request.POST or None,
        campaign=campaign,
        initial=CommitmentForm.initial_for(commitment),
        auto_id=_auto_id(request, f"commitment{commitment.pk}"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_save(actor=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                party.can_edit = True
                return render(
                    request,
                    "campaigns/partials/commitment_row.html",
                    {"commitment": commitment, "party": party, "covenant": party.covenant},
                )
            messages.success(request, _("The commitment has been saved."))
            return redirect(_party_url(party))
    return render(
        request,
        "campaigns/partials/commitment_form.html",
        {
            "form": form,
            "party": party,
            "covenant": party.covenant,
            "campaign": campaign,
            "commitment": commitment,
            "locked": _locked_message(party),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_delete(request, pk):
    commitment = get_for_user(request, COMMITMENTS, pk=pk)
    party = commitment.party
    require_action(request, party, "edit_commitments")
    error = None
    if request.method == "POST":
        try:
            services.commitment_delete(actor=request.user, commitment=commitment)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if request.htmx:
                return _party_block(request, party)
            messages.success(request, _("The commitment has been removed."))
            return redirect(_party_url(party))
    return render(
        request,
        "campaigns/partials/commitment_delete_confirm.html",
        {
            "commitment": commitment,
            "party": party,
            "covenant": party.covenant,
            "campaign": party.covenant.campaign,
            "error": error or _locked_message(party),
        },
    )


# Documents


@login_required
@require_POST
def covenant_pdf(request, code):
    """Start printing the covenant as a PDF, as a job."""
    covenant = get_for_user(request, COVENANTS, code=code)
    return start_job(
        request,
        kind="campaigns.covenant_pdf",
        params={"code": str(covenant.code), "site": site_url(request)},
        back=covenant.get_absolute_url(),
    )


@login_required
@require_POST
def covenant_export(request, code):
    """Start the export of the covenant's commitments and their progress, as a job."""
    covenant = get_for_user(request, COVENANTS, code=code)
    return start_job(
        request,
        kind="campaigns.covenant_export",
        params={"code": str(covenant.code)},
        back=covenant.get_absolute_url(),
    )

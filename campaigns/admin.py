"""Campaigns, covenants and progress in the admin, for repairs.

The pages change these rows through campaigns.services, which check the right and the state,
lock the row, record an event and notify people. So here the workflow fields (statuses, reviews
and who/when they changed) are read-only, signatures are view-only, and a row its workflow has
locked (a closed campaign, a covenant in force, an accepted report, a concluded review) is shown,
not edited, as on the pages.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from campaigns.models import (
    Campaign,
    CampaignDocument,
    CampaignReview,
    Commitment,
    Covenant,
    Evidence,
    FocusArea,
    Milestone,
    Party,
    ProgressReport,
    Signature,
)
from organizations.admin import ReadOnlyInline, RecordAdmin
from organizations.workflow import workflow_for


class LockedByWorkflowAdmin(SimpleHistoryAdmin):
    """Show a row read-only once its workflow has locked it; `is_locked` says when."""

    # The bulk "delete selected" action does not ask about each row: only the row's own page,
    # which asks `has_delete_permission` with the row, deletes.
    actions = None

    def is_locked(self, obj) -> bool:
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.is_locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.is_locked(obj):
            return False
        return super().has_delete_permission(request, obj)


def _refused(obj, action: str) -> bool:
    """Return True when the object's declared workflow no longer allows the action."""
    return workflow_for(obj).refusal(obj, action) is not None


def _closed(campaign) -> bool:
    return _refused(campaign, "change")


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0
    fields = ["number", "title", "text"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["date", "title", "kind", "note"]


@admin.register(Campaign)
class CampaignAdmin(LockedByWorkflowAdmin):
    list_display = ["name", "kind", "organiser", "status", "start_date", "end_date", "launch_date"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "objectives", "parent_title", "organiser__name", "organiser__code"]
    list_select_related = ["organiser"]
    autocomplete_fields = ["organiser", "parent"]
    date_hierarchy = "start_date"
    # Launching, the reviews and closing go through the services (campaign_launch,
    # review_open, review_conclude).
    readonly_fields = ["code", "status", "created_by", "created_at"]
    inlines = [FocusAreaInline, MilestoneInline]

    def is_locked(self, obj):
        return _closed(obj)


@admin.register(CampaignDocument)
class CampaignDocumentAdmin(LockedByWorkflowAdmin):
    """A campaign's documents: added on the campaign's page, where the file's content is
    checked; here a title or kind is corrected."""

    list_display = ["title", "kind", "campaign", "original_name", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "original_name", "campaign__name"]
    list_select_related = ["campaign", "uploaded_by"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["campaign", "file", "original_name", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False

    def is_locked(self, obj):
        return _closed(obj.campaign)


@admin.register(FocusArea)
class FocusAreaAdmin(LockedByWorkflowAdmin):
    list_display = ["number", "title", "campaign"]
    list_filter = ["campaign__status", "campaign__kind"]
    search_fields = ["title", "text", "campaign__name"]
    list_select_related = ["campaign"]
    autocomplete_fields = ["campaign"]
    ordering = ["-campaign__start_date", "number"]

    def is_locked(self, obj):
        return _closed(obj.campaign)


@admin.register(Milestone)
class MilestoneAdmin(LockedByWorkflowAdmin):
    list_display = ["date", "title", "kind", "campaign"]
    list_filter = ["kind", "campaign__status"]
    search_fields = ["title", "note", "campaign__name"]
    list_select_related = ["campaign"]
    autocomplete_fields = ["campaign"]
    date_hierarchy = "date"

    def is_locked(self, obj):
        return _closed(obj.campaign)


class PartyInline(ReadOnlyInline):
    model = Party
    fields = ["order", "unit", "representative"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit", "representative")


@admin.register(Covenant)
class CovenantAdmin(LockedByWorkflowAdmin):
    list_display = ["title", "version", "campaign", "status", "signing_date", "in_force_at"]
    list_filter = ["status", "campaign__status"]
    search_fields = ["title", "signing_place", "campaign__name"]
    list_select_related = ["campaign"]
    autocomplete_fields = ["campaign"]
    date_hierarchy = "signing_date"
    # Opening, signing (the last signature puts it in force) and amending go through the
    # services; an amendment is a new version linked to the one it amends.
    readonly_fields = ["code", "status", "version", "amends", "in_force_at", "created_at"]
    inlines = [PartyInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "campaign"] if obj is not None else fields

    def is_locked(self, obj):
        return _refused(obj, "change")


@admin.register(Party)
class PartyAdmin(LockedByWorkflowAdmin):
    list_display = ["unit", "representative", "covenant", "order", "signed"]
    list_filter = ["covenant__status", "unit__kind"]
    search_fields = [
        "unit__name",
        "unit__code",
        "representative__full_name",
        "representative__search_name",
        "covenant__title",
    ]
    list_select_related = ["unit", "representative", "covenant", "signature"]
    autocomplete_fields = ["unit", "representative"]
    raw_id_fields = ["covenant"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "covenant"] if obj is not None else fields

    @admin.display(boolean=True, description=_("signed"))
    def signed(self, obj):
        return hasattr(obj, "signature")

    def is_locked(self, obj):
        # What a representative signed stays as signed; a change is an amendment.
        signed = workflow_for(obj).state_of(obj) == "signed"
        return signed or _refused(obj, "edit_commitments")


@admin.register(Commitment)
class CommitmentAdmin(LockedByWorkflowAdmin):
    list_display = [
        "short_text",
        "party",
        "covenant",
        "focus_area",
        "measure",
        "target",
        "due_date",
    ]
    list_filter = ["measure", "party__covenant__status"]
    search_fields = ["text", "party__unit__name", "party__covenant__title"]
    list_select_related = ["party__unit", "party__covenant", "focus_area"]
    autocomplete_fields = ["focus_area"]
    raw_id_fields = ["party"]
    readonly_fields = ["carried_from"]

    @admin.display(description=_("commitment"))
    def short_text(self, obj):
        return str(obj)

    @admin.display(description=_("covenant"), ordering="party__covenant__title")
    def covenant(self, obj):
        return obj.party.covenant

    def is_locked(self, obj):
        # The commitments of a covenant in force are what its parties signed.
        return _refused(obj.party, "edit_commitments")


@admin.register(Signature)
class SignatureAdmin(RecordAdmin):
    """A party's signature is the record of the act of signing: it is never written here."""

    list_display = ["signer_name", "party", "covenant", "signed_by", "signed_at"]
    list_filter = ["party__covenant__status"]
    search_fields = [
        "signer_name",
        "signed_by__username",
        "party__unit__name",
        "party__covenant__title",
    ]
    list_select_related = ["party__unit", "party__covenant", "signed_by"]
    date_hierarchy = "signed_at"

    @admin.display(description=_("covenant"), ordering="party__covenant__title")
    def covenant(self, obj):
        return obj.party.covenant


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")


@admin.register(ProgressReport)
class ProgressReportAdmin(LockedByWorkflowAdmin):
    """Progress reports: submitted and reviewed on the pages; here a report awaiting review
    can be repaired, its review stays the officer's."""

    list_display = [
        "commitment",
        "party",
        "period",
        "status",
        "value",
        "review",
        "reported_at",
        "reviewed_at",
    ]
    list_filter = ["review", "status", "period"]
    search_fields = [
        "commitment__text",
        "narrative",
        "review_comment",
        "commitment__party__unit__name",
    ]
    list_select_related = ["commitment__party__unit"]
    date_hierarchy = "reported_at"
    readonly_fields = [
        "commitment",
        "period",
        "reported_by",
        "reported_at",
        "review",
        "review_comment",
        "reviewed_by",
        "reviewed_at",
    ]
    inlines = [EvidenceInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("party"), ordering="commitment__party__unit__name")
    def party(self, obj):
        return obj.commitment.party

    def is_locked(self, obj):
        return _refused(obj, "revise")


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    """Files backing a report: uploaded with the report, where their content is checked. An
    admin may delete a file uploaded by mistake, not replace one."""

    list_display = ["original_name", "report", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "report__commitment__text"]
    list_select_related = ["report__commitment", "uploaded_by"]
    date_hierarchy = "uploaded_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CampaignReview)
class CampaignReviewAdmin(LockedByWorkflowAdmin):
    """Interim and final reviews: opened and concluded on the campaign's pages, which move the
    campaign's status; the conclusions of a concluded review stand as concluded."""

    list_display = ["campaign", "kind", "opened_by", "opened_at", "concluded_at"]
    list_filter = ["kind", ("concluded_at", admin.EmptyFieldListFilter)]
    search_fields = ["campaign__name", "conclusions"]
    list_select_related = ["campaign", "opened_by"]
    readonly_fields = ["campaign", "kind", "opened_by", "opened_at", "snapshot", "concluded_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Opening the review moved the campaign's status; without the review it could not move
        # on.
        return False

    def is_locked(self, obj):
        return _refused(obj, "conclude")

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from awards.models import (
    Award,
    AwardRecord,
    Ballot,
    BallotParticipation,
    Council,
    CouncilItem,
    CouncilMember,
    CouncilSession,
    Decision,
    DocumentSequence,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationAttachment,
    NominationList,
    Posting,
    PostingComment,
    PostingEntry,
    PublicHoliday,
    Registration,
    RegistrationList,
    Rule,
    RuleSet,
    SessionMember,
    Submission,
)
from organizations.admin import ReadOnlyInline, RecordAdmin


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "kind", "subject", "authority", "rank", "is_active"]
    list_filter = ["kind", "subject", "authority", "is_active"]
    search_fields = ["code", "name_vi", "name_en", "legal_basis"]
    ordering = ["kind", "subject", "rank", "code"]


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 0
    fields = ["key", "value", "unit", "document", "article", "status", "note"]
    ordering = ["key"]


# Rule sets and rules keep their history (who changed a threshold, when, from what): the
# eligibility pages show it next to the verdicts that used a rule. Rules edited inline on the
# rule set's page are recorded the same way.


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "effective_from", "effective_to"]
    list_filter = [("effective_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "documents"]
    date_hierarchy = "effective_from"
    inlines = [RuleInline]


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    list_display = ["rule_set", "key", "value", "unit", "confirmed", "citation"]
    list_filter = ["rule_set", "status"]
    search_fields = ["key", "description_vi", "description_en", "document", "article"]
    list_select_related = ["rule_set"]
    ordering = ["rule_set__effective_from", "key"]
    history_list_display = ["value", "status"]

    @admin.display(boolean=True, description=_("confirmed"), ordering="status")
    def confirmed(self, obj):
        # A red cross in the changelist is the "to confirm" flag officers look for.
        return not obj.to_confirm

    @admin.display(description=_("citation"))
    def citation(self, obj):
        return obj.citation


class AuthorInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # The admin writes without the services, so it checks the shares the same way.
        shares = [
            form.cleaned_data["share"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("share") is not None
        ]
        total = sum(shares, Decimal(0))
        if shares and total != Decimal(100):
            raise ValidationError(
                _("The authors' shares must add up to exactly 100 %%; they add up to %(total)s %%.")
                % {"total": format(total.normalize(), "f")}
            )


class InitiativeAuthorInline(admin.TabularInline):
    model = InitiativeAuthor
    formset = AuthorInlineFormSet
    extra = 0
    min_num = 1
    autocomplete_fields = ["person"]


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "unit",
        "scope",
        "decision_number",
        "decision_date",
        "used_for_award",
        "used_for_year",
    ]
    list_filter = ["scope", "used_for_award", "used_for_year"]
    search_fields = ["title", "summary", "decision_number", "recognised_by"]
    list_select_related = ["unit", "used_for_award"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "decision_date"
    # An initiative grounds one award, once: the award-history page marks the use, with its
    # check and its event.
    readonly_fields = ["used_for_award", "used_for_year"]
    inlines = [InitiativeAuthorInline]


@admin.register(InitiativeAuthor)
class InitiativeAuthorAdmin(SimpleHistoryAdmin):
    """The authors of initiatives, to search; their shares are edited with the initiative, where
    the shares are checked to add up to 100 %."""

    list_display = ["person", "initiative", "share"]
    list_filter = ["initiative__scope"]
    search_fields = [
        "person__full_name",
        "person__search_name",
        "person__code",
        "initiative__title",
    ]
    list_select_related = ["person", "initiative"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AwardRecord)
class AwardRecordAdmin(SimpleHistoryAdmin):
    list_display = [
        "award",
        "kind",
        "nominee",
        "year",
        "decision_number",
        "decision_date",
        "issuer",
        "status",
        "source",
    ]
    list_filter = ["status", "source", "award__kind", "award__subject", "award", "year"]
    search_fields = [
        "decision_number",
        "issuer",
        "source_document",
        "person__full_name",
        "person__search_name",
        "person__code",
        "unit__name",
        "unit__code",
        "award__code",
        "award__name_vi",
    ]
    list_select_related = ["award", "person", "unit"]
    ordering = ["-year", "award__rank", "pk"]
    # Records are added and revoked on the award-history pages and by the Excel import, where the
    # once-a-year check, the revocation's decision and the event apply. The admin only repairs a
    # decision's particulars.
    readonly_fields = [
        "award",
        "person",
        "unit",
        "year",
        "status",
        "revocation_reason",
        "revoking_decision",
        "source",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("kind"), ordering="award__kind")
    def kind(self, obj):
        # Titles and forms of commendation are never shown without their kind.
        return obj.award.get_kind_display()

    @admin.display(description=_("nominee"))
    def nominee(self, obj):
        return obj.person or obj.unit


# Registrations (đăng ký thi đua). The admin edits rows without the services: officers use the
# pages, where the workflow's checks and events apply; the admin is for repairs.


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["award", "person", "unit", "note", "registered_by", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["person", "unit"]
    raw_id_fields = ["registered_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("award", "person", "unit")


@admin.register(RegistrationList)
class RegistrationListAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "campaign", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "year"]
    search_fields = ["unit__name", "unit__code", "campaign__name", "review_comment"]
    list_select_related = ["unit", "campaign"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["campaign"]
    # Submitting, approving and returning a list go through awards.services.registrations,
    # which check the right and the state, record an event and tell the people concerned.
    readonly_fields = [
        "status",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
        "created_at",
    ]
    ordering = ["-year", "unit__path"]
    inlines = [RegistrationInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None:
            # Its entries copy the year, and the list is unique per unit, year and campaign.
            fields = [*fields, "unit", "year", "campaign"]
        return fields


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["registrant", "subject", "award", "year", "unit_of_list", "list_status"]
    list_filter = ["year", "award", "registration_list__status"]
    search_fields = [
        "person__full_name",
        "person__search_name",
        "person__code",
        "unit__name",
        "unit__code",
        "award__code",
        "award__name_vi",
    ]
    list_select_related = ["award", "person", "unit", "registration_list__unit"]
    autocomplete_fields = ["person", "unit"]
    raw_id_fields = ["registration_list", "registered_by"]
    readonly_fields = ["created_at"]
    ordering = ["-year", "registration_list__unit__path", "award__rank"]

    @admin.display(description=_("registrant"))
    def registrant(self, obj):
        return obj.registrant

    @admin.display(description=_("awarded to"))
    def subject(self, obj):
        return obj.award.get_subject_display()

    @admin.display(description=_("unit"), ordering="registration_list__unit__path")
    def unit_of_list(self, obj):
        return obj.registration_list.unit

    @admin.display(description=_("list status"), ordering="registration_list__status")
    def list_status(self, obj):
        return obj.registration_list.get_status_display()


# Nominations: drafted, sent and reviewed on the pages (awards.services.nominations), which check
# the right and the state, lock the dossier, keep its verdict and record every step. Here they
# are read, and their wording repaired at most.


class NominationInline(ReadOnlyInline):
    model = Nomination
    fields = ["award", "person", "unit", "kind", "status", "verdict"]


@admin.register(NominationList)
class NominationListAdmin(RecordAdmin):
    list_display = ["unit", "year", "campaign", "status", "submitted_at"]
    list_filter = ["status", "year"]
    search_fields = ["unit__name", "unit__code", "campaign__name"]
    list_select_related = ["unit", "campaign"]
    inlines = [NominationInline]


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    list_display = ["nominee_name", "award", "year", "kind", "status", "verdict", "unit_of_list"]
    list_filter = ["status", "verdict", "year", "kind", "award__kind"]
    search_fields = [
        "person__full_name",
        "person__search_name",
        "person__code",
        "unit__name",
        "unit__code",
        "award__code",
        "award__name_vi",
    ]
    list_select_related = ["award", "person", "unit", "nomination_list__unit"]
    fields = [
        "code",
        "nomination_list",
        "year",
        "award",
        "person",
        "unit",
        "kind",
        "campaign",
        "achievement_report",
        "justification",
        "status",
        "verdict",
        "verdict_snapshot",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
    ]
    # Only the wording of the report may be repaired here; everything else is the workflow's.
    readonly_fields = [name for name in fields if name != "achievement_report"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("unit"), ordering="nomination_list__unit__path")
    def unit_of_list(self, obj):
        return obj.nomination_list.unit

    @admin.display(description=_("nominee"))
    def nominee_name(self, obj):
        return obj.nominee_name

    def has_change_permission(self, request, obj=None):
        # A dossier the unit no longer holds is read as it was sent.
        if obj is not None and not obj.state.draft and not obj.state.returned:
            return False
        return super().has_change_permission(request, obj)


@admin.register(NominationAttachment)
class NominationAttachmentAdmin(RecordAdmin):
    list_display = ["original_name", "kind", "nomination", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["original_name", "nomination__person__full_name", "nomination__unit__name"]
    list_select_related = ["nomination__award", "nomination__person", "nomination__unit"]


# The council: its members are kept here or on its page; its sessions run on the pages
# (awards.services.council), whose workflow decides the agenda, the vote and the count. The
# ballots are secret: the admin shows them only as each item's tally, never row by row.


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    fields = ["person", "role", "is_active"]
    autocomplete_fields = ["person"]


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ["name", "agency", "term_start", "term_end", "decision"]
    list_filter = ["term_start"]
    search_fields = ["name", "agency__name", "agency__code", "decision"]
    list_select_related = ["agency"]
    inlines = [CouncilMemberInline]


@admin.register(CouncilMember)
class CouncilMemberAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "is_active", "council"]
    list_filter = ["role", "is_active"]
    search_fields = ["person__full_name", "person__code", "council__name"]
    list_select_related = ["person", "council"]
    autocomplete_fields = ["person"]


class CouncilItemInline(ReadOnlyInline):
    model = CouncilItem
    fields = ["position", "nomination", "agree", "disagree", "not_returned", "members", "outcome"]


class SessionMemberInline(ReadOnlyInline):
    model = SessionMember
    fields = ["member", "present"]


@admin.register(CouncilSession)
class CouncilSessionAdmin(RecordAdmin):
    list_display = ["council", "starts_at", "year", "place", "status"]
    list_filter = ["status", "year"]
    search_fields = ["council__name", "place"]
    list_select_related = ["council"]
    inlines = [SessionMemberInline, CouncilItemInline]


@admin.register(SessionMember)
class SessionMemberAdmin(RecordAdmin):
    list_display = ["member", "present", "session"]
    list_filter = ["present"]
    search_fields = ["member__person__full_name", "session__council__name"]
    list_select_related = ["member__person", "session__council"]


@admin.register(CouncilItem)
class CouncilItemAdmin(RecordAdmin):
    """Each item with its tally: the only view of the ballots the admin gives."""

    list_display = [
        "nomination",
        "session",
        "agree",
        "disagree",
        "not_returned",
        "members",
        "threshold",
        "outcome",
    ]
    list_filter = ["outcome", "session__year"]
    search_fields = [
        "nomination__person__full_name",
        "nomination__unit__name",
        "nomination__award__code",
    ]
    list_select_related = [
        "nomination__award",
        "nomination__person",
        "nomination__unit",
        "session__council",
    ]


class SecretBallotAdmin(RecordAdmin):
    """Registered so the model is accounted for, but never shown row by row: a list of ballots
    next to the list of who voted would invite pairing them; the tallies are on the items."""

    def has_view_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return False


@admin.register(Ballot)
class BallotAdmin(SecretBallotAdmin):
    list_filter = ["choice"]
    search_fields = ["item__nomination__person__full_name"]
    list_select_related = ["item"]


@admin.register(BallotParticipation)
class BallotParticipationAdmin(SecretBallotAdmin):
    list_filter = ["channel"]
    search_fields = ["member__person__full_name"]
    list_select_related = ["item", "member"]


# Public posting: prepared, published and answered on the pages (awards.services.posting). The
# public holidays are data the officer keeps here.


@admin.register(PublicHoliday)
class PublicHolidayAdmin(SimpleHistoryAdmin):
    list_display = ["day", "name"]
    list_filter = ["day"]
    search_fields = ["name"]
    date_hierarchy = "day"


class PostingEntryInline(ReadOnlyInline):
    model = PostingEntry
    fields = ["position", "nomination", "summary"]


@admin.register(Posting)
class PostingAdmin(RecordAdmin):
    list_display = ["title", "agency", "year", "status", "closes_on"]
    list_filter = ["status", "year"]
    search_fields = ["title", "agency__name"]
    list_select_related = ["agency"]
    inlines = [PostingEntryInline]


@admin.register(PostingEntry)
class PostingEntryAdmin(RecordAdmin):
    list_display = ["nomination", "posting", "summary"]
    list_filter = ["posting__year"]
    search_fields = ["nomination__person__full_name", "nomination__unit__name", "summary"]
    list_select_related = [
        "nomination__award",
        "nomination__person",
        "nomination__unit",
        "posting",
    ]


@admin.register(PostingComment)
class PostingCommentAdmin(RecordAdmin):
    list_display = ["author", "posting", "created_at", "status"]
    list_filter = ["status"]
    search_fields = ["author", "text", "answer"]
    list_select_related = ["posting"]


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(RecordAdmin):
    """The numbers issued, read only: a number changed here would be repeated or skipped."""

    list_display = ["agency", "year", "kind", "last_number"]
    list_filter = ["kind", "year"]
    search_fields = ["agency__code", "agency__name"]
    list_select_related = ["agency"]


@admin.register(Decision)
class DecisionAdmin(RecordAdmin):
    """Decisions are drafted and issued on the portal's pages, through their services."""

    list_display = ["symbol", "title", "agency", "year", "signed_on", "status"]
    list_filter = ["status", "year"]
    search_fields = ["symbol", "title", "signer_name"]
    list_select_related = ["agency"]
    date_hierarchy = "signed_on"


@admin.register(Submission)
class SubmissionAdmin(RecordAdmin):
    list_display = ["symbol", "title", "agency", "year", "status", "decision_number"]
    list_filter = ["status", "year"]
    search_fields = ["symbol", "title", "decision_number"]
    list_select_related = ["agency"]

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from awards.models import (
    Award,
    AwardRecord,
    Initiative,
    InitiativeAuthor,
    Registration,
    RegistrationList,
    Rule,
    RuleSet,
)


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


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "effective_from", "effective_to"]
    search_fields = ["code", "name", "documents"]
    inlines = [RuleInline]


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["rule_set", "key", "value", "unit", "confirmed", "citation"]
    list_filter = ["rule_set", "status"]
    search_fields = ["key", "description_vi", "description_en", "document", "article"]
    list_select_related = ["rule_set"]
    ordering = ["rule_set__effective_from", "key"]

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
class InitiativeAdmin(admin.ModelAdmin):
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
    inlines = [InitiativeAuthorInline]


@admin.register(AwardRecord)
class AwardRecordAdmin(admin.ModelAdmin):
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
class RegistrationListAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "campaign", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "year"]
    search_fields = ["unit__name", "unit__code", "campaign__name", "review_comment"]
    list_select_related = ["unit", "campaign"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["campaign", "submitted_by", "reviewed_by"]
    readonly_fields = ["created_at"]
    ordering = ["-year", "unit__path"]
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
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

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from awards.models import Award, AwardRecord, Initiative, InitiativeAuthor, Rule, RuleSet


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
    autocomplete_fields = ["person", "unit"]
    ordering = ["-year", "award__rank", "pk"]

    @admin.display(description=_("kind"), ordering="award__kind")
    def kind(self, obj):
        # Titles and forms of commendation are never shown without their kind.
        return obj.award.get_kind_display()

    @admin.display(description=_("nominee"))
    def nominee(self, obj):
        return obj.person or obj.unit

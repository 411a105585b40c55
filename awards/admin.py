from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.models import Award, Rule, RuleSet


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

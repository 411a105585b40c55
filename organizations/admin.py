from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    Event,
    LeaveRecord,
    Membership,
    PendingReview,
    Person,
    Unit,
    UnitRating,
)


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    ordering = ["path"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


class RatingInline(admin.TabularInline):
    model = AnnualRating
    extra = 0


class DisciplineInline(admin.TabularInline):
    model = DisciplineRecord
    extra = 0


class PendingReviewInline(admin.TabularInline):
    model = PendingReview
    extra = 0


class LeaveInline(admin.TabularInline):
    model = LeaveRecord
    extra = 0


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "code", "unit", "position", "employment_type", "end_date"]
    list_filter = ["employment_type", "gender", "unit__kind", "unit"]
    search_fields = ["full_name", "search_name", "code", "email"]
    list_select_related = ["unit", "user"]
    autocomplete_fields = ["unit", "user"]
    inlines = [MembershipInline, RatingInline, DisciplineInline, PendingReviewInline, LeaveInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "role", "start_date", "end_date"]
    list_filter = ["role", "organisation"]
    search_fields = ["person__full_name", "person__search_name", "organisation__name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(AnnualRating)
class AnnualRatingAdmin(SimpleHistoryAdmin):
    list_display = ["person", "year", "level"]
    list_filter = ["year", "level", "person__unit"]
    search_fields = ["person__full_name", "person__search_name", "person__code"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(SimpleHistoryAdmin):
    list_display = ["person", "form", "start_date", "end_date", "decision_number"]
    list_filter = ["form"]
    search_fields = ["person__full_name", "person__search_name", "decision_number", "reason"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "verb", "summary"]
    list_filter = ["verb"]
    search_fields = ["summary", "actor__username"]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PendingReview)
class PendingReviewAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "opened_on", "closed_on", "reference"]
    list_filter = ["kind", ("closed_on", admin.EmptyFieldListFilter)]
    search_fields = ["person__full_name", "person__search_name", "reference", "note"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(LeaveRecord)
class LeaveRecordAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "start_date", "end_date"]
    list_filter = ["kind"]
    search_fields = ["person__full_name", "person__search_name", "note"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(UnitRating)
class UnitRatingAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "level"]
    list_filter = ["year", "level"]
    search_fields = ["unit__code", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]

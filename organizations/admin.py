from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organizations import services
from organizations.models import (
    AnnualRating,
    DisciplineRecord,
    Event,
    Job,
    LeaveRecord,
    Membership,
    Notification,
    PendingReview,
    Person,
    Unit,
    UnitRating,
)

# Shared by the admins of every app: workflow fields and records of acts are read-only here,
# because the services that change them check the right and the state, lock the row, record an
# event and notify people; the admin does none of that.


class RecordAdmin(admin.ModelAdmin):
    """Show rows that record an act (an audit event, a signature): nobody adds, changes or
    deletes one in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Show related rows that are written on the portal's pages, through their services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    ordering = ["path"]

    def save_model(self, request, obj, form, change):
        """Save a unit; a new parent or code moves it with every unit below it, through the
        unit-move service (one statement for the subtree's paths, an event, the right)."""
        moved = change and {"parent", "code"} & set(form.changed_data)
        if not moved:
            return super().save_model(request, obj, form, change)
        new_parent, new_code = obj.parent, obj.code
        stored = Unit.objects.get(pk=obj.pk)
        obj.parent_id, obj.code = stored.parent_id, stored.code
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            services.unit_move(actor=request.user, unit=obj, parent=new_parent, code=new_code)
        obj.refresh_from_db()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


# A person's HR records are recorded on the person's page (organizations.services), which
# checks the officer's right, records an event and keeps the history; the person's admin page
# only shows them.


class RatingInline(ReadOnlyInline):
    model = AnnualRating
    fields = ["year", "level", "note"]


class DisciplineInline(ReadOnlyInline):
    model = DisciplineRecord
    fields = ["form", "start_date", "end_date", "decision_number", "reason"]


class PendingReviewInline(ReadOnlyInline):
    model = PendingReview
    fields = ["kind", "opened_on", "closed_on", "reference", "note"]


class LeaveInline(ReadOnlyInline):
    model = LeaveRecord
    fields = ["kind", "start_date", "end_date", "note"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "code", "unit", "position", "employment_type", "end_date"]
    list_filter = ["employment_type", "gender", "unit__kind", "unit"]
    search_fields = ["full_name", "search_name", "code", "email"]
    list_select_related = ["unit", "user"]
    autocomplete_fields = ["unit", "user"]
    readonly_fields = ["hr_records"]
    inlines = [MembershipInline, RatingInline, DisciplineInline, PendingReviewInline, LeaveInline]

    @admin.display(description=_("HR records"))
    def hr_records(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            obj.get_absolute_url(),
            _("Ratings, discipline, pending reviews and leave are recorded on the person's page"),
        )


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
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
class EventAdmin(RecordAdmin):
    """The audit log: written by the services only, so an admin cannot forge or erase a row."""

    list_display = ["created_at", "actor", "verb", "target_type", "target_id", "summary"]
    list_filter = ["verb", "target_type"]
    search_fields = ["summary", "verb", "actor__username", "target_id"]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "created_at"


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


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Notices the services sent: an admin may delete one sent by mistake, not write one."""

    list_display = ["created_at", "recipient", "title", "read_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "body", "recipient__username"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(RecordAdmin):
    """Background jobs (organizations.jobs): who started what, how far it went, why it failed.
    Read-only: a job is started again from its page by its owner."""

    list_display = ["created_at", "owner", "title", "status", "done", "total", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "kind", "owner__username", "error"]
    list_select_related = ["owner"]
    date_hierarchy = "created_at"

    def has_delete_permission(self, request, obj=None):
        return True  # an old file may go

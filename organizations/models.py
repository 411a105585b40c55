"""The organisation: units, people, memberships in mass organisations and HR records."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.lookups import Words, WordStart
from organizations.vietnamese import fold, name_sort_key
from organizations.workflow import StatusShown

FIRST_RECORD_YEAR = 1975
LAST_RECORD_YEAR = 2100


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the units inside the user's scope."""
        from organizations.scope import scope_filter

        return self.filter(scope_filter(user, "path"))

    def subtree(self, unit):
        """Return the unit and every unit below it."""
        return self.filter(path__startswith=unit.path)

    def mass_organisations(self):
        return self.filter(kind__in=Unit.Kind.mass_organisation_kinds())


class Unit(models.Model):
    """A unit of the agency tree (đơn vị): the agency, its divisions, unions and cells."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Agency")
        LEADERSHIP_BOARD = "leadership_board", _("Leadership board")
        DIVISION = "division", _("Division")
        SUBORDINATE_UNIT = "subordinate_unit", _("Subordinate unit")
        TRADE_UNION = "trade_union", _("Trade union")
        YOUTH_UNION = "youth_union", _("Youth union")
        PARTY_CELL = "party_cell", _("Party cell")

        @classmethod
        def mass_organisation_kinds(cls):
            return [cls.TRADE_UNION, cls.YOUTH_UNION, cls.PARTY_CELL]

        @property
        def is_mass_organisation(self):
            return self in self.mass_organisation_kinds()

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes ("/SKHCN/VP/"): scope checks are one indexed prefix match.
    path = models.CharField(_("path"), max_length=1024, db_index=True, editable=False)
    # Lower-case, without diacritics: serves the searches by a unit's name.
    search_name = models.CharField(max_length=255, editable=False, default="")
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="unit_not_its_own_parent"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The path is derived from the code and the parent's path; save() keeps this row's only.
        # Moving or renaming a unit that has units below it goes through
        # organizations.services.unit_move, which rewrites their paths in one UPDATE.
        self.path = self.build_path()
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organizations:unit_detail", args=[self.code])

    @property
    def depth(self):
        return max(self.path.count("/") - 2, 0)

    def build_path(self):
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    def clean(self):
        super().clean()
        if self.code and "/" in self.code:
            raise ValidationError({"code": _("A unit code cannot contain '/'.")})
        if self.parent_id and self.pk:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": _("A unit cannot sit below itself.")})
                ancestor = ancestor.parent


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the people whose unit, or whose union chaired by the user, is in scope."""
        from organizations.scope import person_in_scope

        return self.filter(person_in_scope(user))

    def named(self, text):
        """Match people by name or staff code: the text begins a word of the name, with or
        without diacritics ("van an" finds "Nguyễn Văn An"), or is the code, whatever its case.
        One condition on the person's own columns, which their indexes answer together."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(search_name__wordstart=fold(text)) | Q(code__iexact=text))

    def in_subtree(self, unit):
        return self.filter(unit__path__startswith=unit.path)

    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on), start_date__lte=on)


class Person(models.Model):
    """A person working in the agency (cán bộ, công chức, viên chức, người lao động)."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    class EmploymentType(models.TextChoices):
        CADRE = "cadre", _("Cadre (cán bộ)")
        CIVIL_SERVANT = "civil_servant", _("Civil servant (công chức)")
        PUBLIC_EMPLOYEE = "public_employee", _("Public employee (viên chức)")
        CONTRACT = "contract", _("Contract worker (người lao động)")

    code = models.CharField(_("staff code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    # Given name first in the Vietnamese alphabet (see organizations.vietnamese.name_sort_key).
    sort_key = models.CharField(max_length=600, editable=False, db_index=True)
    # Lower-case, without diacritics: serves the people list's name search.
    search_name = models.CharField(max_length=150, editable=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "id"]
        indexes = [
            # The people search matches a staff code whatever its case (`code__iexact`), beside
            # the name's trigram index (migration 0010): both indexes answer one search.
            models.Index(Upper("code"), name="person_code_upper_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="person_end_after_start",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = " ".join(self.full_name.split())
        self.sort_key = name_sort_key(self.full_name)
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organizations:person_detail", args=[self.code])

    def clean(self):
        super().clean()
        if self.code and "/" in self.code:
            # The code is the person's address (can-bo/<code>/): a '/' breaks every link.
            raise ValidationError({"code": _("A staff code cannot contain '/'.")})
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


# The name searches: `search_name__wordstart="van an"`, `search_name__words="khoa hoc"`
# (organizations.lookups).
Person._meta.get_field("search_name").register_lookup(WordStart)
Unit._meta.get_field("search_name").register_lookup(Words)


class Membership(models.Model):
    """A membership and role in a mass organisation (công đoàn, đoàn thanh niên, chi bộ)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        MEMBER = "member", _("Member")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Unit,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
        limit_choices_to={"kind__in": Unit.Kind.mass_organisation_kinds()},
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__path", "role", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                condition=Q(end_date__isnull=True),
                name="membership_one_current_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} – {self.organisation}"

    def clean(self):
        super().clean()
        if self.organisation_id and not Unit.Kind(self.organisation.kind).is_mass_organisation:
            raise ValidationError(
                {
                    "organisation": _(
                        "Memberships are only for a trade union, youth union or Party cell."
                    )
                }
            )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class Rating(models.Model):
    """A year's quality rating (xếp loại chất lượng) on the four levels, of a person or a unit."""

    class Level(models.TextChoices):
        EXCELLENT = "excellent", _("Excellently completed duties")
        GOOD = "good", _("Well completed duties")
        COMPLETED = "completed", _("Completed duties")
        NOT_COMPLETED = "not_completed", _("Did not complete duties")

        @property
        def is_good_or_better(self):
            return self in (self.EXCELLENT, self.GOOD)

        @property
        def badge(self):
            return {
                "excellent": "success",
                "good": "primary",
                "completed": "secondary",
                "not_completed": "danger",
            }[self.value]

    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("rating"), max_length=16, choices=Level.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def badge(self):
        return self.Level(self.level).badge

    def clean(self):
        super().clean()
        if self.year and self.year > timezone.localdate().year:
            raise ValidationError(
                {"year": _("A rating cannot be recorded for a year that has not yet come.")}
            )
        if self.year and self.year < FIRST_RECORD_YEAR:
            raise ValidationError({"year": _("The year is too far in the past.")})


class AnnualRating(Rating):
    """A person's annual quality rating (xếp loại chất lượng hằng năm)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="ratings"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual rating")
        verbose_name_plural = _("annual ratings")
        ordering = ["person", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="rating_one_per_person_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_RECORD_YEAR, year__lte=LAST_RECORD_YEAR),
                name="rating_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.year}: {self.get_level_display()}"


class DisciplineRecord(models.Model):
    """A disciplinary measure against a person (kỷ luật), with the period it runs."""

    class Form(models.TextChoices):
        REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
        WARNING = "warning", _("Warning (cảnh cáo)")
        SALARY_DOWNGRADE = "salary_downgrade", _("Salary downgrade (hạ bậc lương)")
        DEMOTION = "demotion", _("Demotion (giáng chức)")
        REMOVAL = "removal", _("Removal from office (cách chức)")
        DISMISSAL = "dismissal", _("Dismissal (buộc thôi việc)")

        @property
        def severity(self):
            return list(type(self)).index(self)

        @property
        def is_warning_or_above(self):
            return self.severity >= type(self).WARNING.severity

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="disciplines"
    )
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    reason = models.TextField(_("reason"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        ordering = ["person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="discipline_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_form_display()} ({self.start_date:%d/%m/%Y})"

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The discipline cannot end before it starts.")})

    def is_in_force(self, on):
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class PersonRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the records of the people the user may see."""
        from organizations.scope import person_in_scope

        return self.filter(person_in_scope(user, "person"))


class PendingReview(models.Model):
    """A matter pending against a person (vụ việc đang xem xét): discipline under consideration,
    an investigation or inspection, or a complaint being verified. It holds back awards."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Discipline under consideration (đang xem xét kỷ luật)")
        INSPECTION = (
            "inspection",
            _("Investigation, inspection or audit (đang điều tra, thanh tra, kiểm tra)"),
        )
        COMPLAINT = (
            "complaint",
            _("Complaint or denunciation being verified (đơn thư khiếu nại, tố cáo)"),
        )

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="pending_reviews"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = PersonRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pending review")
        verbose_name_plural = _("pending reviews")
        ordering = ["person", "-opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="pending_review_closed_after_opened",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_kind_display()} ({self.opened_on:%d/%m/%Y})"

    def clean(self):
        super().clean()
        today = timezone.localdate()
        if self.opened_on and self.opened_on > today:
            raise ValidationError({"opened_on": _("A review cannot be opened in the future.")})
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError(
                {"closed_on": _("A review cannot be closed before the day it was opened.")}
            )
        if self.closed_on and self.closed_on > today:
            raise ValidationError({"closed_on": _("A review cannot be closed in the future.")})

    @property
    def is_open(self):
        return self.closed_on is None

    def is_open_on(self, day):
        return self.opened_on <= day and (self.closed_on is None or self.closed_on > day)


class LeaveRecord(models.Model):
    """A long leave of a person (nghỉ thai sản, ốm đau, không lương) or a short training course
    (đào tạo, bồi dưỡng ngắn hạn): working time counts it or not according to its kind and the
    rule set."""

    class Kind(models.TextChoices):
        MATERNITY = "maternity", _("Maternity leave (nghỉ thai sản)")
        SICK = "sick", _("Sick leave (nghỉ ốm đau)")
        UNPAID = "unpaid", _("Unpaid leave (nghỉ không hưởng lương)")
        # Sent on a course of less than a year: the time counts as working time (Thông tư
        # 01/2024/TT-BNV Khoản 5 Điều 1; rule `ldtt.training_counted`).
        TRAINING = "training", _("Short training course (đào tạo, bồi dưỡng ngắn hạn)")
        OTHER = "other", _("Other leave (nghỉ khác)")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="leaves"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave record")
        verbose_name_plural = _("leave records")
        ordering = ["person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="leave_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_kind_display()} ({self.start_date:%d/%m/%Y})"

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The leave cannot end before it starts.")})


class UnitRating(Rating):
    """A collective's annual rating (xếp loại chất lượng tập thể), with a person's four levels."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="ratings"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit rating")
        verbose_name_plural = _("unit ratings")
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unit_rating_one_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_RECORD_YEAR, year__lte=LAST_RECORD_YEAR),
                name="unit_rating_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.year}: {self.get_level_display()}"


class EventQuerySet(models.QuerySet):
    def for_target(self, obj):
        """Return the events about one object (served by `event_target_idx`)."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
        )

    def for_targets(self, model, pks):
        """Return the events about several objects of one model (served by `event_target_idx`)."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=[str(pk) for pk in pks],
        )


class Event(models.Model):
    """A record of a write that matters: who did what, to which object, and when (nhật ký)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=64)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    summary = models.CharField(_("summary"), max_length=500)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Serves "history of this object" on detail pages.
            models.Index(fields=["target_type", "target_id"], name="event_target_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.verb}: {self.summary}"

    @property
    def actor_name(self) -> str:
        """Return who acted: the person's name, else the login; "" for a system job."""
        if self.actor is None:
            return ""
        person = getattr(self.actor, "person", None)
        return person.full_name if person is not None else self.actor.get_username()


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the user's own notices: nobody reads another's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice for one user (thông báo), also sent by e-mail when the user has one."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Serves the unread count in the navigation bar on every page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self):
        return self.title


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the user's own jobs: a job's file is what its owner was allowed to see."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class Job(StatusShown, models.Model):
    """Long work a person started (an export, an import, a batch of PDFs), run by a worker
    (organizations.jobs): its progress while it runs, then its file or why it failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

        @property
        def badge(self):
            return {
                "queued": "secondary",
                "running": "info",
                "done": "success",
                "failed": "danger",
            }[self.value]

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    # What the job works on, as the page that started it had it (a list's filters).
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    # The file the job works on as its owner uploaded it (an import's workbook), kept in the
    # default storage so that a worker on another machine reads it.
    source = models.FileField(upload_to="jobs/in/%Y/%m/", blank=True)
    # What a job without a file to download found, for its page: an import's summary and the
    # problems of its file (organizations.importer.result_data).
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # The last sign of life of the worker running it (organizations.jobs.Progress).
    beat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("organizations:job_detail", args=[self.code])

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int | None:
        """How far the job is, in percent; None while its size is unknown."""
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return None
        return min(99, 100 * self.done // self.total)

    @property
    def can_be_imported(self) -> bool:
        """Whether this is an import's check that found no problem: its file may be imported."""
        return (
            self.status == self.Status.DONE
            and bool(self.source)
            and self.params.get("dry_run") is True
            and self.result.get("ok") is True
        )


class SummaryVersion(models.Model):
    """How many times what a summary counts has changed (organizations.summaries).

    A summary the pages show (the leadership home's rating summary) is cached under its
    version; the services that change what it counts raise the version once their transaction
    commits, so every process computes it afresh on its next view, and until then nobody
    recounts the agency."""

    name = models.CharField(max_length=64, primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("summary version")
        verbose_name_plural = _("summary versions")

    def __str__(self):
        return f"{self.name} v{self.version}"

"""The rows of an award history, as its reader sees them: `{% award_rows records as drawn %}`,
then the rows drawn under `drawn.version` (`{% cache 600 award_rows drawn.version %}`), so the
same rows are drawn once and a changed row is drawn again, whatever changed it."""

import datetime
from dataclasses import dataclass

from django import template

from awards.models import Award, AwardRecord
from organizations import workflow
from organizations.listing import drawn_version

register = template.Library()


@dataclass(frozen=True)
class AwardRow:
    """What a row of an award history shows, for its reader."""

    pk: int
    year: int
    award: str
    is_title: bool
    kind: str
    decision_number: str
    decision_date: datetime.date
    # A decision made in the portal: the number opens it.
    in_portal: bool
    issuer: str
    source: str
    source_document: str
    status: str
    status_label: str
    revoked: bool
    revocation_reason: str
    revoking_decision: str
    revoked_on: datetime.date | None
    # The nominee, on a list of several (`show_nominee`): a person, by code, name and unit, or
    # a unit, by code and name.
    person_code: str = ""
    unit_code: str = ""
    nominee: str = ""
    person_unit: str = ""
    may_revoke: bool = False


@dataclass(frozen=True)
class DrawnRows:
    rows: list[AwardRow]
    version: str


@register.simple_tag(takes_context=True)
def award_rows(context, records, show_nominee=False, can_manage=False) -> DrawnRows:
    """Return the rows of `records` (with `award` loaded; `person`, `person__unit` and `unit`
    too when `show_nominee`), with whether the reader may revoke each (only asked when
    `can_manage`), and the version they are drawn under."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    # The choices' labels in the reader's language, read once for all the rows: a model's
    # `get_…_display()` rebuilds its field's choices on each call (0.1 ms a row for three).
    labels = Labels(
        kinds=_labels(Award.Kind.choices),
        sources=_labels(AwardRecord.Source.choices),
        statuses=_labels(AwardRecord.Status.choices),
    )
    rows = [_row(record, user, labels, show_nominee, can_manage) for record in records]
    return DrawnRows(rows, drawn_version(rows, show_nominee, can_manage))


@dataclass(frozen=True)
class Labels:
    kinds: dict[str, str]
    sources: dict[str, str]
    statuses: dict[str, str]


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _row(record, user, labels: Labels, show_nominee: bool, can_manage: bool) -> AwardRow:
    nominee = {}
    if show_nominee and record.person_id:
        person = record.person
        nominee = {
            "person_code": person.code,
            "nominee": person.full_name,
            "person_unit": person.unit.name,
        }
    elif show_nominee:
        nominee = {"unit_code": record.unit.code, "nominee": record.unit.name}
    revoked = record.state.revoked
    return AwardRow(
        pk=record.pk,
        year=record.year,
        award=record.award.name,
        is_title=record.award.is_title,
        kind=labels.kinds.get(record.award.kind, record.award.kind),
        decision_number=record.decision_number,
        decision_date=record.decision_date,
        in_portal=record.decision_id is not None,
        issuer=record.issuer,
        source=labels.sources.get(record.source, record.source),
        source_document=record.source_document,
        status=record.status,
        status_label=labels.statuses.get(record.status, record.status),
        revoked=revoked,
        revocation_reason=record.revocation_reason,
        revoking_decision=record.revoking_decision,
        revoked_on=record.revoked_on,
        may_revoke=bool(can_manage and user and workflow.can(user, record, "revoke")),
        **nominee,
    )

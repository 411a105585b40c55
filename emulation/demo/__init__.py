"""Demo data for `manage.py load_demo`: one module per part, each with a `build(demo)` builder.

The builders run in order inside one transaction and hand what they made to the next through a
`Demo` object (the organisation first, then campaigns, then awards, then the 2020 registration
round of `registrations`, which needs the 2020 campaign). Every builder is idempotent:
rows are found by their natural keys (codes, usernames) and only written when missing or changed.
"""

import datetime
from dataclasses import dataclass, field

# The demo tells the seed's story: the department launched its 2020 campaign at the civil-servant
# conference of 31/12/2019. Builders date things from this day, never from the clock, so the demo
# is the same whenever it is loaded.
DEMO_TODAY = datetime.date(2019, 12, 31)
DEMO_PASSWORD = "demo"


@dataclass(frozen=True)
class DemoLogin:
    """A demo sign-in: who it is and what it may do."""

    username: str
    full_name: str
    unit_name: str
    groups: tuple[str, ...]
    is_superuser: bool = False


@dataclass(frozen=True)
class SummaryRow:
    """One line of the summary: how many rows a part holds, and how many this run created."""

    label: str
    total: int
    created: int


@dataclass
class Demo:
    """What the builders have made so far, for the parts that follow and for the summary."""

    units: dict = field(default_factory=dict)  # code -> Unit
    people: dict = field(default_factory=dict)  # full name -> Person
    users: dict = field(default_factory=dict)  # username -> User
    logins: list[DemoLogin] = field(default_factory=list)
    summary: list[SummaryRow] = field(default_factory=list)
    # The codes of demo certificates to verify (decisions.py): a valid one, a revoked one.
    certificates: list[str] = field(default_factory=list)


def upsert(model, lookup: dict, values: dict):
    """Find a row by its natural key, create it or bring it back to `values`; return (row, created).

    Unlike `update_or_create` it saves only when a value differs, so a second run writes nothing
    and adds no history rows. The row is validated before it is saved, as a service would.
    """
    row = model.objects.filter(**lookup).first()
    created = row is None
    if created:
        row = model(**lookup, **values)
    else:
        changed = [name for name, value in values.items() if _differs(row, name, value)]
        if not changed:
            return row, False
        for name in changed:
            setattr(row, name, values[name])
    # Derived fields (a unit's path, a person's sort key) are filled in by save(), not by us.
    row.full_clean(exclude=[f.name for f in model._meta.fields if not f.editable])
    row.save()
    return row, created


def _differs(row, name: str, value) -> bool:
    field = row._meta.get_field(name)
    if field.is_relation:
        # Compare keys, so checking a foreign key does not load the related row.
        return getattr(row, field.attname) != (value.pk if value is not None else None)
    return getattr(row, name) != value

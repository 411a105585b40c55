"""The council and its members: kept by the emulation officer, each change an event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import (
    Council,
    CouncilMember,
)
from awards.services.council.thresholds import MANAGE_DENIED
from organizations.actors import require_right
from organizations.events import event_record
from organizations.models import Person, Unit

# --- the council and its members ---------------------------------------------------------------


@transaction.atomic
def council_create(
    *, actor, agency: Unit, name: str, term_start, term_end=None, decision: str = ""
) -> Council:
    """Set up an agency's council for a term."""
    require_right(actor, "awards.manage_council", agency, denied=MANAGE_DENIED)
    council = Council(
        agency=agency,
        name=(name or "").strip(),
        decision=(decision or "").strip(),
        term_start=term_start,
        term_end=term_end,
    )
    council.full_clean()
    council.save()
    event_record(actor=actor, verb="council_created", target=council, summary=str(council))
    return council


def lock_council(council: Council) -> Council:
    return Council.objects.select_for_update().select_related("agency").get(pk=council.pk)


@transaction.atomic
def council_member_add(
    *, actor, council: Council, person: Person, role: str = CouncilMember.Role.MEMBER
) -> CouncilMember:
    """Seat a person on the council (or seat again a member who had left)."""
    council = lock_council(council)
    require_right(actor, "awards.manage_council", council, denied=MANAGE_DENIED)
    member = CouncilMember.objects.filter(council=council, person=person).first()
    if member is not None and member.is_active:
        raise ValidationError(
            {"person": _("%(name)s already sits on the council.") % {"name": person.full_name}}
        )
    if member is None:
        member = CouncilMember(council=council, person=person)
    member.role = role
    member.is_active = True
    _check_one_chair(member)
    member.full_clean(validate_constraints=False)
    member.save()
    event_record(
        actor=actor,
        verb="council_member_added",
        target=council,
        summary=f"{person.full_name}: {member.get_role_display()}",
        data={"person": person.code, "role": role},
    )
    return member


def _check_one_chair(member: CouncilMember) -> None:
    if member.role != CouncilMember.Role.CHAIR or not member.is_active:
        return
    other = (
        CouncilMember.objects.filter(council=member.council, role=member.role, is_active=True)
        .exclude(pk=member.pk)
        .select_related("person")
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "role": _("%(name)s chairs the council already; change that seat first.")
                % {"name": other.person.full_name}
            }
        )


@transaction.atomic
def council_member_change(*, actor, member: CouncilMember, role: str, is_active: bool):
    """Change a member's role, or record that it left the council (its votes stay counted)."""
    council = lock_council(member.council)
    require_right(actor, "awards.manage_council", council, denied=MANAGE_DENIED)
    member = CouncilMember.objects.select_related("person").get(pk=member.pk, council=council)
    member.role = role
    member.is_active = is_active
    _check_one_chair(member)
    member.full_clean(validate_constraints=False)
    member.save(update_fields=["role", "is_active"])
    event_record(
        actor=actor,
        verb="council_member_changed",
        target=council,
        summary=f"{member.person.full_name}: {member.get_role_display()}"
        + ("" if is_active else " (left)"),
        data={"person": member.person.code, "role": role, "active": is_active},
    )
    return member

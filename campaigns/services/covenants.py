"""Covenants: parties, commitments, opening for signature, signing, amendments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Commitment, Covenant, Party, Signature
from campaigns.services.campaigns import lock_campaign
from organizations.bulk import create_all
from organizations.events import event_record
from organizations.models import Person
from organizations.notifications import notifications_done, notify
from organizations.scope import agency_root_path
from organizations.workflow import Notice, check, perform


def lock_covenant(covenant: Covenant) -> Covenant:
    return Covenant.objects.select_for_update().get(pk=covenant.pk)


def _signature_notice(covenant: Covenant, representatives, title: str) -> Notice:
    return Notice(recipients=representatives, title=title, url=covenant.get_absolute_url())


@transaction.atomic
def covenant_create(*, actor, campaign: Campaign, title, signing_date, signing_place) -> Covenant:
    """Start a covenant for a campaign that is not closed."""
    campaign = lock_campaign(campaign)
    check(actor, campaign, "change")
    covenant = Covenant(
        campaign=campaign, title=title, signing_date=signing_date, signing_place=signing_place
    )
    covenant.full_clean()
    covenant.save()
    event_record(actor=actor, verb="covenant_created", target=covenant, summary=title)
    return covenant


@transaction.atomic
def party_add(*, actor, covenant: Covenant, unit, representative: Person, order=None) -> Party:
    """Add a party while the covenant is a draft or open; its representative signs for it."""
    covenant = lock_covenant(covenant)
    check(actor, covenant, "change")
    # Parties and their representatives come from the agency that runs the campaign.
    agency_path = agency_root_path(covenant.campaign.organiser.path)
    if not unit.path.startswith(agency_path):
        raise ValidationError({"unit": _("Choose a unit of the agency that runs the campaign.")})
    if not representative.unit.path.startswith(agency_path):
        raise ValidationError(
            {"representative": _("Choose a representative who works in the agency.")}
        )
    if representative.end_date is not None and representative.end_date < timezone.localdate():
        raise ValidationError(
            {
                "representative": _("%(name)s has left the agency and cannot sign.")
                % {"name": representative.full_name}
            }
        )
    if Party.objects.filter(covenant=covenant, unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s is already a party.") % {"unit": unit}})
    if order is None:
        order = covenant.parties.count() + 1
    party = Party(covenant=covenant, unit=unit, representative=representative, order=order)
    party.full_clean()
    party.save()
    event_record(actor=actor, verb="party_added", target=covenant, summary=str(unit))
    if covenant.status == Covenant.Status.OPEN:
        # Joining a covenant already open: the new representative is asked to sign too.
        notify(
            recipients=[representative.user],
            title=_("Covenant open for your signature: %(title)s") % {"title": covenant.title},
            url=covenant.get_absolute_url(),
        )
    return party


@transaction.atomic
def covenant_open(*, actor, covenant: Covenant) -> Covenant:
    """Open a draft covenant for signature and tell each party's representative."""
    parties = []

    def apply(covenant):
        parties.extend(covenant.parties.select_related("representative__user", "unit"))
        if len(parties) < 2:
            raise ValidationError(_("A covenant needs at least two parties."))

    return perform(
        actor=actor,
        obj=covenant,
        action="open",
        apply=apply,
        summary=covenant.title,
        notice=lambda covenant: _signature_notice(
            covenant,
            [party.representative.user for party in parties],
            _("Covenant open for your signature: %(title)s") % {"title": covenant.title},
        ),
    )


def _locked_party(commitment: Commitment) -> Party:
    """Lock the commitment's covenant and return its party reading the locked covenant."""
    covenant = lock_covenant(commitment.party.covenant)
    party = commitment.party
    party.covenant = covenant
    return party


@transaction.atomic
def commitment_save(*, actor, commitment: Commitment, **fields) -> Commitment:
    """Add or edit a commitment while its covenant is a draft or open for signature."""
    party = _locked_party(commitment)
    check(actor, party, "edit_commitments")
    for name, value in fields.items():
        setattr(commitment, name, value)
    created = commitment.pk is None
    commitment.full_clean()
    commitment.save()
    event_record(
        actor=actor,
        verb="commitment_added" if created else "commitment_edited",
        target=party.covenant,
        summary=f"{party.unit}: {commitment.text[:200]}",
        data={"commitment": commitment.pk},
    )
    return commitment


@transaction.atomic
def commitment_delete(*, actor, commitment: Commitment) -> None:
    """Remove a commitment that has no progress reports, while its covenant is editable."""
    party = _locked_party(commitment)
    check(actor, party, "edit_commitments")
    if commitment.reports.exists():
        raise ValidationError(_("This commitment has progress reports and cannot be removed."))
    event_record(
        actor=actor,
        verb="commitment_removed",
        target=party.covenant,
        summary=f"{party.unit}: {commitment.text[:200]}",
    )
    commitment.delete()


@transaction.atomic
def covenant_sign(*, actor, party: Party, reauthenticated: bool = False) -> Signature:
    """Sign for a party; when the last party signs, the covenant enters into force, once.

    `reauthenticated`: the signer typed their password again to sign (the page asks it), kept
    in the signature's event.

    The covenant row is locked, so two representatives signing at the same moment are
    serialised: both signatures are kept and exactly one of them puts the covenant in force.
    Only the party's named representative signs (an administrator cannot sign in their name).
    """
    signatures = []

    def apply(party):
        if not party.commitments.exists():
            raise ValidationError(
                _("%(unit)s has no commitments yet; add them before signing.")
                % {"unit": party.unit}
            )
        signatures.append(
            Signature.objects.create(
                party=party,
                signed_by=actor,
                signer_name=party.representative.full_name,
            )
        )

    party = perform(
        actor=actor,
        obj=party,
        action="sign",
        apply=apply,
        summary=str(party.unit),
        data={"reauthenticated": reauthenticated},
    )
    covenant = party.covenant
    # "Open for your signature" is answered.
    notifications_done(user=actor, url=covenant.get_absolute_url())
    if not covenant.parties.filter(signature__isnull=True).exists():
        perform(
            actor=actor,
            obj=covenant,
            action="enter_into_force",
            changes={"in_force_at": timezone.now()},
            summary=covenant.title,
            locked=True,
        )
        if covenant.amends_id:
            perform(actor=actor, obj=covenant.amends, action="supersede")
    return signatures[0]


@transaction.atomic
def covenant_amend(*, actor, covenant: Covenant) -> Covenant:
    """Start an amendment of a covenant in force: a new version with the same parties and
    commitments, open for signature; the covenant in force stays in force until it is signed.

    Each copied commitment is linked to the one it continues (`carried_from`), so the progress
    reported under this version carries on once the amendment is in force.
    """
    covenant = lock_covenant(covenant)
    check(actor, covenant, "amend")
    amendment = Covenant.objects.create(
        campaign=covenant.campaign,
        title=covenant.title,
        signing_date=timezone.localdate(),
        signing_place=covenant.signing_place,
        status=Covenant.Status.OPEN,
        version=covenant.version + 1,
        amends=covenant,
    )
    for party in covenant.parties.prefetch_related("commitments"):
        copy = Party.objects.create(
            covenant=amendment,
            unit_id=party.unit_id,
            representative_id=party.representative_id,
            order=party.order,
        )
        create_all(
            Commitment,
            [
                Commitment(
                    party=copy,
                    focus_area_id=c.focus_area_id,
                    text=c.text,
                    measure=c.measure,
                    unit_label=c.unit_label,
                    baseline=c.baseline,
                    target=c.target,
                    due_date=c.due_date,
                    carried_from=c,
                )
                for c in party.commitments.all()
            ],
            actor=actor,
        )
    event_record(
        actor=actor,
        verb="covenant_amendment_started",
        target=amendment,
        summary=f"{covenant.title} v{amendment.version}",
        data={"amends": covenant.pk, "version": amendment.version},
    )
    notify(
        recipients=[
            party.representative.user
            for party in amendment.parties.select_related("representative__user")
        ],
        title=_("Amendment open for your signature: %(covenant)s") % {"covenant": amendment},
        url=amendment.get_absolute_url(),
    )
    return amendment

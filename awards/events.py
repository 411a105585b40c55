"""How the awards app's events read in a person's or unit's recent changes."""

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from awards.models import Award
from organizations.events import describes


def _award_name(code: str) -> str:
    award = Award.objects.filter(code=code).first()
    return award.name if award is not None else code


@describes("award_recorded")
def _award_recorded(data):
    return _("Award history: %(award)s for %(year)s, decision %(decision)s") % {
        "award": _award_name(data["award"]),
        "year": data["year"],
        "decision": data["decision"],
    }


@describes("award_revoked")
def _award_revoked(data):
    return _("Award revoked: %(award)s for %(year)s, by decision %(decision)s") % {
        "award": _award_name(data["award"]),
        "year": data["year"],
        "decision": data["decision"],
    }


@describes("initiative_recorded")
def _initiative_recorded(data):
    return _("Initiative recorded, decision %(decision)s") % {"decision": data["decision"]}


@describes("initiative_used")
def _initiative_used(data):
    return _("Initiative used for %(award)s in %(year)s") % {
        "award": _award_name(data["award"]),
        "year": data["year"],
    }


# How the registration events read in a list's history, in the reader's language.


def _registered_award_name(data) -> str:
    """Return the award's name in the reader's language from the event, without a query."""
    english = (get_language() or "vi").startswith("en")
    return data.get("award_en" if english else "award_vi") or data["award"]


@describes("registration_added")
def _registration_added(data):
    return _("Registered %(name)s for %(award)s") % {
        "name": data["name"],
        "award": _registered_award_name(data),
    }


@describes("registration_removed")
def _registration_removed(data):
    return _("Removed the registration of %(name)s for %(award)s") % {
        "name": data["name"],
        "award": _registered_award_name(data),
    }


@describes("registration_list_submitted")
def _registration_list_submitted(data):
    return ngettext(
        "Submitted the list with %(count)s registration",
        "Submitted the list with %(count)s registrations",
        data["count"],
    ) % {"count": data["count"]}


@describes("registration_list_approved")
def _registration_list_approved(data):
    if data.get("comment"):
        return _("Approved the list: %(comment)s") % {"comment": data["comment"]}
    return _("Approved the list")


@describes("registration_list_returned")
def _registration_list_returned(data):
    return _("Returned the list: %(comment)s") % {"comment": data["comment"]}

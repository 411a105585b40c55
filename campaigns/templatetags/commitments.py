"""How a commitment's baseline and target read, in one place for every page and paper.

A yes/no commitment's target is "done" and it has no baseline; a number keeps up to two
decimals (as `floatformat:"-2"`, in the reader's format) followed by its unit, a percentage by
"%". The measure's name is looked up in a dict made once, where `get_measure_display` makes
the field's choices hashable on every call.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from campaigns.models import Commitment

register = template.Library()

_NONE = "—"
_MEASURES = dict(Commitment.Measure.choices)


@register.filter
def measure_text(commitment) -> str:
    return str(_MEASURES.get(commitment.measure, commitment.measure))


@register.filter
def baseline_text(commitment) -> str:
    if commitment.measure == "yes_no" or commitment.baseline is None:
        return _NONE
    return floatformat(commitment.baseline, "-2")


@register.filter
def target_text(commitment) -> str:
    if commitment.measure == "yes_no":
        return _("Done")
    number = floatformat(commitment.target, "-2")
    if commitment.unit_label:
        return f"{number} {commitment.unit_label}"
    if commitment.measure == "percentage":
        return f"{number}%"
    return number

"""Messages of the eligibility engine, rendered in the reader's language each time they are read.

A verdict is judged once and read in either language: on a page, by the command, as JSON. So a
check keeps each message as an English gettext msgid (translated in locale/vi) with its
parameters, and formats it only when it is turned into a string, under the active language.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise, lazy


def _param(key, value):
    # Lazy parts render now, in the active language; a count stays a number, so that ngettext
    # chooses the plural form from params["count"]. A decimal reads in the reader's locale and
    # without a decimal part it does not need ("12 tháng", "0 %", "11,5 tháng"; not "12.0").
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal) and key != "count":
        if value == value.to_integral_value():
            value = value.to_integral_value()
        return number_format(value, use_l10n=True)
    return value


def _format(template, params):
    return template % {key: _param(key, value) for key, value in params.items()}


def _join(parts, separator):
    return separator.join(str(part) for part in parts)


_lazy_format = lazy(_format, str)
_lazy_join = lazy(_join, str)


def text(template, **params):
    """Return `template % params` as a lazy string, translated and formatted when read.

    The template is a `gettext_lazy` or `ngettext_lazy(…, "count")` msgid with named
    placeholders (a literal percent sign is written `%%`), or a plain string that only puts
    translated parts together. Parameters may themselves be lazy.
    """
    return _lazy_format(template, params)


def join(parts, separator=", "):
    """Return the parts (lazy or plain strings) joined by the separator when read."""
    return _lazy_join(list(parts), separator)

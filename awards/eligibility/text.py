"""Messages of the eligibility engine, rendered in the reader's language each time they are read.

A verdict is judged once and read in either language: on a page, by the command, as JSON. So a
check keeps each message as an English gettext msgid (translated in locale/vi) with its
parameters, and formats it only when it is turned into a string, under the active language.
"""

from django.utils.functional import Promise, lazy


def _param(value):
    # Lazy parts render now, in the active language; numbers stay numbers, so that ngettext
    # chooses the plural form from params["count"].
    return str(value) if isinstance(value, Promise) else value


def _format(template, params):
    return template % {key: _param(value) for key, value in params.items()}


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

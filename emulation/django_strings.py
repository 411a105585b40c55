"""Django's own messages that its Vietnamese catalogue words awkwardly.

Listing them here puts them in our catalogue (locale/vi), which Django reads before its own.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("Enter a whole number."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Enter a valid date."),
    gettext_noop("This field is required."),
]

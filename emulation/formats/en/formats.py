"""English formats: papers are dd/mm/yyyy, so English pages keep the Vietnamese date order."""

from emulation.formats.vi.formats import *  # noqa: F403

DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","

"""Who reads the agency's dashboard: the leadership and the emulation officer."""

import rules

from organizations.rules import is_leadership, is_officer

rules.add_perm("dashboards.view_agency", rules.is_authenticated & (is_leadership | is_officer))

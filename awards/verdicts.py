"""Verdicts as the pages show them: each check with its result's badge and word, the
alternatives grouped, and when each rule the verdict used last changed."""

from django.utils.translation import gettext as _

from awards.eligibility import EligibilityError, evaluate_many
from awards.eligibility.verdict import FAIL, PASS
from awards.selectors import last_rule_changes


def _result(status: str) -> dict:
    """Return how a check's or a group's result reads: its badge colour and its word."""
    badge, label = {
        PASS: ("success", _("Pass")),
        FAIL: ("danger", _("Fail")),
    }.get(status, ("warning", _("Unknown")))
    return {"status": status, "badge": badge, "label": label}


def verdict_rows(nominee, codes, year, batch=None, results=None):
    """Evaluate the nominee for each code and shape the verdicts for the template.

    Messages, citations and evidence are lazy: they render in the page's language.
    """
    rows = []
    if results is None:
        results = evaluate_many(nominee, codes, year, batch=batch)
    # The latest change of every rule the verdicts used, read in one query for all of them.
    changes = last_rule_changes(
        rule
        for verdict in results.values()
        if not isinstance(verdict, EligibilityError)
        for rule in verdict.rules
    )
    for code in codes:
        verdict = results[code]
        if isinstance(verdict, EligibilityError):
            rows.append({"code": code, "error": verdict.text})
            continue
        groups, seen = verdict.groups, set()
        checks = []
        for check in verdict.checks:
            checks.append(
                {
                    "code": check.code,
                    "status": check.status,
                    "message": check.text,
                    "citation": check.citation,
                    "evidence": check.evidence,
                    # Alternatives: the first check of a group opens it with the group's status.
                    "group": check.group,
                    "group_first": bool(check.group) and check.group not in seen,
                    "group_status": groups.get(check.group, ""),
                    "result": _result(check.status),
                    "group_result": _result(groups.get(check.group, "")),
                }
            )
            seen.add(check.group)
        rows.append(
            {
                "code": code,
                "award": verdict.award,
                "eligible": verdict.eligible,
                "outcome": {True: "eligible", False: "not_eligible"}.get(
                    verdict.eligible, "unknown"
                ),
                "rule_set": verdict.rule_set,
                "checks": checks,
                "rules": [{"rule": rule, "change": changes.get(rule.pk)} for rule in verdict.rules],
            }
        )
    return rows

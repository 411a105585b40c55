"""What every page a browser test visits is checked for: no 404, no English string of the
portal's own on a Vietnamese page, and no WCAG 2.1 A or AA violation found by axe-core (shipped
by the axe-playwright-python test dependency, run inside the page, nothing fetched)."""

import re
from functools import cache
from pathlib import Path

import polib
from axe_playwright_python.sync_playwright import Axe

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def english_strings() -> re.Pattern:
    """The portal's own English strings (the catalogue's sources whose Vietnamese differs,
    without placeholders), as one pattern matching any of them as whole words."""
    catalogue = polib.pofile(str(CATALOGUE))
    phrases = {
        entry.msgid
        for entry in catalogue
        if not entry.obsolete
        and entry.msgstr
        and entry.msgstr != entry.msgid
        and not re.search(r"[%{]", entry.msgid)
    }
    alternatives = "|".join(re.escape(phrase) for phrase in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@cache
def _axe() -> Axe:
    return Axe()


def english_on(text: str) -> list[str]:
    """Return the portal's English strings found in a page's text."""
    return sorted({match.group(0) for match in english_strings().finditer(text)})


def violations_on(page) -> list[str]:
    """Return axe-core's WCAG 2.1 A/AA violations on the page, one line per element."""
    results = _axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    return [
        f"{violation['id']} {node['target']}: {(node.get('failureSummary') or '').splitlines()[-1]}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def audit(page, status: int | None = None) -> list[str]:
    """Return what is wrong with the page the browser shows: its status when it is an error, the
    portal's English strings in its text, its accessibility violations."""
    problems = []
    if status is not None and status >= 400:
        problems.append(f"{page.url}: HTTP {status}")
    english = english_on(page.locator("body").inner_text())
    if english:
        problems.append(f"{page.url}: English on a Vietnamese page: {english}")
    problems.extend(f"{page.url}: {line}" for line in violations_on(page))
    return problems

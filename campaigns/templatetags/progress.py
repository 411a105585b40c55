"""The stacked progress bar of commitments by status, with the numbers under it.

Pages show tens of them (a bar a party, a focus area, a quarter): drawn here in Python a bar
costs a tenth of what the template included per bar did (half a millisecond). It is SVG
because the Content-Security-Policy forbids inline styles, and SVG prints and exports as it
shows. Each status is hatched its own way so the bar reads on a black-and-white print.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

_FAINT = ' fill-opacity=".35"'  # nothing was reported: not a status of its own
_PATTERNS = (
    '<pattern id="{uid}-v" patternUnits="userSpaceOnUse" width="2" height="10"><rect x="0" y="0" '
    'width=".7" height="10" fill="#fff" fill-opacity=".7"></rect></pattern>'
    '<pattern id="{uid}-h" patternUnits="userSpaceOnUse" width="100" height="3"><rect x="0" '
    'y="0" width="100" height="1" fill="#fff" fill-opacity=".7"></rect></pattern>'
)


def _number(value) -> str:
    return escape(localize(value))


@register.simple_tag
def progress_bar(row, compact=False):
    """Draw `row`: {"total", "uid", "segments": [{"status", "label", "count", "colour", "muted",
    "hatches", "x", "width", "percent"}, …]} as campaigns.views.charts.progress_row builds it
    (`x` and `width` percentages with a dot; `uid` keeps one bar's patterns apart from
    another's). `compact` leaves out the numbers under the bar.

    Every value is escaped as it goes in (`escape`), as `format_html` would: built with plain
    strings because a page draws tens of bars and `format_html` tripled the cost of each."""
    if not row or not row["total"]:
        return format_html(
            '<div data-testid="progress-bar">'
            '<p class="small text-body-secondary mb-0">{}</p></div>',
            _("No commitments yet."),
        )
    uid, segments = escape(row["uid"]), row["segments"]
    parts = []
    for s in segments:
        if not s["count"]:
            continue
        x, width, label = escape(s["x"]), escape(s["width"]), escape(s["label"])
        parts.append(
            f'<rect class="text-{escape(s["colour"])}" fill="currentColor"'
            f'{_FAINT if s.get("muted") else ""} x="{x}" y="0" width="{width}" height="10">'
            f"<title>{label}: {_number(s['count'])} ({_number(s['percent'])}%)</title></rect>"
        )
        parts.extend(
            f'<rect fill="url(#{uid}-{escape(hatch)})" x="{x}" y="0" width="{width}" '
            'height="10"></rect>'
            for hatch in s["hatches"]
        )
    described = escape(", ".join(f"{s['label']}: {localize(s['count'])}" for s in segments))
    html = (
        '<div data-testid="progress-bar"><svg class="d-block w-100 rounded border" height="14" '
        'viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="{described}"><defs>{_PATTERNS.format(uid=uid)}</defs>{"".join(parts)}</svg>'
    )
    if not compact:
        items = "".join(
            f'<li class="list-inline-item{"" if s["count"] else " text-body-secondary"}" '
            f'data-status="{escape(s["status"])}">'
            f'<span class="badge text-bg-{escape(s["colour"])}">'
            f"{_number(s['count'])}</span> {escape(s['label'])}</li>"
            for s in segments
        )
        total = row["total"]
        counted = ngettext("%(n)s commitment", "%(n)s commitments", total) % {"n": localize(total)}
        html += (
            f'<ul class="list-inline small mb-0 mt-1">{items}'
            f'<li class="list-inline-item text-body-secondary">{escape(counted)}</li></ul>'
        )
    return mark_safe(html + "</div>")  # every value above went through escape()

"""Progress bars: the shape the `progress_bar` tag (campaigns/templatetags/progress.py) draws
from a selectors.Tally.

Used by the campaign page, a party's progress page and the review pages.
"""

import itertools

from django.utils.translation import gettext as _

from campaigns import selectors
from campaigns.models import ProgressReport

# The colour of each status in progress bars and legends; "not reported" is muted grey.
_STATUS_COLOURS = {status.value: status.badge for status in ProgressReport.Status}
_STATUS_COLOURS[selectors.NOT_REPORTED] = "secondary"
# How each status is hatched over its colour, so that a black-and-white print tells them apart:
# met solid, on track with vertical stripes, at risk with horizontal ones, off track with both.
_STATUS_HATCHES = {
    ProgressReport.Status.MET.value: (),
    ProgressReport.Status.ON_TRACK.value: ("v",),
    ProgressReport.Status.AT_RISK.value: ("h",),
    ProgressReport.Status.OFF_TRACK.value: ("v", "h"),
    selectors.NOT_REPORTED: (),
}
# Tells one bar's hatch patterns from another's on a page (SVG ids are page-wide).
_bar_ids = itertools.count(1)


def status_labels() -> dict:
    """Return the label of each progress status, "not reported" included."""
    labels = {status.value: status.label for status in ProgressReport.Status}
    labels[selectors.NOT_REPORTED] = _("Not reported")
    return labels


def progress_row(tally, labels) -> dict:
    """Turn a selectors.Tally into what the progress_bar tag draws."""
    total, offset, segments = tally.total, 0.0, []
    for status, count in tally.as_list():
        width = 100 * count / total if total else 0
        segments.append(
            {
                "status": status,
                # Drawn fainter: nothing was reported, which is not a status of its own.
                "muted": status == selectors.NOT_REPORTED,
                "label": labels[status],
                "count": count,
                "colour": _STATUS_COLOURS[status],
                "hatches": _STATUS_HATCHES[status],
                "x": f"{offset:.3f}",
                "width": f"{width:.3f}",
                "percent": round(width),
            }
        )
        offset += width
    return {
        "label": tally.label,
        "key": tally.key,
        "total": total,
        "segments": segments,
        "uid": f"bar{next(_bar_ids)}",
    }


def legend(labels) -> list[tuple[str, str]]:
    """Return (label, colour) for each status, in the order the bars draw them."""
    return [(labels[key], _STATUS_COLOURS[key]) for key in selectors.STATUS_KEYS]

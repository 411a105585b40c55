"""The progress bar drawn in Python: what it shows, and that no label becomes markup."""

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.usefixtures("english")


def draw(row, compact=False):
    template = Template("{% load progress %}{% progress_bar row compact=compact %}")
    return template.render(Context({"row": row, "compact": compact}))


def segment(status, label, count, x, width, **extra):
    return {
        "status": status,
        "label": label,
        "count": count,
        "colour": "success" if status == "met" else "secondary",
        "hatches": extra.get("hatches", []),
        "muted": extra.get("muted", False),
        "x": x,
        "width": width,
        "percent": round(float(width)),
    }


ROW = {
    "total": 4,
    "uid": "bar7",
    "segments": [
        segment("met", "Met <b>", 3, "0.000", "75.000", hatches=["v"]),
        segment("not_reported", "Not reported", 1, "75.000", "25.000", muted=True),
        segment("off_track", "Off track", 0, "100.000", "0.000"),
    ],
}


def test_a_bar_draws_each_status_counted_with_its_hatch_and_the_numbers_under_it():
    html = draw(ROW)
    assert html.startswith('<div data-testid="progress-bar"><svg')
    assert 'aria-label="Met &lt;b&gt;: 3, Not reported: 1, Off track: 0"' in html
    assert html.count('fill="currentColor"') == 2  # a status counted nothing draws nothing
    assert '<rect fill="url(#bar7-v)" x="0.000" y="0" width="75.000" height="10">' in html
    assert 'x="75.000" y="0" width="25.000"' in html and 'fill-opacity=".35"' in html
    assert "<title>Met &lt;b&gt;: 3 (75%)</title>" in html and "<b>" not in html
    assert '<li class="list-inline-item text-body-secondary" data-status="off_track">' in html
    assert "4 commitments" in html


def test_a_compact_bar_leaves_the_numbers_out_and_an_empty_one_says_so():
    assert "list-inline" not in draw(ROW, compact=True)
    assert "No commitments yet." in draw({"total": 0, "uid": "bar8", "segments": []})

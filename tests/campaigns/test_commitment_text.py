"""How a commitment's baseline, target and measure read on every page and paper."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from campaigns.models import Commitment

ROW = Template(
    "{% load commitments %}{{ c|measure_text }} | {{ c|baseline_text }} | {{ c|target_text }}"
)


def read(language, **fields):
    commitment = Commitment(text="x", due_date=datetime.date(2020, 12, 31), **fields)
    with translation.override(language):
        return ROW.render(Context({"c": commitment}))


@pytest.mark.parametrize(
    ("fields", "vi", "en"),
    [
        (
            {
                "measure": "number",
                "baseline": Decimal("3.50"),
                "target": Decimal("12.00"),
                "unit_label": "sáng kiến",
            },
            "Số | 3,50 | 12 sáng kiến",
            "Number | 3.50 | 12 sáng kiến",
        ),
        (
            {"measure": "percentage", "baseline": None, "target": Decimal("95.25")},
            "Tỷ lệ % | — | 95,25%",
            "Percentage | — | 95.25%",
        ),
        (
            {"measure": "yes_no", "baseline": Decimal("0"), "target": Decimal("1")},
            "Có / không | — | Hoàn thành",
            "Yes / no | — | Done",
        ),
    ],
)
def test_a_commitment_reads_in_its_measure_and_the_readers_language(fields, vi, en):
    assert read("vi", **fields) == vi
    assert read("en", **fields) == en


def test_a_unit_label_is_escaped():
    text = read("en", measure="number", target=Decimal(2), unit_label="<b>lượt</b>")
    assert "&lt;b&gt;lượt&lt;/b&gt;" in text and "<b>" not in text

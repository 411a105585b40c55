"""The shapes the chart templates draw (includes/bar_chart.html, includes/column_chart.html).

Charts are the templates' own SVG, like the campaign's progress bars (campaigns/views/charts.py,
campaigns/templatetags/progress.py): no script, no inline style, the same drawing on screen, on
paper and in the PDF, each beside a table of its numbers.
"""

from dataclasses import dataclass, field


@dataclass
class Bar:
    label: str
    count: int
    url: str = ""
    width: str = "0"  # percent of the chart's width, with a dot as decimal separator


@dataclass
class BarChart:
    bars: list[Bar] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def bar_chart(items) -> BarChart:
    """Build a bar chart from (label, count, url) triples, each bar scaled to the largest."""
    bars = [Bar(label=str(label), count=count, url=url) for label, count, url in items]
    largest = max((bar.count for bar in bars), default=0)
    for bar in bars:
        bar.width = f"{100 * bar.count / largest:.3f}" if largest else "0"
    return BarChart(bars=bars)


COLUMN_WIDTH = 14
COLUMN_GAP = 6
COLUMN_TOP = 28  # the tallest column's height above the baseline


def column_chart(columns, rows) -> dict:
    """Build small column charts: `columns` are the column headings (years, say), and `rows`
    are (label, [(count, url), …]) pairs with one cell per column. All columns are drawn to the
    scale of the largest count of the chart, so rows compare with one another."""
    columns = [str(column) for column in columns]
    largest = max((count for _label, cells in rows for count, _url in cells), default=0)
    step = COLUMN_WIDTH + COLUMN_GAP
    drawn = []
    for label, cells in rows:
        shaped = []
        for index, (count, url) in enumerate(cells):
            height = round(COLUMN_TOP * count / largest) if largest else 0
            if count and not height:
                height = 1  # a count never vanishes from the drawing
            shaped.append(
                {
                    "column": columns[index],
                    "count": count,
                    "url": url,
                    "x": index * step,
                    "y": COLUMN_TOP - height,
                    "height": height,
                }
            )
        drawn.append({"label": str(label), "cells": shaped})
    return {
        "columns": columns,
        "rows": drawn,
        "column_width": COLUMN_WIDTH,
        "svg_width": max(len(columns) * step - COLUMN_GAP, 1),
        "svg_height": COLUMN_TOP + 1,
        # A string with a dot: a float would be written "28,5" in Vietnamese, which SVG refuses.
        "baseline": f"{COLUMN_TOP + 0.5:.1f}",
    }

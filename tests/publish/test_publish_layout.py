"""The PDF's layout: what WeasyPrint lays out stays on the page."""

from __future__ import annotations

import pytest

from trucewatch import load_examples
from trucewatch.publish._html import CSS
from trucewatch.publish._sections import windows

weasyprint = pytest.importorskip("weasyprint")


def _boxes(box):  # type: ignore[no-untyped-def]
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def test_windows_table_of_a_chain_with_long_window_ids_fits_the_page_width():
    # the Aleppo chain: ids like ext-72h-2016-05-07 and a note per window; the last columns
    # (scope, note) used to run off the right edge of the A4 page and be cut
    aleppo = next(a for a in load_examples() if a.id == "aleppo-calm-2016-05")
    page_html = f"<html><head><style>{CSS}</style></head><body>{windows(aleppo)}</body></html>"
    page = weasyprint.HTML(string=page_html).render().pages[0]
    cells = [b for b in _boxes(page._page_box) if type(b).__name__ == "TableCellBox"]
    assert len(cells) == 5 * 10  # the header and four windows, ten columns each
    right = max(b.position_x + b.margin_width() for b in cells)
    body = next(b for b in _boxes(page._page_box) if getattr(b, "element_tag", None) == "body")
    assert right <= body.position_x + body.margin_width() + 0.5

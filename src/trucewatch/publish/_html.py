"""Small HTML helpers: escaping by default, tables, sections, embedded images, the page.

Every piece of text is escaped with :func:`html.escape` unless it is a :class:`Safe` string
built here. The page carries its own CSS: no external stylesheet, script or font.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence

__all__ = ["CSS", "Safe", "esc", "img", "link", "page", "para", "section", "table"]


class Safe(str):
    """HTML built by these helpers: inserted as is, never escaped again."""

    __slots__ = ()


def esc(value: object) -> Safe:
    """``value`` as escaped HTML text (``None`` becomes an em dash)."""
    if isinstance(value, Safe):
        return value
    if value is None:
        return Safe("—")
    return Safe(html.escape(str(value), quote=True))


def join(parts: Iterable[object], sep: str = "") -> Safe:
    return Safe(sep.join(esc(p) for p in parts))


def para(text: object, cls: str | None = None) -> Safe:
    attr = f' class="{esc(cls)}"' if cls else ""
    return Safe(f"<p{attr}>{esc(text)}</p>")


def link(url: str, text: object | None = None) -> Safe:
    """A link for a cited source: only http(s) URLs become links, anything else stays text."""
    label = esc(url if text is None else text)
    if url.startswith(("http://", "https://")):
        return Safe(f'<a href="{esc(url)}" rel="noreferrer">{label}</a>')
    return label


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    cls: str = "",
    numeric: Sequence[int] = (),
    empty: str = "none",
) -> Safe:
    """A table; the columns whose index is in ``numeric`` are right-aligned."""
    head = "".join(
        f'<th class="num">{esc(h)}</th>' if i in numeric else f"<th>{esc(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{esc(c)}</td>' if i in numeric else f"<td>{esc(c)}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(headers)}" class="empty">{esc(empty)}</td></tr>')
    attr = f' class="{esc(cls)}"' if cls else ""
    thead = f"<thead><tr>{head}</tr></thead>" if any(headers) else ""
    return Safe(f"<table{attr}>{thead}<tbody>{''.join(body)}</tbody></table>")


def img(png: bytes, alt: str, figure_id: str, caption: str) -> Safe:
    """A PNG embedded as a base64 data URI, in a figure with its caption."""
    data = base64.b64encode(png).decode("ascii")
    return Safe(
        f'<figure id="{esc(figure_id)}"><img alt="{esc(alt)}" '
        f'src="data:image/png;base64,{data}"><figcaption>{esc(caption)}</figcaption></figure>'
    )


def section(section_id: str, title: str, *parts: object) -> Safe:
    body = "\n".join(esc(p) for p in parts)
    return Safe(f'<section id="{esc(section_id)}">\n<h2>{esc(title)}</h2>\n{body}\n</section>')


CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
body { font-family: "DejaVu Sans", "Helvetica", "Arial", sans-serif; font-size: 10pt;
  color: #1a1a1a; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 .2rem 0; }
h2 { font-size: 12pt; border-bottom: 1px solid #999; margin: 1.2rem 0 .4rem 0;
  break-after: avoid; }
p.sub { color: #444; margin: 0 0 .6rem 0; }
p.note { color: #555; font-size: 8.5pt; }
p.warn { background: #fff3cd; border: 1px solid #e0c36a; padding: .3rem .5rem; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: .3rem 0 .6rem 0; }
th, td { border: 1px solid #ccc; padding: 2px 4px; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; }
table.windows td:nth-child(1), table.windows td:nth-child(3), table.windows td:nth-child(8) {
  overflow-wrap: anywhere; }
th.num { text-align: right; }
td.empty { color: #777; font-style: italic; }
tr { break-inside: avoid; }
figure { margin: .4rem 0; text-align: center; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #444; }
ul.sources { font-size: 8.5pt; padding-left: 1.2rem; }
ul.sources li { margin-bottom: 2px; word-break: break-word; }
ul.explain { font-size: 8.5pt; color: #333; margin: 0; padding-left: 1em; }
footer { margin-top: 1.5rem; border-top: 1px solid #999; font-size: 8pt; color: #555; }
section#map { break-before: page; }
"""


def page(title: str, subtitle: str, body: Sequence[object], footer: object) -> str:
    """The whole self-contained HTML document."""
    parts = "\n".join(esc(p) for p in body)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{esc(title)}</h1>{para(subtitle, 'sub')}</header>\n"
        f"{parts}\n<footer>{esc(footer)}</footer>\n</body>\n</html>\n"
    )

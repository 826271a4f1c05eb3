"""The flow diagram as one self-contained HTML page that draws it in inline SVG (pure: a
Diagram in, HTML text out).

Nothing is fetched from anywhere (no script, font, stylesheet or image), so the page opens
from a file, offline. Each flow is one drawing laid out by `graph_layout`: pages are boxes
in columns by their distance from the flow's start, buttons are arrows. In Hebrew and
Arabic the drawing is mirrored (the start on the right) and titles carry ``dir="rtl"``
(``direction="rtl"`` in the SVG). Hovering a page highlights its arrows (CSS only).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from bot.core.model import Flow
from bot.core.screens import LANGUAGE_NAMES
from bot.core.state import Frame
from bot.staff.graph import Diagram, Edge, edge_label, visits_text
from bot.staff.graph_counts import PageCounts
from bot.staff.graph_layout import Layout, layout
from bot.staff.report_data import RTL_LANGUAGES

BOX_WIDTH = 204
BOX_HEIGHT = 54
"""A page's box; with counts it is `COUNTS_HEIGHT` taller."""
COUNTS_HEIGHT = 22
COLUMN_GAP = 96
ROW_GAP = 18
MARGIN = 24
TITLE_CHARS = 27
"""How many characters of a title fit on one line of a box (two lines at most)."""
CONDITION_CHARS = 34

INK = "#1f2933"
MUTED = "#616e7c"
TREE = "#3e4c59"
OTHER = "#9aa5b1"
CONDITIONAL = "#7c3aad"
DROP = "#c23b4f"
HIGHLIGHT = "#d9480f"
FONT = "system-ui,-apple-system,'Segoe UI',Arial,sans-serif"
MONO = "ui-monospace,Menlo,Consolas,monospace"

STYLE = f"""
body{{margin:0;background:#f5f7fa;color:{INK};font:15px/1.45 {FONT}}}
main{{padding:20px 24px}}
h1{{font-size:24px;margin:0 0 4px}}h2{{font-size:19px;margin:0}}
section{{background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:14px 18px;
margin:14px 0}}
.lead,.note{{color:{MUTED};margin:4px 0 0}}.note{{font-size:13px}}
.id{{color:#7b8794;font-size:12px;font-family:{MONO}}}
.legend{{display:flex;flex-wrap:wrap;gap:6px 18px;margin:10px 0 0;padding:0;list-style:none;
font-size:13px;color:{MUTED}}}
.legend i{{display:inline-block;width:26px;height:12px;vertical-align:-1px;
margin-inline-end:6px;border-radius:3px}}
.scroll{{overflow:auto;margin-top:8px}}
svg{{font-family:{FONT};display:block}}
.page rect.box{{stroke:#7b8794;stroke-width:1.2}}
.page.start rect.box{{stroke:{INK};stroke-width:3}}
.page.outside rect.box{{fill:#f5f7fa;stroke-dasharray:5 4}}
.page:hover rect.box{{stroke:{HIGHLIGHT};stroke-width:2.5}}
.edge path{{fill:none}}
.edge.tree path{{stroke:{TREE};stroke-width:1.4}}
.edge.other path{{stroke:{OTHER};stroke-width:1;opacity:.55}}
.edge.when path{{stroke:{CONDITIONAL};stroke-width:1.6;stroke-dasharray:7 4;opacity:1}}
.edge.term path{{stroke:{OTHER};stroke-dasharray:2 3}}
svg:has(.page:hover) .edge{{opacity:.12}}
"""


@dataclass(frozen=True, slots=True)
class Box:
    """A page's box in pixels, left to right (mirrored when drawn for RTL)."""

    x: float
    y: float
    width: float
    height: float

    def side(self, right: bool, dy: float = 0.0) -> tuple[float, float]:
        """The middle of the box's right (or left) side, moved down by `dy`."""
        return (self.x + self.width if right else self.x, self.y + self.height / 2 + dy)


@dataclass(frozen=True, slots=True)
class Drawing:
    """One flow's boxes, its size, and whether it is mirrored for right-to-left."""

    boxes: dict[Frame, Box]
    width: float
    height: float
    rtl: bool

    def x(self, x: float) -> float:
        """A left-to-right x where it is drawn."""
        return self.width - x if self.rtl else x


def render(diagram: Diagram) -> str:
    """The whole diagram as one HTML page: one drawing per flow."""
    rtl = diagram.lang in RTL_LANGUAGES
    flows = "\n".join(_flow_section(diagram, number, rtl) for number in range(len(diagram.flows)))
    names = ", ".join(f.id for f in diagram.flows)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Flow diagram: {escape(names)}</title>",
        f"<style>{STYLE}{_highlights(diagram)}</style></head>",
        "<body><main>",
        _header(diagram),
        flows,
        _definitions(diagram),
        "</main></body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _header(diagram: Diagram) -> str:
    name = LANGUAGE_NAMES.get(diagram.lang, diagram.lang)
    lead = f"Page titles in {escape(diagram.lang)} – {escape(name)}."
    if diagram.traffic is not None:
        window = diagram.traffic.window
        lead += (
            f" Visits from {window.first:%-d %B %Y} to {window.last:%-d %B %Y} (UTC),"
            f" {window.days} day(s)."
        )
    lead += " Hover over a page to highlight its arrows."
    legend = [
        (f"border:3px solid {INK};background:#fff", "the flow's start"),
        ("border:1.5px dashed #7b8794;background:#f5f7fa", "a page in another flow"),
        (
            f"height:0;border-top:2px solid {TREE};border-radius:0",
            "the arrow that first reaches a page",
        ),
        (
            f"height:0;border-top:2px solid {OTHER};border-radius:0",
            "other arrows (back, sideways, on)",
        ),
        (
            f"height:0;border-top:2px dashed {CONDITIONAL};border-radius:0",
            "a button shown only when …",
        ),
    ]
    if diagram.traffic is not None:
        legend += [
            ("background:linear-gradient(90deg,#fff,#bcd3ee)", "more visits: deeper blue"),
            (f"height:4px;background:{DROP}", "share of visits that ended there"),
        ]
    items = "".join(f'<li><i style="{style}"></i>{escape(text)}</li>' for style, text in legend)
    return (
        "<header><h1>Patient journey bot: flow diagram</h1>"
        f'<p class="lead">{lead}</p><ul class="legend">{items}</ul></header>'
    )


def _definitions(diagram: Diagram) -> str:
    counts = (
        '<p class="note"><b>visits</b>: the times the bot showed the page in the window.'
        " <b>ended here</b>: people last active in the window whose latest visit stopped on"
        " the page (or who are still reading it). Only each person's latest visit is known,"
        " so it is a floor. Pages in other flows show no counts here.</p>"
        if diagram.traffic is not None
        else ""
    )
    return (
        "<section><h2>How to read it</h2>"
        '<p class="note">Columns follow the taps from the flow\'s start; pages its own buttons'
        " never reach come next, then the pages in other flows it leads to. Every button is"
        " an arrow (hover a page to see its labels as tooltips of the arrows); a dashed arrow"
        " is a button shown only when its condition (<code>when:</code>) holds. The same"
        " diagram as text: <code>python bot.py graph [FLOW]</code> (Mermaid) or"
        " <code>--format dot</code> (Graphviz).</p>"
        f"{counts}</section>"
    )


def _highlights(diagram: Diagram) -> str:
    """CSS that lights up a hovered page's arrows (one rule per page, no script)."""
    rules = []
    for number, flow in enumerate(diagram.flows):
        for index in range(len(flow.nodes) + len(_exits(diagram, number))):
            page, edge = f"f{number}p{index}", f"f{number}e{index}"
            rules.append(
                f"svg:has(.{page}:hover) .{edge}{{opacity:1}}"
                f"svg:has(.{page}:hover) .{edge} path{{stroke:{HIGHLIGHT};opacity:1;"
                "stroke-width:2}"
            )
    return "\n" + "\n".join(rules)


def _exits(diagram: Diagram, number: int) -> list[Frame]:
    """The places outside flow `number` (in other flows) that its buttons lead to."""
    flow = diagram.flows[number]
    return sorted(
        {
            e.target
            for e in diagram.edges
            if e.source.flow == flow.id
            and (e.target.flow != flow.id or e.target.node not in flow.nodes)
        },
        key=lambda f: (f.flow, f.node),
    )


def _flow_section(diagram: Diagram, number: int, rtl: bool) -> str:
    flow = diagram.flows[number]
    edges = [e for e in diagram.edges if e.source.flow == flow.id]
    exits = _exits(diagram, number)
    placed = layout(flow, edges, exits)
    drawing = _drawing(placed, diagram, rtl)
    pages = [Frame(flow.id, node) for node in flow.nodes]
    index = {page: i for i, page in enumerate([*pages, *exits])}
    busiest = _busiest(diagram, flow)
    conditional = sum(1 for e in edges if e.when)
    note = f"{len(pages)} page(s), {len(edges)} arrow(s)"
    if conditional:
        note += f", {conditional} of them dashed: shown only when their condition holds"
    if diagram.traffic is not None:
        start = diagram.traffic.at(Frame(flow.id, flow.start))
        note += f"; {visits_text(start.visits)} to its start page"
    title = flow.title.get(diagram.lang)
    body = [
        _defs(number),
        *(_edge(drawing, placed, index, number, e) for e in edges),
        *(
            _page(drawing, diagram, flow, page, f"f{number}p{index[page]}", busiest)
            for page in (*pages, *exits)
        ),
        *(_condition(drawing, placed, e) for e in edges if e.when),
    ]
    return (
        f'<section class="flow"><h2 lang="{diagram.lang}" dir="{_dir(rtl)}">{escape(title)}'
        f'</h2><span class="id">{escape(flow.id)}</span><p class="note">{note}.</p>'
        f'<div class="scroll" dir="{_dir(rtl)}"><svg width="{drawing.width:.0f}"'
        f' height="{drawing.height:.0f}" viewBox="0 0 {drawing.width:.0f} {drawing.height:.0f}"'
        ' role="img">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg></div></section>"
    )


def _drawing(placed: Layout, diagram: Diagram, rtl: bool) -> Drawing:
    height = BOX_HEIGHT + (COUNTS_HEIGHT if diagram.traffic is not None else 0)
    boxes = {
        page: Box(
            MARGIN + slot.column * (BOX_WIDTH + COLUMN_GAP),
            MARGIN + slot.row * (height + ROW_GAP),
            BOX_WIDTH,
            height,
        )
        for page, slot in placed.slots.items()
    }
    width = 2 * MARGIN + placed.columns * (BOX_WIDTH + COLUMN_GAP)  # room for loops
    tall = 2 * MARGIN + max((b.y + b.height - MARGIN for b in boxes.values()), default=0)
    return Drawing(boxes, width, tall, rtl)


def _defs(number: int) -> str:
    """Arrow heads, one per arrow colour (SVG 1.1 markers do not follow the line's colour)."""
    heads = (("tree", TREE), ("other", OTHER), ("when", CONDITIONAL))
    return (
        "<defs>"
        + "".join(
            f'<marker id="f{number}-{name}" viewBox="0 0 10 10" refX="9" refY="5"'
            f' markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M0,0L10,5L0,10z" fill="{color}"/></marker>'
            for name, color in heads
        )
        + "</defs>"
    )


def _kind(placed: Layout, edge: Edge) -> str:
    if edge.when:
        return "when"
    if edge.dashed:
        return "term"
    return "tree" if (edge.source, edge.target) in placed.tree else "other"


def _geometry(drawing: Drawing, placed: Layout, edge: Edge) -> tuple[str, tuple[float, float]]:
    """The arrow's path (forward: right side to left side; same column: a loop out to the
    right; back: left side to right side, a little lower) and its middle point."""
    start, end = drawing.boxes[edge.source], drawing.boxes[edge.target]
    here, there = placed.slots[edge.source].column, placed.slots[edge.target].column
    if there > here:
        a, d = start.side(True, -5), end.side(False, -5)
        pull = (d[0] - a[0]) / 2
        b, c = (a[0] + pull, a[1]), (d[0] - pull, d[1])
    elif there == here:
        a, d = start.side(True, 4), end.side(True, 4)
        pull = min(COLUMN_GAP * 0.8, 24 + abs(d[1] - a[1]) * 0.12)
        b, c = (a[0] + pull, a[1]), (d[0] + pull, d[1])
    else:
        a, d = start.side(False, 9), end.side(True, 9)
        b, c = (a[0] - 40, a[1]), (d[0] + 40, d[1])
    points = [(drawing.x(x), y) for x, y in (a, b, c, d)]
    path = "M{:.1f},{:.1f} C{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}".format(
        *(v for point in points for v in point)
    )
    middle = (
        (points[0][0] + 3 * points[1][0] + 3 * points[2][0] + points[3][0]) / 8,
        (points[0][1] + 3 * points[1][1] + 3 * points[2][1] + points[3][1]) / 8,
    )
    return path, middle


def _edge(
    drawing: Drawing, placed: Layout, index: dict[Frame, int], number: int, edge: Edge
) -> str:
    kind = _kind(placed, edge)
    path, _ = _geometry(drawing, placed, edge)
    ends = f"f{number}e{index[edge.source]} f{number}e{index[edge.target]}"
    head = "other" if kind == "term" else kind
    tip = escape(edge_label(edge).replace("\n", " – "))
    return (
        f'<g class="edge {kind} {ends}"><title>{tip}</title>'
        f'<path d="{path}" marker-end="url(#f{number}-{head})"/></g>'
    )


def _condition(drawing: Drawing, placed: Layout, edge: Edge) -> str:
    """The condition of a dashed arrow, on a white label at its middle."""
    _, (x, y) = _geometry(drawing, placed, edge)
    text = _shorten(f"when {edge.when}", CONDITION_CHARS)
    width = 6.4 * len(text) + 10
    return (
        f'<g class="condition"><rect x="{x - width / 2:.1f}" y="{y - 9:.1f}"'
        f' width="{width:.1f}" height="17" rx="3" fill="#fff" stroke="{CONDITIONAL}"'
        f' stroke-width=".8"/><text x="{x:.1f}" y="{y + 3.5:.1f}" text-anchor="middle"'
        f' font-family="{MONO}" font-size="11" fill="{CONDITIONAL}" direction="ltr">'
        f"{escape(text)}</text></g>"
    )


def _page(
    drawing: Drawing, diagram: Diagram, flow: Flow, page: Frame, ref: str, busiest: int
) -> str:
    """One page's box: title, id and (for the flow's own pages) counts. `ref` is its class
    for the hover rules; `busiest` the most visits of any page of the flow."""
    box = drawing.boxes[page]
    x = drawing.x(box.x + box.width) if drawing.rtl else box.x
    outside = page.flow != flow.id or page.node not in flow.nodes
    counts = None if outside else diagram.counts(page)
    kind = "outside" if outside else "start" if page.node == flow.start else "inside"
    title = diagram.exit_title(page) if outside else diagram.title(page)
    lines = _wrap(title, TITLE_CHARS, 2)
    tip = f"{title} ({page})" + (f": {_counts_words(counts)}" if counts else "")
    middle = x + box.width / 2
    top = box.y + (box.height - (COUNTS_HEIGHT if counts else 0)) / 2 - 7 * len(lines) + 4
    texts = [
        _text(middle, top + 15 * i, line, diagram.lang in RTL_LANGUAGES)
        for i, line in enumerate(lines)
    ]
    texts.append(
        f'<text x="{middle:.1f}" y="{top + 15 * len(lines):.1f}" text-anchor="middle"'
        f' font-family="{MONO}" font-size="10.5" fill="{MUTED}" direction="ltr">'
        f"{escape(f'→ {page}' if outside else page.node)}</text>"
    )
    if counts is not None:
        texts.append(_counts(box, x, counts))
    fill = _tint(counts.visits / busiest) if counts else "#fff"
    return (
        f'<g class="page {kind} {ref}"><title>{escape(tip)}</title>'
        f'<rect class="box" x="{x:.1f}" y="{box.y:.1f}" width="{box.width}"'
        f' height="{box.height}" rx="7" fill="{fill}"/>{"".join(texts)}</g>'
    )


def _counts(box: Box, x: float, counts: PageCounts) -> str:
    """The counts line and a bar: the red part is the share of visits that ended here."""
    track = box.width - 24
    share = min(counts.ended / counts.visits, 1.0) if counts.visits else 0.0
    bottom = box.y + box.height
    return (
        f'<text x="{x + box.width / 2:.1f}" y="{bottom - 12:.1f}" text-anchor="middle"'
        f' font-size="11.5" fill="{INK}" direction="ltr">{escape(_counts_words(counts))}</text>'
        f'<rect x="{x + 12:.1f}" y="{bottom - 7:.1f}" width="{track}" height="3" rx="1.5"'
        f' fill="#e4e7eb"/><rect x="{x + 12:.1f}" y="{bottom - 7:.1f}"'
        f' width="{track * share:.1f}" height="3" rx="1.5" fill="{DROP}"/>'
    )


def _counts_words(counts: PageCounts) -> str:
    return f"{visits_text(counts.visits)} · {counts.ended} ended here ({counts.ended_share})"


def _busiest(diagram: Diagram, flow: Flow) -> int:
    """The most visits of any page of `flow` (at least 1)."""
    if diagram.traffic is None:
        return 1
    return max([1, *(diagram.traffic.at(Frame(flow.id, n)).visits for n in flow.nodes)])


def _tint(share: float) -> str:
    """White for no visits, to a clear blue for the busiest page."""
    low, high = (255, 255, 255), (188, 211, 238)
    r, g, b = (
        round(lo + (hi - lo) * min(max(share, 0.0), 1.0)) for lo, hi in zip(low, high, strict=True)
    )
    return f"#{r:02x}{g:02x}{b:02x}"


def _text(x: float, y: float, text: str, rtl: bool) -> str:
    """A title line, centred; right-to-left text keeps its words' order."""
    direction = ' direction="rtl" unicode-bidi="embed"' if rtl else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="13"'
        f' font-weight="600" fill="{INK}"{direction}>{escape(text)}</text>'
    )


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """`text` on at most `lines` lines of about `width` characters, the last cut with "…"."""
    found: list[str] = []
    words = text.split()
    while words and len(found) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        found.append(line)
    if words:
        found[-1] = _shorten(f"{found[-1]} {' '.join(words)}", width)
    return [_shorten(line, width) for line in found] or [""]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _dir(rtl: bool) -> str:
    return "rtl" if rtl else "ltr"

"""Small inline SVG charts for the HTML staff report: a funnel, horizontal bars, stacked
columns over time (pure: data in, SVG text out).

Labels are escaped. A label written right to left (Hebrew, Arabic) is drawn with
``direction="rtl"`` so its words keep their order, and is aligned to the same edge as the
others.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

FONT = "font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif;font-size:13px"
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
PALETTE = ("#2f6fb3", "#e07a2e", "#3a9a5b", "#8e5bb5", "#c23b4f", "#7b8794", "#d4a72c")
ROW = 26
"""Height of one bar row, in pixels."""


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, value, a note after the value ("63%"), and its colour."""

    label: str
    value: int
    note: str = ""
    color: str = PALETTE[0]
    rtl: bool = False


def _text(
    x: float, y: float, label: str, *, anchor: str = "start", rtl: bool = False, style: str = ""
) -> str:
    """An SVG text; right-to-left text is anchored so that it ends where LTR text would."""
    if rtl:  # in an RTL run, "start" is the right edge and "end" the left edge
        anchor = {"start": "end", "end": "start"}.get(anchor, anchor)
        direction = ' direction="rtl" unicode-bidi="embed"'
    else:
        direction = ""
    fill = f' fill="{MUTED}"' if "muted" in style else f' fill="{INK}"'
    weight = ' font-weight="600"' if "bold" in style else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{direction}{fill}{weight}>'
        f"{escape(label)}</text>"
    )


def _svg(width: int, height: int, body: Sequence[str], title: str) -> str:
    return (
        f'<svg width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" style="{FONT}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def shorten(label: str, limit: int = 34) -> str:
    """A label cut to `limit` characters, with an ellipsis when cut."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bars(rows: Sequence[Bar], title: str, width: int = 560, label_width: int = 210) -> str:
    """Horizontal bars, one row each: label, bar (longest = full width), value and note."""
    if not rows:
        return ""
    top = max(max(r.value for r in rows), 1)
    room = 8 * max(len(f"{r.value} {r.note}") for r in rows) + 16  # for the value and note
    area = width - label_width - room
    body = []
    for i, row in enumerate(rows):
        y = i * ROW
        length = area * row.value / top
        body.append(
            _text(label_width - 8, y + 17, shorten(row.label), anchor="end", rtl=row.rtl)
            + f'<rect x="{label_width}" y="{y + 5}" width="{max(length, 1):.1f}" height="{ROW - 9}"'
            f' rx="3" fill="{row.color}"/>'
            + _text(label_width + length + 6, y + 17, f"{row.value} {row.note}".strip())
        )
    return _svg(width, len(rows) * ROW + 4, body, title)


def funnel(rows: Sequence[Bar], title: str, width: int = 520, label_width: int = 150) -> str:
    """A funnel: bars centred on one axis, each as wide as its share of the first."""
    if not rows:
        return ""
    top = max(rows[0].value, max(r.value for r in rows), 1)
    area = width - label_width - 80
    middle = label_width + area / 2
    body = []
    for i, row in enumerate(rows):
        y = i * ROW
        length = max(area * row.value / top, 2)
        body.append(
            _text(label_width - 8, y + 17, row.label, anchor="end", rtl=row.rtl, style="muted")
            + f'<rect x="{middle - length / 2:.1f}" y="{y + 4}" width="{length:.1f}"'
            f' height="{ROW - 7}" rx="2" fill="{row.color}" opacity="{1 - 0.12 * i:.2f}"/>'
            + _text(label_width + area + 8, y + 17, f"{row.value} {row.note}".strip())
        )
    return _svg(width, len(rows) * ROW + 4, body, title)


def columns(
    points: Sequence[tuple[str, Mapping[str, int]]],
    series: Sequence[str],
    title: str,
    width: int = 1000,
    height: int = 240,
    colors: Mapping[str, str] | None = None,
) -> str:
    """Stacked columns over time: one column per point (label, value per series)."""
    if not points:
        return ""
    colors = colors or {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    left, bottom, top_pad = 44, 36, 10
    plot_h = height - bottom - top_pad
    totals = [sum(values.get(s, 0) for s in series) for _, values in points]
    scale_top, step = nice_scale(max(totals, default=0))
    slot = (width - left - 10) / len(points)
    body = []
    for tick in range(0, scale_top + 1, step):
        y = top_pad + plot_h - plot_h * tick / scale_top
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="{GRID}"/>'
            + _text(left - 6, y + 4, str(tick), anchor="end", style="muted")
        )
    every = max(1, math.ceil(len(points) / 15))
    for i, (label, values) in enumerate(points):
        x = left + i * slot + slot * 0.15
        base = float(top_pad + plot_h)
        for name in series:
            value = values.get(name, 0)
            if value:
                h = plot_h * value / scale_top
                base -= h
                body.append(
                    f'<rect x="{x:.1f}" y="{base:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}"'
                    f' fill="{colors[name]}"><title>{escape(label)} {escape(name)}: {value}'
                    "</title></rect>"
                )
        if i % every == 0:
            body.append(_text(x + slot * 0.35, height - bottom + 16, label, anchor="middle"))
    return _svg(width, height, body, title)


def nice_scale(peak: int) -> tuple[int, int]:
    """The top of a y axis at or above `peak`, and a round step that divides it."""
    if peak <= 0:
        return 1, 1
    raw = peak / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return math.ceil(peak / step) * step, max(1, step)

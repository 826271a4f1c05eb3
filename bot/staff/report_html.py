"""The staff report as one self-contained HTML page with inline SVG charts (pure: a Report
in, HTML text out).

No script, font, stylesheet or image is fetched from anywhere: the page opens from a file,
offline. Content titles are in the report's language; those in Hebrew or Arabic carry
``dir="rtl"``, and the scrubbed messages people typed carry ``dir="auto"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from bot.core.screens import LANGUAGE_NAMES
from bot.staff import care, charts
from bot.staff.charts import Bar
from bot.staff.report_data import (
    NOT_CHOSEN,
    RTL_LANGUAGES,
    Active,
    Funnel,
    Message,
    Report,
)
from bot.staff.usage import STEP_NAMES

LANGUAGE_COLORS = {"he": "#2f6fb3", "ar": "#3a9a5b", "ru": "#e07a2e", "en": "#8e5bb5"}
KIND_COLORS = {"emergency": "#c23b4f", "crisis": "#8e5bb5"}
OTHER_COLOR = "#9aa5b1"

STYLE = """
body{margin:0;background:#f5f7fa;color:#1f2933;font:15px/1.45 system-ui,-apple-system,
'Segoe UI',Arial,sans-serif}
main{max-width:1080px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:0 0 12px}
h3{font-size:16px;margin:14px 0 6px}.journey h3{margin:0}
section{background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:18px 20px;margin:16px 0}
.lead{color:#616e7c;margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px;
background:none;border:0;padding:0}
.card{background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:12px 14px}
.card b{display:block;font-size:26px}.card span{color:#616e7c;font-size:13px}
.journeys{display:grid;grid-template-columns:repeat(auto-fill,minmax(500px,1fr));gap:14px}
.journey{border:1px solid #e4e7eb;border-radius:6px;padding:10px 12px}
.id{color:#7b8794;font-size:12px;font-family:ui-monospace,Menlo,Consolas,monospace}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #e4e7eb;padding:5px 8px;text-align:start;vertical-align:top}
th{color:#616e7c;font-weight:600}td.n,th.n{text-align:end;font-variant-numeric:tabular-nums}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:6px 0 0;padding:0;list-style:none}
.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-inline-end:5px}
.note{color:#616e7c;font-size:13px;margin:8px 0 0}
.scroll{overflow-x:auto}
"""


def render(report: Report) -> str:
    """The whole report as one HTML page."""
    window = report.window
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Staff report {window.first} to {window.last}</title>",
        f"<style>{STYLE}</style></head>",
        "<body><main>",
        "<header><h1>Patient journey bot: staff report</h1>",
        f'<p class="lead">{window.first:%-d %B %Y} to {window.last:%-d %B %Y} (UTC),'
        f" {window.days} day(s). Page titles in {_language(report.lang)}."
        " Counts only: no one is named, and the only words people typed are the scrubbed"
        " messages below.</p></header>",
        _cards(report),
        _activity(report),
        _journeys(report),
        _alerts(report),
        _messages(
            "Messages the bot could not place",
            "Scrubbed of names, numbers and contacts, not linked to anyone. Add their words as"
            " <code>match:</code> phrases or synonyms, or an example like them, then run"
            " <code>python bot.py validate</code>.",
            report.unplaced,
            report,
            guess=False,
        ),
        _messages(
            "Messages only half understood",
            "The bot offered a menu of pages instead of one answer; the first guess is shown."
            " If the guess is right, add the words as that page's <code>match:</code> phrases.",
            report.unsure,
            report,
            guess=True,
        ),
        _top_pages(report),
        _definitions(),
        "</main></body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _cards(report: Report) -> str:
    visits = sum(f.opened for f in report.funnels or ())
    completed = sum(f.completed for f in report.funnels or ())
    month = report.monthly[-1] if report.monthly else None
    cards = [
        (str(report.people_total), f"people the bot knows ({report.people_reachable} reachable)"),
        (
            str(month.total) if month else "0",
            f"active in {month.start:%B %Y}" if month else "active this month",
        ),
        (str(visits), "journey visits"),
        (_percent(completed, visits), f"of visits reached a topic ({completed})"),
        (str(sum(a.count for a in report.alerts)), "safety alerts"),
        (str(sum(m.count for m in report.unplaced)), "messages not placed"),
        (str(sum(m.count for m in report.unsure)), "messages half understood"),
        (str(report.handoffs_opened), f"hand-offs asked for ({report.open_handoffs} open now)"),
    ]
    body = "".join(
        f'<div class="card"><b>{escape(v)}</b><span>{escape(t)}</span></div>' for v, t in cards
    )
    return f'<section class="cards">{body}</section>'


def _activity(report: Report) -> str:
    names = [_language(lang) for lang in report.languages]
    colors = {_language(lang): LANGUAGE_COLORS.get(lang, OTHER_COLOR) for lang in report.languages}
    points = [
        (f"{day.start:%-d %b}", {_language(lang): n for lang, n in day.by_lang})
        for day in report.daily
    ]
    chart = charts.columns(points, names, "Active people per day, by language", colors=colors)
    legend = "".join(
        f'<li><i style="background:{colors[name]}"></i><span dir="auto">{escape(name)}</span></li>'
        for name in names
    )
    return (
        "<section><h2>Active people</h2>"
        '<p class="lead">People who did anything with the bot, per day, by language.</p>'
        f'<div class="scroll">{chart}</div><ul class="legend">{legend}</ul>'
        f"<h3>Per week (from Sunday)</h3>{_active_table(report, report.weekly, 'week from')}"
        f"<h3>Per month</h3>{_active_table(report, report.monthly, 'month')}"
        '<p class="note">A person counts once per day, week and month, under the language and'
        " role they had last in it.</p></section>"
    )


def _active_table(report: Report, rows: Sequence[Active], first: str) -> str:
    head = [first, "total", *map(_language, report.languages), *report.roles]
    body = [
        [
            f"{row.start:%-d %b %Y}",
            row.total,
            *(n for _, n in row.by_lang),
            *(n for _, n in row.by_role),
        ]
        for row in rows
    ]
    return _table(head, body)


def _journeys(report: Report) -> str:
    if report.funnels is None:
        return ""
    cards = "".join(_journey(f, report) for f in report.funnels)
    return (
        "<section><h2>Journeys: how far each visit went</h2>"
        '<p class="lead">A visit starts when someone opens a journey (or is taken to one of its'
        " pages by what they typed) and lasts while they stay in it. It has reached a topic"
        " when it got past the journey's introduction.</p>"
        f'<div class="journeys">{cards}</div></section>'
    )


def _journey(funnel: Funnel, report: Report) -> str:
    rows = [
        Bar(STEP_NAMES[step], n, _percent(n, funnel.opened), color=charts.PALETTE[0])
        for step, n in funnel.steps
    ]
    chart = charts.funnel(rows, f"{funnel.flow}: funnel")
    summary = (
        f"{funnel.completed} of {funnel.opened} visits reached a topic"
        f" ({_percent(funnel.completed, funnel.opened)})"
        if funnel.opened
        else "No visits in this period."
    )
    return (
        f'<div class="journey"><h3 {_dir(report.lang)}>{escape(funnel.title)}</h3>'
        f'<div class="id">{escape(funnel.flow)}</div>{chart}'
        f'<p class="note">{escape(summary)}</p></div>'
    )


def _alerts(report: Report) -> str:
    if not report.alerts:
        body = '<p class="lead">No safety alert in this period.</p>'
    else:
        rows = [
            Bar(f"{a.kind} · {a.rule}", a.count, color=KIND_COLORS.get(a.kind, OTHER_COLOR))
            for a in report.alerts
        ]
        points = [(day[8:].lstrip("0"), {"alerts": n}) for day, n in report.alerts_daily]
        over_time = charts.columns(
            points, ["alerts"], "Safety alerts per day", height=160, colors={"alerts": "#c23b4f"}
        )
        body = (
            f"{charts.bars(rows, 'Safety alerts by rule')}"
            f'<h3>Per day</h3><div class="scroll">{over_time}</div>'
        )
    return (
        "<section><h2>Safety alerts by rule</h2>"
        '<p class="lead">Typed messages answered first with what to do now (rule, never the'
        f" text).</p>{body}"
        f'<p class="note">Hand-offs to a person asked for in this period: {report.handoffs_opened};'
        f" still open now: {report.open_handoffs}.</p></section>"
        f"{_care(report)}"
    )


def _care(report: Report) -> str:
    """Tickets and the check-in distress trend, as the text report words them (counts only)."""
    lines = [*care.ticket_lines(report.tickets), "", *care.distress_lines(report.distress)]
    body = escape("\n".join(lines))
    return (
        "<section><h2>Talking to a person, and check-ins</h2>"
        '<p class="lead">How fast staff answered tickets, and how check-in distress answers'
        f' fell, week by week (counts only).</p><pre class="care">{body}</pre></section>'
    )


def _messages(
    title: str, lead: str, messages: Sequence[Message], report: Report, *, guess: bool
) -> str:
    head = ["times", "language", *(["the bot's first guess", "id"] if guess else []), "message"]
    rows = []
    for m in messages:
        cells: list[object] = [m.count, _language(m.lang)]
        if guess:
            cells.append(_Cell(escape(m.guess_title or m.guess), _dir(report.lang)))
            cells.append(_Cell(escape(m.guess), 'class="id"'))
        cells.append(_Cell(escape(m.text), f'lang="{escape(m.lang)}" dir="auto"'))
        rows.append(cells)
    table = _table(head, rows) if rows else '<p class="lead">None in this period.</p>'
    return f'<section><h2>{escape(title)}</h2><p class="lead">{lead}</p>{table}</section>'


def _top_pages(report: Report) -> str:
    rows = [
        Bar(n.title or n.page, n.visits, n.page, color=charts.PALETTE[0], rtl=report.rtl)
        for n in report.top_visits
    ]
    chart = charts.bars(rows, "Most visited pages", width=1000, label_width=380)
    body = chart or '<p class="lead">None in this period.</p>'
    return f'<section><h2>Most visited pages</h2><div class="scroll">{body}</div></section>'


def _definitions() -> str:
    return (
        '<section><h2>How to read this page</h2><p class="lead">'
        "Days are UTC. Weeks start on Sunday. A journey visit is counted once at each step it"
        " reaches; “pages along” counts the journey's pages on the person's path (Back goes"
        " back along it). Per-page drop-off and everything here as text:"
        " <code>python bot.py stats</code>.</p></section>"
    )


@dataclass(frozen=True, slots=True)
class _Cell:
    """A table cell already written as HTML (not escaped again), with its attributes."""

    html: str
    attributes: str = ""


def _table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    rows = list(rows)
    numeric = [all(isinstance(r[i], int) for r in rows) for i in range(len(head))]
    th = "".join(
        f'<th{" class=n" if numeric[i] else ""} dir="auto">{escape(h)}</th>'
        for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>" + "".join(_cell(cell, numeric[i]) for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    table = f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _cell(value: object, numeric: bool) -> str:
    if isinstance(value, _Cell):
        return f"<td {value.attributes}>{value.html}</td>"
    return f"<td{' class=n' if numeric else ''}>{escape(str(value))}</td>"


def _dir(lang: str) -> str:
    """The attributes of a label in `lang`: right to left for Hebrew and Arabic."""
    return f'lang="{escape(lang)}" dir="{"rtl" if lang in RTL_LANGUAGES else "ltr"}"'


def _language(code: str) -> str:
    """A language as a manager reads it: its code, then its own name ("he – עברית")."""
    if code == NOT_CHOSEN or not code:
        return NOT_CHOSEN
    name = LANGUAGE_NAMES.get(code)
    return f"{code} – {name}" if name else code


def _percent(count: int, base: int) -> str:
    return f"{round(100 * count / base)}%" if base else "-"

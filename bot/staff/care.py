"""The report's care lines: tickets answered by staff and the check-in distress trend (pure)."""

from __future__ import annotations

from bot.staff.report_data import DISTRESS_BANDS, DistressWeek, Tickets


def ticket_lines(tickets: Tickets) -> list[str]:
    """Tickets opened in the period, how fast they were answered and closed, and by whom."""
    if not tickets.opened:
        return ["Tickets (talk to a person): none opened in this period"]
    return [
        f"Tickets (talk to a person): {tickets.opened} opened in this period",
        f"  answered by staff: {tickets.answered};"
        f" median time to the first answer: {_hours(tickets.median_hours_to_answer)}",
        f"  closed by staff: {tickets.closed_by_staff}; closed after the quiet time:"
        f" {tickets.closed_by_quiet}; still open: {tickets.still_open}",
        f"  median time to close: {_hours(tickets.median_hours_to_close)}",
    ]


def band_names() -> list[str]:
    """The distress bands as column names: 0-3, 4-6, 7-10."""
    return [f"{low}-{high}" for low, high in DISTRESS_BANDS]


def distress_lines(weeks: tuple[DistressWeek, ...]) -> list[str]:
    """Per week, how many check-in answers fell in each distress band (counts only)."""
    title = "Check-in distress (0-10), answers per week from Sunday"
    if not weeks:
        return [f"{title}: no check-in answered in this period"]
    header = "  week        " + "".join(f"{name:>7}" for name in band_names())
    rows = [f"  {week.start}  " + "".join(f"{count:>7}" for count in week.bands) for week in weeks]
    return [title, header, *rows]


def _hours(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 60:.0f} min" if value < 1 else f"{value:.1f} h"

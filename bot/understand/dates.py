"""A date a person types, in Hebrew, Arabic, Russian or English, read against today (pure).

What people write for an appointment: "12.3", "12/3/27", "2027-03-12" (day before month, as
in Israel); "12 March", "12 במרץ", "12 марта", "12 آذار"; "tomorrow", "מחרתיים", "بكرة";
"in two weeks", "בעוד שבועיים", "через неделю", "بعد اسبوعين"; "next Tuesday", "ביום שלישי",
"во вторник", "الثلاثاء الجاي". A date without a year is the next one from today; a weekday
is the next one after today. Anything else, or a date that does not exist, is None: the
person is asked again rather than reminded on a wrong day.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.understand.normalize import fold

_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*(\d{2}|\d{4}))?(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_NUMBER = re.compile(r"(?<!\d)(\d{1,3})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
RECENTLY_PAST = dt.timedelta(days=60)
MAX_DAYS_AHEAD = 2 * 366
"""A reminder further ahead than this is a typo, not a plan."""

_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "ינואר", "января", "январь", "يناير", "كانون الثاني"),
            ("february", "feb", "פברואר", "февраля", "февраль", "فبراير", "شباط"),
            ("march", "mar", "מרץ", "מרס", "марта", "март", "مارس", "اذار"),
            ("april", "apr", "אפריל", "апреля", "апрель", "ابريل", "نيسان"),
            ("may", "מאי", "мая", "май", "مايو", "ايار"),
            ("june", "jun", "יוני", "июня", "июнь", "يونيو", "حزيران"),
            ("july", "jul", "יולי", "июля", "июль", "يوليو", "تموز"),
            ("august", "aug", "אוגוסט", "августа", "август", "اغسطس", "اب"),
            ("september", "sep", "sept", "ספטמבר", "сентября", "сентябрь", "سبتمبر", "ايلول"),
            ("october", "oct", "אוקטובר", "октября", "октябрь", "اكتوبر", "تشرين الاول"),
            ("november", "nov", "נובמבר", "ноября", "ноябрь", "نوفمبر", "تشرين الثاني"),
            ("december", "dec", "דצמבר", "декабря", "декабрь", "ديسمبر", "كانون الاول"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon", "שני", "понедельник", "пн", "الاثنين", "الاتنين", "التنين"),
            ("tuesday", "tue", "tues", "שלישי", "вторник", "вт", "الثلاثاء", "التلات", "التلاتا"),
            ("wednesday", "wed", "רביעי", "среда", "среду", "ср", "الاربعاء", "الاربعا"),
            ("thursday", "thu", "thur", "חמישי", "четверг", "чт", "الخميس"),
            ("friday", "fri", "שישי", "пятница", "пятницу", "пт", "الجمعه", "الجمعة"),
            ("saturday", "sat", "שבת", "суббота", "субботу", "сб", "السبت"),
            ("sunday", "sun", "ראשון", "воскресенье", "вс", "الاحد", "الحد"),
        )
    )
    for name in names
}
_DAYS_FROM_TODAY: dict[str, int] = {
    "today": 0,
    "היום": 0,
    "сегодня": 0,
    "اليوم": 0,
    "tomorrow": 1,
    "מחר": 1,
    "завтра": 1,
    "بكره": 1,
    "بكرا": 1,
    "غدا": 1,
    "day after tomorrow": 2,
    "מחרתיים": 2,
    "послезавтра": 2,
    "بعد بكره": 2,
    "بعد بكرا": 2,
    "بعد غد": 2,
}
_UNITS: dict[str, int] = {
    "day": 1,
    "days": 1,
    "יום": 1,
    "ימים": 1,
    "день": 1,
    "дня": 1,
    "дней": 1,
    "يوم": 1,
    "ايام": 1,
    "week": 7,
    "weeks": 7,
    "שבוע": 7,
    "שבועות": 7,
    "неделю": 7,
    "недели": 7,
    "недель": 7,
    "неделя": 7,
    "اسبوع": 7,
    "اسابيع": 7,
    "جمعه": 7,
    "month": 30,
    "months": 30,
    "חודש": 30,
    "חודשים": 30,
    "месяц": 30,
    "месяца": 30,
    "месяцев": 30,
    "شهر": 30,
    "اشهر": 30,
    "شهور": 30,
}
_PAIRS: dict[str, int] = {
    "יומיים": 2,
    "שבועיים": 14,
    "חודשיים": 60,
    "يومين": 2,
    "اسبوعين": 14,
    "جمعتين": 14,
    "شهرين": 60,
}
_COUNTS: dict[str, int] = {
    "a": 1,
    **{w: n for n, w in enumerate(("one", "two", "three", "four", "five", "six"), start=1)},
    **{w: n for n, w in enumerate(("אחד", "שניים", "שלושה", "ארבעה", "חמישה", "שישה"), start=1)},
    **{w: n for n, w in enumerate(("אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש"), start=1)},
    "שני": 2,
    "שתי": 2,
    **{w: n for n, w in enumerate(("одну", "две", "три", "четыре", "пять", "шесть"), start=1)},
    "один": 1,
    "одна": 1,
    "два": 2,
    **{w: n for n, w in enumerate(("واحد", "اثنين", "ثلاث", "اربع", "خمس", "ست"), start=1)},
    "تلات": 3,
    "ثلاثه": 3,
    "تلاته": 3,
    "اربعه": 4,
    "خمسه": 5,
}
_MONTHS = {fold(name): number for name, number in _MONTHS.items()}
_WEEKDAYS = {fold(name): number for name, number in _WEEKDAYS.items()}
_DAYS_FROM_TODAY = {fold(name): days for name, days in _DAYS_FROM_TODAY.items()}
_UNITS = {fold(name): days for name, days in _UNITS.items()}
_PAIRS = {fold(name): days for name, days in _PAIRS.items()}
_COUNTS = {fold(name): count for name, count in _COUNTS.items()}
_IN = ("in", "בעוד", "עוד", "через", "بعد", "كمان", "خلال")
_NEXT = ("next", "הבא", "הבאה", "следующий", "следующую", "следующей", "الجاي", "القادم", "الجايه")
_NEXT_WEEK = ("next week", "בשבוע הבא", "שבוע הבא", "на следующей неделе", "الاسبوع الجاي")


def read_date(text: str, today: dt.date) -> dt.date | None:
    """The date `text` names, or None when it names none (or one in the past)."""
    folded = " ".join(fold(text).replace("،", " ").split())
    found = (
        _iso(folded)
        or _numeric(folded, today)
        or _named_month(folded, today)
        or _relative(folded, today)
        or _weekday(folded, today)
    )
    if found is None or not today <= found <= today + dt.timedelta(days=MAX_DAYS_AHEAD):
        return None
    return found


def _iso(text: str) -> dt.date | None:
    match = _ISO.search(text)
    return _make(int(match[1]), int(match[2]), int(match[3])) if match else None


def _numeric(text: str, today: dt.date) -> dt.date | None:
    match = _NUMERIC.search(text)
    if match is None:
        return None
    day, month, year = int(match[1]), int(match[2]), match[3]
    if year is not None:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return _make(full, month, day)
    return _next_of(today, month, day)


def _named_month(text: str, today: dt.date) -> dt.date | None:
    tokens = _tokens(text)
    for index in range(len(tokens)):
        month = _month_at(tokens, index)
        if month is None:
            continue
        number = _day_near(tokens, index)
        if number is None:
            continue
        year = _YEAR.search(text)
        return _make(int(year[1]), month, number) if year else _next_of(today, month, number)
    return None


def _relative(text: str, today: dt.date) -> dt.date | None:
    padded = f" {text} "
    for phrase, days in sorted(_DAYS_FROM_TODAY.items(), key=lambda item: -len(item[0])):
        if _has(padded, phrase):
            return today + dt.timedelta(days=days)
    if any(_has(padded, phrase) for phrase in _NEXT_WEEK):
        return today + dt.timedelta(days=7)
    tokens = _tokens(text)
    if not any(_bare(token) in _IN for token in tokens):
        return None
    for index, token in enumerate(tokens):
        word = _bare(token)
        if word in _PAIRS:
            return today + dt.timedelta(days=_PAIRS[word])
        if word in _UNITS:
            count = _count_before(tokens, index)
            return today + dt.timedelta(days=_UNITS[word] * count)
    return None


def _weekday(text: str, today: dt.date) -> dt.date | None:
    tokens = _tokens(text)
    for index, token in enumerate(tokens):
        weekday = _WEEKDAYS.get(_bare(token))
        if weekday is None or (token == "שני" and _is_count(tokens, index)):
            continue
        ahead = (weekday - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    return None


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+|\d+", text)


def _bare(token: str) -> str:
    """A token without a one-letter Hebrew or Arabic prefix (ב, ל, ה; ب, ل, و) when the rest
    is a known word."""
    known = (_MONTHS, _WEEKDAYS, _UNITS, _PAIRS, _DAYS_FROM_TODAY)
    if any(token in table for table in known) or len(token) < 3:
        return token
    if token[0] in "בלהוبلو" and any(token[1:] in table for table in known):
        return token[1:]
    if token.startswith(("ال", "يوم")) and token[2:] in _WEEKDAYS:
        return token[2:]
    if not token.startswith("ال") and f"ال{token}" in _WEEKDAYS:
        return f"ال{token}"
    return token


def _month_at(tokens: list[str], index: int) -> int | None:
    """The month named at `index` (two-word Levantine names included)."""
    pair = " ".join(_bare(t) for t in tokens[index : index + 2])
    if pair in _MONTHS:
        return _MONTHS[pair]
    return _MONTHS.get(_bare(tokens[index]))


def _day_near(tokens: list[str], index: int) -> int | None:
    """The day number just before the month ("12 March") or just after it ("March 12")."""
    for near in (index - 1, index + 1, index + 2):
        if 0 <= near < len(tokens) and tokens[near].isdigit() and 1 <= int(tokens[near]) <= 31:
            return int(tokens[near])
    return None


def _count_before(tokens: list[str], index: int) -> int:
    if index == 0:
        return 1
    before = tokens[index - 1]
    if before.isdigit():
        return int(before)
    return _COUNTS.get(_bare(before), 1)


def _is_count(tokens: list[str], index: int) -> bool:
    """ "שני שבועות" is two weeks, not Monday."""
    return index + 1 < len(tokens) and _bare(tokens[index + 1]) in _UNITS


def _has(padded: str, phrase: str) -> bool:
    return any(f"{before}{phrase} " in padded for before in (" ", " ב", " ל", " ו", " و"))


def _next_of(today: dt.date, month: int, day: int) -> dt.date | None:
    """The first `day`.`month` from today on; None for a date in the last few weeks, which is
    more likely a slip than a plan for next year."""
    this_year = _make(today.year, month, day)
    if this_year is not None and this_year >= today:
        return this_year
    if this_year is not None and today - this_year <= RECENTLY_PAST:
        return None
    return _make(today.year + 1, month, day)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

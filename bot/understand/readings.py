"""Temperatures written in a message, as people type them (pure).

"38.5", "38,5", "101F", "39°", "38 8 now", "almost 39", "38 and a bit", «38 ומשהו», "38 and a half",
"he has 38,4", «у него 35,4»: each read as a value in Celsius or Fahrenheit, and whether it is
marked as a temperature (a degree sign, a scale letter, where it was taken, a short message).
Ages, weights, blood pressures and dates are not readings.
"""

from __future__ import annotations

import re

from bot.understand.normalize import fold, words

_NUMBER = re.compile(r"(?<![\d.,])(\d{2,3})(?:\s*[.,]\s*(\d{1,2}))?(?![\d])")
_SPOKEN_DECIMAL = re.compile(r"(?<![\d.,])(3[5-9]|4[0-2])\s*(?:и|and|ו|و)\s*(\d)(?![\d])")
_SPACED_DECIMAL = re.compile(r"(?<![\d.,])(3[4-9]|4[0-2]) (\d)(?![\d.,])")
"""A reading typed with a space for the point ("38 8 now", «35 4»): read as a decimal."""
_ALMOST = re.compile(
    r"(?:almost|nearly|почти|כמעט|تقريبا|قربات ل|قرب ل|حوالي)\s*(3[89])(?![\d]|[.,]\d)"
)
"""A reading told as nearly a number ("almost 39", «почти 39», «قربات ل39»): a temperature in a
message up to 25 words. Only 38 and 39: "almost 40" is as often an age; nor after a word of
age ("I'm almost 39", «мне почти 39», «אני בת כמעט 39»)."""
_A_BIT_OVER = re.compile(
    r"(?<![\d.,])(3[89])\s*(?:and a bit|and something|ומשהו|ו משהו|וקצת"
    r"|وشوي|و شوي|وشوية|وحاجة|وحاجه|с чем-то|с чемто|с копейками|с хвостиком|и чуть)"
)
"""A reading told as a little over a number ("38 and a bit", «38 ומשהו», «38 وشوي», «38 с
чем-то»): a temperature, as "almost 39" is, and not after a word of age («בת 38 ומשהו»)."""
_AGE_BEFORE = re.compile(
    r"(?:\bim|\bi am|\bshes|\bhes|\bis|\baged?|בת|בן|\bмне|\bей|\bему|\bмаме|\bпапе|\bмужу"
    r"|\bжене|عمري|عمره|عمرها|عمرو)\s*$"
)
"""Words of age just before a reading told so ("mum is almost 39", «בת 38 ומשהו»): an age."""
_TOLD_READINGS = ((_SPACED_DECIMAL, 0.0, False), (_ALMOST, 0.0, True), (_A_BIT_OVER, 0.1, True))
"""Readings told as people type them, each with what it adds to its number and whether a word
of age before it makes it an age: read as temperatures in a message up to LONG_MESSAGE words."""
_AND_A_HALF = re.compile(
    r"(?<![\d.,])(3[5-9]|4[0-2])\s*(?:and a half|וחצי|ו חצי|с половиной|ونص|و نص|ونصف)"
)
NOT_A_TEMPERATURE = re.compile(
    r"\s*(?:years?|yrs?|y/o|kg|kilo|months?|weeks?|שנ|שבוע|חודש|ק\"ג|קילו"
    r"|лет|год|кг|недел|месяц|سن|عام|كيلو|اسبوع|شهر|%"
    r"|mm|cm|מ\"מ|מ״מ|ס\"מ|ס״מ|мм|см|ملم|مم|سم)"
)
_SCALE_LETTER = re.compile(r"\s*[°º]?\s*(?:f|פ|ф|ف)(?![^\W\d_])")
"""F for Fahrenheit after a number, as a letter on its own (in Hebrew, Russian, Arabic too)."""
_CELSIUS_LETTER = re.compile(r"\s*c(?![^\W\d_])")
_SLASH_BESIDE = re.compile(r"\s*/")
"""A number beside a slash is a blood pressure or a date ("158/96", "12/05"), not a reading."""
_AGE_WORD_BEFORE = re.compile(r"(?:\bim|\bi am|\baged?|בת|בן|عمري|عمره|عمرها|عمرو)\s*$")
"""Words of age just before a whole number ("I'm 35 and on BEP", «בת 36»): an age."""
_HAS_BEFORE = re.compile(
    r"(?:\bhas|\bhas got|\b(?:he|she)s got|יש לו|יש לה|יש לי|у него|у нее|у меня|у мамы|у папы"
    r"|у мужа|у жены|(?<!كان )(?:عنده|عندها|عندي|عندو|معه|معها|معو|معي))"
    r"(?: (?:already|now|still|כבר|עכשיו|עדיין|уже|сейчас|ещё|еще|هلأ|لسا|الحين))?\s*$"
)
"""Words of having, now, just before a decimal reading ("he has 38,4", «יש לו 38.5», «у него 38,4»,
«عنده 38.5»): a temperature however long the message (lab values are told with their names; "had
38.5" and «كان عنده» are not now)."""
_MEASURED_AT = re.compile(
    r"\s*(?:under (?:the |his |her |my )?(?:arm|tongue)|in (?:the |his |her |my )?(?:armpit|ear)"
    r"|armpit|orally|rectally|בבית השחי|בית שחי|מתחת ליד|מתחת לזרוע|מתחת ללשון|באוזן|בפה"
    r"|под мышкой|подмышкой|подмышкой|под языком|в ухе|во рту|ректально"
    r"|تحت الابط|تحت الإبط|تحت باطه|تحت باطها|تحت الباط|بالباط|تحت اللسان|بالاذن|بالأذن)"
)
"""Where a reading was taken, written after it ("38.1 under the arm"): it is a temperature."""

SHORT_MESSAGE = 6
"""A whole number in fever range in a message this short is read as a temperature."""
LONG_MESSAGE = 25
"""In a longer message a bare decimal (38.6) is a temperature only beside a word for fever or
degrees: lab results ("Na 39.6", "Hb 8.7") are full of such numbers."""
CELSIUS = (34.0, 43.5)
FAHRENHEIT = (95.0, 110.0)
LOW_CELSIUS = 36.0
"""A temperature at or below this on chemotherapy is an emergency too (rule low_temperature)."""
LOW_FAHRENHEIT = 96.8


def told_after_having(values: list[float], text: str) -> bool:
    """Whether one of `values` is told as a decimal just after words of having now ("у него
    35,4 после химии", «יש לה 35.6»): a reading, with no word for fever or degrees."""
    folded = fold(text)
    return any(
        match.group(2) is not None
        and float(f"{match.group(1)}.{match.group(2)}") in values
        and _HAS_BEFORE.search(folded, 0, match.start()) is not None
        for match in _NUMBER.finditer(folded)
    )


def read_temperatures(folded: str) -> list[tuple[float, str, bool]]:
    """Temperatures written in the text: (value, "C" or "F", written with ° or a unit letter)."""
    found: list[tuple[float, str, bool]] = []
    for whole, tenth in _SPOKEN_DECIMAL.findall(folded):
        found.append((float(f"{whole}.{tenth}"), "C", True))
    for whole in _AND_A_HALF.findall(folded):
        found.append((float(whole) + 0.5, "C", True))
    short = len(words(folded)) <= SHORT_MESSAGE
    long = len(words(folded)) > LONG_MESSAGE
    for pattern, above, of_age in () if long else _TOLD_READINGS:
        for match in pattern.finditer(folded):
            if NOT_A_TEMPERATURE.match(folded, match.end()) or (
                of_age and _AGE_BEFORE.search(folded, 0, match.start())
            ):
                continue
            whole = match.group(1)
            value = float(f"{whole}.{match.group(2)}") if pattern.groups > 1 else float(whole)
            found.append((value + above, "C", True))
    for match in _NUMBER.finditer(folded):
        whole, fraction = match.group(1), match.group(2)
        value = float(f"{whole}.{fraction}") if fraction else float(whole)
        after = folded[match.end() : match.end() + 3].lstrip()
        if (
            NOT_A_TEMPERATURE.match(folded, match.end())
            or _SLASH_BESIDE.match(folded, match.end())
            or folded[: match.start()].rstrip().endswith("/")
            or (not fraction and _AGE_WORD_BEFORE.search(folded, 0, match.start()))
        ):
            continue
        # A letter for the scale stands alone: "38.2 فعطيته" is "so I gave him", not 38.2 °F.
        unit_letter = bool(_SCALE_LETTER.match(folded, match.end()))
        marked = (
            after.startswith(("°", "º"))
            or unit_letter
            or bool(_MEASURED_AT.match(folded, match.end()))
            or bool(_CELSIUS_LETTER.match(folded, match.end()))
            or (bool(fraction) and not long)  # 38.6 in this bot's context is a temperature
            or (bool(fraction) and bool(_HAS_BEFORE.search(folded, 0, match.start())))
            or short  # "у него 39", "ענده 39", "יש לו 39"
        )
        fahrenheit = unit_letter or value > CELSIUS[1]
        low, high = FAHRENHEIT if fahrenheit else CELSIUS
        if low <= value <= high:
            found.append((value, "F" if fahrenheit else "C", marked))
    return found

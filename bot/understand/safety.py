"""The safety check: emergencies and crises in typed text, from clinicians' YAML (pure).

Arabic and Hebrew "and" written onto a short word ("ومش قادر", "وما بتقدر", "ולא נושם", "ודם")
is also read without it: the normaliser drops a clitic only from longer words.
Order: idioms and negations in `not_alarming` are blanked out (only as unbroken runs of
words); then temperatures: a number at or over the fever threshold (°C or °F) with a word
for fever, or written as a temperature (a word for degrees, °, F, or the number alone)
when the text is not about the weather, is an emergency, and a word for fever with no
temperature at all is one too (recall first), unless the fever was days ago, is over and
was dealt with; an oxygen saturation at or under its threshold written just after a word for
it ("sats 88") raises the rule `oxygen` names;
then every rule's phrases, in every language (a rule may require another word, or be
silenced by one: numb fingers and toes are not a numb leg). An emergency phrase (or a word for
fever) told as history does not count: its sentence opens with "A year ago" or closes with
"for years" close to it, that time dates no diagnosis or treatment, no word in its sentence or
the next brings it to the present ("now", "today", "still") and none anywhere brings it back
("again", "came back"). Nor does one a week or more back that was dealt with or explained
("Two months ago he fainted, it turned out to be his blood pressure pills"), with nothing that
brings it back; nor one said to be absent ("no chest pain", «одышки нет,»). A crisis phrase
always counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.content.alerts import FEVER_RULES
from bot.core.events import SafetyHit
from bot.understand.negations import NegationReader, denied_places
from bot.understand.normalize import fold, words
from bot.understand.phrases import Phrase, PhraseIndex, list_index, phrase, phrase_index
from bot.understand.readings import (
    LOW_CELSIUS,
    LOW_FAHRENHEIT,
    NOT_A_TEMPERATURE,
    SHORT_MESSAGE,
    read_temperatures,
    told_after_having,
)
from bot.understand.sentences import clause_ends, sentence_ends, sentence_of, sentence_spans

"""One or two words and a comma opening a message: a greeting or the name of the one
addressed ("שלום,", "Hi everyone,", "Doctor,")."""
AS_WRITTEN = "="
"""A rule's phrase written after "=" matches only as written, with no stems and no typos:
«=ما عرفني» (he did not recognise me) is not «ما عرفت» or «ما بعرف» (I don't know), though
all three stem to one word."""
LOOSE_WORDS = 25
"""Real words read as slips for other words only in messages up to this long: in a long story
some word always resembles a word of some alarm ("היציאות חוזרות" read as "black stools")."""
ANSWERED_BY_FEVER = ("fever_chills",)
"""Rules whose reply is written for no fever ("shivering ... even without a fever"): when the
message states a fever too ("chills and 39"), the fever's own reply answers it."""
AMOUNT_REACH = 4
"""Words read on each side of a word of amount when the rules are read again without it."""
OXYGEN_REACH = 3
"""A reading counts when it follows the word for it within this many words ("sats were 88")."""
OXYGEN_LOWEST = 50
"""Below this a number after "oxygen" is something else ("oxygen 2 litres")."""


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    kind: str
    requires: PhraseIndex | None
    unless: PhraseIndex | None
    on_treatment: bool = False
    """A red flag for someone on cancer treatment: not raised when the message puts the
    symptom down to another health matter (see `check`)."""


class SafetyCheck:
    """Built once from content/safety.yaml; `check(text)` is then pure and fast."""

    def __init__(self, data: Mapping[str, Any], known_words: frozenset[str] = frozenset()) -> None:
        fever = data["fever"]
        self.celsius = float(fever["celsius"])
        self.fahrenheit = float(fever["fahrenheit"])
        self.rules = {
            rule["id"]: _Rule(
                rule["id"],
                rule["kind"],
                list_index(rule.get("requires"), "requires", known_words),
                list_index(rule.get("unless"), "unless", known_words),
                bool(rule.get("on_treatment")),
            )
            for rule in data["rules"]
        }
        # The fever block's reply is about a fever on cancer treatment: its alerts are red
        # flags of treatment like the rules marked `on_treatment`.
        self.on_treatment = frozenset(
            (*FEVER_RULES, *(r.id for r in self.rules.values() if r.on_treatment))
        )
        self.treatment_words = list_index(data.get("treatment_words"), "treatment", known_words)
        self.not_causes = frozenset(data.get("not_causes", ()))
        self.phrases = phrase_index(
            ((rule["id"], _stemmed(rule["phrases"])) for rule in data["rules"]), known_words
        )
        self.written = PhraseIndex(
            [
                found
                for rule in data["rules"]
                for text in _as_written(rule["phrases"])
                if (found := phrase(text, rule["id"], stems=False)) is not None
            ],
            fuzzy=False,
            stems=False,
        )
        self.fever_words = list_index(fever["words"], "fever", known_words)
        self.units = list_index(fever.get("units"), "unit", known_words)
        self.weather = list_index(fever.get("weather"), "weather", known_words)
        self.past = list_index(fever.get("past"), "past", as_written=True)
        self.over = list_index(fever.get("over"), "over", as_written=True)
        self.again = list_index(fever.get("again"), "again", as_written=True)
        self.not_alarming = list_index(data.get("not_alarming"), "idiom", as_written=True)
        self.negations = NegationReader(data.get("negations"))
        self.amounts = list_index(data.get("amounts"), "amount", as_written=True)
        oxygen = data.get("oxygen") or {}
        self.oxygen_words = list_index(oxygen.get("words"), "oxygen", as_written=True)
        self.oxygen_limit = int(oxygen.get("at_or_below", 0))
        self.oxygen_rule = str(oxygen.get("rule", ""))
        history = data.get("history") or {}
        self.long_ago = list_index(history.get("long_ago"), "long_ago", as_written=True)
        self.now = list_index(history.get("now"), "now", as_written=True)
        self.back = list_index(history.get("back"), "back", as_written=True)
        self.during = list_index(history.get("during"), "during", as_written=True)
        self.years = list_index(history.get("years"), "years", as_written=True)
        self.events = list_index(history.get("events"), "event")

    def __repr__(self) -> str:
        return f"SafetyCheck(rules={len(self.rules)}, phrases={len(self.phrases.phrases)})"

    def denied_words(self, text: str) -> frozenset[int]:
        """The positions of the words of the red flags `text` says are absent ("no chest
        pain", «одышки нет»): routing does not read them, so a letter that lists what the
        person does not have is not offered the pages about those red flags."""
        negations = self.negations.read(text)
        if not negations.ends and not negations.after:
            return frozenset()  # most messages: no word of negation, no red flag to look for
        # The phrases as typed are enough here: this only keeps their words out of routing.
        hits = self.phrases.find(_read(self.phrases, text))
        places = [
            (start, end)
            for item, start, end in hits
            if self.rules[str(item.key)].kind == "emergency"
        ]
        if self.fever_words is not None:
            places += _every(self.fever_words, _read(self.fever_words, text))
        if not places:
            return frozenset()
        denied = denied_places(negations, places, sentence_ends(text))
        return frozenset(at for start, end in denied for at in range(start, end + 1))

    def knows(self, rule_id: str) -> bool:
        """Whether a hit with `rule_id` can come from these rules (the fever block's too)."""
        return rule_id in self.rules or rule_id in FEVER_RULES

    def about_weather(self, text: str, kept: list[bool] | None = None) -> bool:
        """Whether `text` speaks of the weather ("39 degrees outside"), outside idioms blanked
        out (`kept`)."""
        return self.weather is not None and _present(self.weather, text, kept)

    def check(
        self, text: str, elsewhere: bool = False, year: int | None = None
    ) -> SafetyHit | None:
        """The first safety hit in `text`, crises before emergencies, or None. `elsewhere`:
        the message is about another health matter and names no cancer ("my son has the
        flu, fever 39"), so the red flags of cancer treatment are not raised for it unless it
        speaks of treatment. `year`: this year, when known: a year before it told beside a
        red flag ("in 2021 he had a seizure") dates it as history."""
        skip = self.on_treatment if elsewhere and not self._speaks_of_treatment(text) else ()
        typed = _read(self.phrases, text)
        kept = self._without_idioms(text, len(typed))
        loose = _read(self.phrases, text, loose=True) if len(typed) <= LOOSE_WORDS else typed
        written = _read(self.written, text)
        amounts = [bool(found) for found in _read(self.amounts, text)] if self.amounts else []
        hits = self._find(typed, loose, written, kept, amounts)
        long = hits and len(typed) > SHORT_MESSAGE  # most messages have no hit at all
        ends = sentence_ends(text) if long else frozenset()
        if len(ends) > 1:
            # Each sentence on its own: a phrase is found once, at its first words, and those
            # may stand in an earlier sentence ("A year ago he had a clot. Now the leg is
            # swollen and painful" holds "swollen ... painful" in the second sentence only).
            hits = [
                hit
                for first, last in sentence_spans(ends)
                for hit in self._find(
                    typed, loose, written, _in_sentence(kept, first, last), amounts
                )
            ]
        # Sentences count for history in a short message too ("Coughed blood. Years ago?").
        sentences = (ends or sentence_ends(text)) if hits else frozenset()
        events = self._events(text) if hits else []
        history = self._long_ago(text, sentences, len(typed), events, year) if hits else []
        now = self._now(text, sentences, kept, events) if history else frozenset()
        over = self._over_words(text, kept) if hits else []
        back = self._times_back(text) if over else _NO_TIMES
        places = [(start, end) for _, start, end in hits]
        denied = self.negations.denied(text, places, sentences) if hits else frozenset()
        found = [
            rule
            for rule, start, end in ((self.rules[str(item.key)], s, e) for item, s, e in hits)
            if not any(start <= end_of < end for end_of in ends)
            and rule.id not in skip
            and self._holds(rule, text, kept, start, end)
            and not (
                rule.kind == "emergency"
                and (
                    (start, end) in denied
                    or _told_as_history((start, end), history, sentences, now)
                    or _over((start, end), over, back, sentences)
                )
            )
        ]
        emergencies = tuple(dict.fromkeys(r.id for r in found if r.kind == "emergency"))
        crisis = next((rule for rule in found if rule.kind == "crisis"), None)
        if crisis is not None:
            return SafetyHit("crisis", crisis.id, emergencies)
        if emergencies:
            first = emergencies[0]
            if first in ANSWERED_BY_FEVER:
                first = self._fever(text, kept, year) or first
            return SafetyHit("emergency", first)
        if self.oxygen_rule not in skip and self._low_oxygen(text, kept):
            return SafetyHit("emergency", self.oxygen_rule)
        fever = self._fever(text, kept, year)
        return SafetyHit("emergency", fever) if fever and fever not in skip else None

    def _speaks_of_treatment(self, text: str) -> bool:
        """Whether the message says the person is on treatment ("he's on treatment")."""
        return self.treatment_words is not None and _present(self.treatment_words, text)

    def _find(
        self,
        typed: list[frozenset[str]],
        loose: list[frozenset[str]],
        written: list[frozenset[str]],
        kept: list[bool],
        amounts: list[bool],
    ) -> list[tuple[Phrase, int, int]]:
        """The rules' phrases in the words kept, and the emergencies' again with the words of
        amount left out ("coughing up a lot of blood" holds "coughing up blood")."""
        visible = _visible(typed, kept)
        hits = self.phrases.find(visible) + self.written.find(_visible(written, kept))
        for first, last in _around(amounts):
            rest = [at for at in range(first, last + 1) if not amounts[at]]
            hits += [
                (item, rest[start], rest[end])
                for item, start, end in self.phrases.find([visible[at] for at in rest])
                if self.rules[str(item.key)].kind == "emergency"
            ]
        if loose != typed:
            # A slip that makes another real word ("tried of living", "cut my writs") counts
            # when the rest of a longer phrase is there; alone it could be that word.
            hits += [
                found
                for found in self.phrases.find(_visible(loose, kept))
                if len(found[0].words) >= 2
            ]
        return hits

    def _holds(self, rule: _Rule, text: str, kept: list[bool], start: int, end: int) -> bool:
        """A rule's other conditions: a required word anywhere; no `unless` word near the hit."""
        if rule.requires is not None and not _present(rule.requires, text, kept):
            return False
        if rule.unless is None:
            return True
        spans = rule.unless.find(_visible(_read(rule.unless, text), kept))
        return not any(_near((start, end), (s, e)) for _, s, e in spans)

    def _long_ago(
        self,
        text: str,
        ends: frozenset[int],
        length: int,
        events: list[tuple[int, int]],
        year: int | None,
    ) -> list[tuple[int, int, int, int]]:
        """Where a sentence opens or closes with a time months or years back ("A year ago ...",
        "... for years", "In 2021 ...") that dates no diagnosis or treatment beside it, unless
        a `back` word anywhere in the message brings the symptom back ("again", "came back").
        Each comes with the words it can date: its sentence, when it opens or closes it; its
        own clause, when it opens or closes a clause between commas ("I'm 45, last year I had
        chest pain, ...")."""
        if self.long_ago is None:
            return []
        bounds = ends | {-1, length - 1}
        typed = _tokens(text)
        times = [
            # a number before the time is part of it ("3 years ago", "5 лет назад")
            (start - 1 if start and typed[start - 1].isdigit() else start, end)
            for _, start, end in self.long_ago.find_runs(
                _read(self.long_ago, text), inside=LONG_AGO_INSIDE
            )
        ] + self._years_before(text, year)
        if not times:
            return []
        # A time found across a comma begins after it ("I'm 45, last year ...": "45 years"
        # lent the time its first word).
        commas = clause_ends(text)
        times = [
            (max([start, *(c + 1 for c in commas if start <= c < end)]), end)
            for start, end in times
        ]
        # "during chemo" beside a time long ago is part of that time ("Four years ago, in the
        # middle of chemo, I fainted"); alone it is not a time at all.
        frames = self._frames(text, events)
        joined = _joined(times + frames)  # "two years ago, before the diagnosis" is one time
        times = [span for span in joined if any(_within(t, span) for t in times)]
        clauses = commas - bounds
        spans = [
            (start, end, *_datable(start, end, bounds, clauses, length))
            for start, end in times
            if _opens(start, bounds | clauses) or end in bounds | clauses
        ]
        if not spans or self._brought_back(text):
            return []
        # An event inside a time ("two years ago, before the diagnosis, ...") dates nothing.
        dated = [event for event in events if not any(_within(event, time) for time in times)]
        return [span for span in spans if not any(_dates(span[:2], e, ends) for e in dated)]

    def _brought_back(self, text: str) -> bool:
        """Whether a `back` word stands anywhere in the message, its words side by side and in
        order: «رجع تاني» (came back again), not «تاني يوم رجع» (came home the next day)."""
        return self.back is not None and bool(self.back.find_runs(_read(self.back, text)))

    def _years_before(self, text: str, year: int | None) -> list[tuple[int, int]]:
        """Where a year before `year` is told as a time: after a `years` word ("in 2021", "с
        2019", «سنة 2020», «בשנת 2018») or with a Hebrew prefix on it ("ב2019"). Each span
        starts at its `years` word, so that "In 2021 ..." opens its sentence."""
        if year is None or self.years is None:
            return []
        typed = _tokens(text)
        said = _read(self.years, text)
        found = []
        for at, word in enumerate(typed):
            told = _YEAR.fullmatch(word)
            if told is None or int(told.group("year")) >= year:
                continue
            if told.group("prefix"):
                found.append((at, at))
            elif opening := [b for b in (at - 2, at - 1) if b >= 0 and said[b]]:
                found.append((opening[0], at))
        return found

    def _events(self, text: str) -> list[tuple[int, int]]:
        """Where the message names a diagnosis or a treatment (`events`)."""
        return _every(self.events, _read(self.events, text)) if self.events is not None else []

    def _frames(self, text: str, events: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Where a `during` word stands just before a diagnosis or treatment word ("during
        chemo", "באמצע הטיפולים", "во время химии")."""
        if self.during is None or not events:
            return []
        return [
            (start, end)
            for start, before in _every(self.during, _read(self.during, text))
            for after, end in events
            if 0 < after - before <= FRAME_GAP
        ]

    def _now(
        self, text: str, ends: frozenset[int], kept: list[bool], events: list[tuple[int, int]]
    ) -> frozenset[int]:
        """The sentences a `now` word brings to the present: its own, and the one before it
        when its own is short ("A year ago he fainted. Today too." but not "... She is doing
        well now and asks about scans."). A `now` inside words kept out says nothing ("... and
        he is fine now" is in not_alarming)."""
        if self.now is None:
            return frozenset()
        spans = sentence_spans(ends)
        treated = {sentence_of(start, ends) for start, _ in events}
        brought: set[int] = set()
        for start, _ in _every(self.now, _visible(_read(self.now, text), kept)):
            sentence = sentence_of(start, ends)
            brought.add(sentence)
            first, last = spans[sentence] if sentence < len(spans) else (start, start)
            # "Today too." speaks of the sentence before; "Today was my last chemo." does not.
            if last - first < SHORT_SENTENCE and sentence not in treated:
                brought.add(sentence - 1)
        return frozenset(brought)

    def _fever_long_ago(self, text: str, kept: list[bool], year: int | None) -> bool:
        """Whether every word for fever is told as history ("A year ago she had a fever and
        was admitted.")."""
        if self.fever_words is None:
            return False
        ends = sentence_ends(text)
        events = self._events(text)
        history = self._long_ago(text, ends, len(_tokens(text)), events, year)
        if not history:
            return False
        typed = _read(self.fever_words, text)
        fevers = [
            (start, end)
            for first, last in sentence_spans(ends)
            for _, start, end in self.fever_words.find(
                _visible(typed, _in_sentence(kept, first, last))
            )
        ]
        now = self._now(text, ends, kept, events)
        return bool(fevers) and all(_told_as_history(f, history, ends, now) for f in fevers)

    def _without_idioms(self, text: str, length: int) -> list[bool]:
        kept = [True] * length
        if self.not_alarming is None:
            return kept
        typed = _read(self.not_alarming, text)
        for _, start, end in self.not_alarming.find_runs(typed):
            for position in range(start, end + 1):
                kept[position] = False
        return kept

    def _fever(self, text: str, kept: list[bool], year: int | None) -> str | None:
        fever_words = self.fever_words
        if fever_words is None:
            return None
        temperatures = read_temperatures(fold(text))
        if not temperatures:  # most messages: only a word for fever can count
            if (
                _present(fever_words, text, kept)
                and not self._fever_denied(text, kept)
                and not self._fever_is_over(text, kept)
                and not self._fever_long_ago(text, kept, year)
            ):
                return "fever"
            return None
        high = [
            (value, marked)
            for value, scale, marked in temperatures
            if value >= (self.fahrenheit if scale == "F" else self.celsius)
        ]
        low = [
            value
            for value, scale, _ in temperatures
            if value <= (LOW_FAHRENHEIT if scale == "F" else LOW_CELSIUS)
        ]
        about_weather = self.about_weather(text, kept)
        # A low reading is one with a word for fever or for measuring anywhere, even in "no
        # fever, right?" («מדדתי 35.8 ... זה טוב שאין חום נכון?»): on chemo it is a red flag.
        measured = self.units is not None and _present(self.units, text, kept)
        if (
            low
            and not about_weather
            and (measured or _present(fever_words, text) or told_after_having(low, text))
        ):
            return "low_temperature"
        if high and _present(fever_words, text):
            # A reading with a word for fever anywhere, even inside a blanked question
            # ("what counts as a fever, he is 38") or beside "fine now", is a fever now;
            # unless the fever is told as history ("Last year he had a fever of 39.5 ...").
            return None if self._fever_long_ago(text, kept, year) else "fever_high"
        if not high:
            return None
        only_numbers = all(word.isdigit() for word in _tokens(text))
        marked = only_numbers or any(written_as_temperature for _, written_as_temperature in high)
        return "fever_high" if (marked or measured) and not about_weather else None

    def _fever_denied(self, text: str, kept: list[bool]) -> bool:
        """Whether every word for fever stands just after a negating word ("she has had no
        fevers", «ни температуры, ни кашля»)."""
        if self.fever_words is None:
            return False
        fevers = _every(self.fever_words, _visible(_read(self.fever_words, text), kept))
        return bool(fevers) and self.negations.denied(text, fevers, sentence_ends(text)) >= set(
            fevers
        )

    def _low_oxygen(self, text: str, kept: list[bool]) -> bool:
        """A pulse-oximeter reading at or under the threshold, as a number just after a word
        for it ("sats 88", «сатурация 85»); a number before the word is something else."""
        if self.oxygen_words is None or not self.oxygen_limit or self.oxygen_rule not in self.rules:
            return False
        spans = self.oxygen_words.find(_visible(_read(self.oxygen_words, text), kept), gap=1)
        if not spans:
            return False
        typed = _tokens(text)
        for _, _, end in spans:
            for at in range(end + 1, min(end + 1 + OXYGEN_REACH, len(typed))):
                following = typed[at + 1] if at + 1 < len(typed) else ""
                if (
                    typed[at].isdigit()
                    and OXYGEN_LOWEST <= int(typed[at]) <= self.oxygen_limit
                    and not NOT_A_TEMPERATURE.match(following)
                ):
                    return True
        return False

    def _over_words(self, text: str, kept: list[bool]) -> list[int]:
        """Where the message says a red flag was dealt with (`over`: "got antibiotics, fine
        now", "it turned out to be reflux"): the first word of each, or none when anything
        brings a red flag back (`again`). Only a red flag told before such words is over:
        "...it was treated, all healed, and she is coughing up blood" is not."""
        if self.over is None or (self.again is not None and _present(self.again, text, kept)):
            return []
        said = self.over.find(_visible(_read(self.over, text), kept), gap=0)  # as one run
        return [start for _, start, _ in said]

    def _times_back(self, text: str) -> TimesBack:
        """Where `text` puts something a week or more back (`past`), and where its `now` words
        stand."""
        if self.past is None:
            return _NO_TIMES
        pasts = tuple((start, end) for _, start, end in self.past.find(self.past.read(text), gap=0))
        if not pasts or self.now is None:
            return TimesBack(pasts, ())
        return TimesBack(pasts, tuple(at for at, _ in _every(self.now, _read(self.now, text))))

    def _fever_is_over(self, text: str, kept: list[bool]) -> bool:
        """A fever a week or more back (every word for it dated by `past`), dealt with, not
        back."""
        over = self._over_words(text, kept)
        if self.fever_words is None or not over:
            return False
        fevers = self.fever_words.find(_visible(_read(self.fever_words, text), kept))
        ends, back = sentence_ends(text), self._times_back(text)
        return bool(fevers) and all(_over((s, e), over, back, ends) for _, s, e in fevers)


NEAR = 3
"""Words between two phrases for one to be about the other."""
SHORT_SENTENCE = 5
"""A sentence this short with a `now` word speaks of the one before it ("Today too.")."""
FRAME_GAP = 2
"""Words from a `during` word to the treatment it frames ("during her chemo")."""
HISTORY_REACH = 5
"""Words between a time long ago and a red flag it dates ("A year ago she had a fever")."""
_YEAR = re.compile(r"(?P<prefix>ו?[במ])?(?P<year>(?:19|20)\d\d)")
"""A year as typed (1900 to 2099), maybe with a Hebrew prefix on it ("ב2019", "מ2020")."""
LONG_AGO_INSIDE = 1
"""Words a time long ago may hold inside its phrase: a count ("לפני 3 שנים", «قبل ثلاث سنوات»)."""


@dataclass(frozen=True, slots=True)
class TimesBack:
    """Where a message puts something a week or more back, and where its `now` words stand."""

    pasts: tuple[tuple[int, int], ...]
    nows: tuple[int, ...]


_NO_TIMES = TimesBack((), ())


def _over(hit: tuple[int, int], over: list[int], back: TimesBack, ends: frozenset[int]) -> bool:
    """Whether a red flag is over: words that it was dealt with are told after it ("...it
    turned out to be his pills"), and a time a week or more back dates it."""
    return any(said > hit[1] for said in over) and _dated_back(hit, back, ends)


def _dated_back(hit: tuple[int, int], back: TimesBack, ends: frozenset[int]) -> bool:
    """Whether a time a week or more back dates a phrase: before it in its sentence ("Last
    month I had bad diarrhoea on immunotherapy"), with no `now` word between ("chemo last week,
    now 39"), or just after it."""
    return any(
        (
            end < hit[0]
            and sentence_of(start, ends) == sentence_of(hit[0], ends)
            and not any(end < at < hit[0] for at in back.nows)
        )
        or _dates(hit, (start, end), ends)
        for start, end in back.pasts
    )


def _told_as_history(
    hit: tuple[int, int],
    history: list[tuple[int, int, int, int]],
    ends: frozenset[int],
    now: frozenset[int],
) -> bool:
    """Whether a phrase is dated by a time long ago, among the words it can date, with no
    `now` word in its sentence or in a short sentence after it."""
    return sentence_of(hit[0], ends) not in now and any(
        _dates(hit, (start, end), ends, HISTORY_REACH) and first <= hit[0] and hit[1] <= last
        for start, end, first, last in history
    )


def _datable(
    start: int, end: int, bounds: frozenset[int], clauses: frozenset[int], length: int
) -> tuple[int, int]:
    """The first and last word a time long ago can date: any in its sentence when it opens or
    closes the sentence; else only those of its own clause."""
    if _opens(start, bounds) or end in bounds:
        return 0, length
    return (
        max([-1, *(c for c in clauses if c < start)]) + 1,
        min([length - 1, *(c for c in clauses if c >= end)]),
    )


def _opens(start: int, bounds: frozenset[int]) -> bool:
    """Whether a time opens its sentence or clause: at its first word, or after one word that
    counts it ("Eighteen months ago", "Полтора года назад")."""
    return start - 1 in bounds or start - 2 in bounds


def _every(index: PhraseIndex, typed: list[frozenset[str]], most: int = 8) -> list[tuple[int, int]]:
    """Every place an index's phrases stand, not only the first of each (up to `most` rounds)."""
    typed = list(typed)
    found: list[tuple[int, int]] = []
    for _ in range(most):
        hits = index.find(typed)
        if not hits:
            break
        for _, start, end in hits:
            found.append((start, end))
            typed[start] = frozenset()  # look past this one next round
    return sorted(set(found))


def _in_sentence(kept: list[bool], first: int, last: int) -> list[bool]:
    """The words kept, of one sentence only."""
    return [keep and first <= at <= last for at, keep in enumerate(kept)]


def _within(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that follow one another (at most one word between) joined into one."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1] + 2:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _near(first: tuple[int, int], second: tuple[int, int], reach: int = NEAR) -> bool:
    return second[0] - first[1] <= reach and first[0] - second[1] <= reach


def _dates(
    hit: tuple[int, int], span: tuple[int, int], ends: frozenset[int], reach: int = NEAR
) -> bool:
    """Two phrases close together in one sentence (a time that opens or closes its sentence
    can only stand before or after a phrase of that sentence)."""
    if not _near(hit, span, reach):
        return False
    low, high = min(hit[1], span[1]), max(hit[0], span[0])
    return not any(low <= end_of < high for end_of in ends)


def _around(amounts: list[bool]) -> list[tuple[int, int]]:
    """The stretches of words around the words of amount (first and last position), where a
    red flag may stand with them left out; only those are read again."""
    stretches: list[tuple[int, int]] = []
    for at, amount in enumerate(amounts):
        if not amount:
            continue
        first, last = max(0, at - AMOUNT_REACH), min(len(amounts) - 1, at + AMOUNT_REACH)
        if stretches and first <= stretches[-1][1] + 1:
            first = stretches.pop()[0]
        stretches.append((first, last))
    return stretches


def _visible(typed: list[frozenset[str]], kept: list[bool]) -> list[frozenset[str]]:
    return [matched if keep else frozenset() for matched, keep in zip(typed, kept, strict=False)]


def _stemmed(phrases: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """A rule's phrases that match with stems and typos, per language."""
    return {
        lang: [text for text in texts if not text.startswith(AS_WRITTEN)]
        for lang, texts in phrases.items()
    }


def _as_written(phrases: Mapping[str, list[str]]) -> list[str]:
    """A rule's phrases marked to match only as written, without their mark."""
    return [
        text[len(AS_WRITTEN) :]
        for texts in phrases.values()
        for text in texts
        if text.startswith(AS_WRITTEN)
    ]


def _read(index: PhraseIndex, text: str, loose: bool = False) -> list[frozenset[str]]:
    """What each typed word matches, a short word with "and" on it read without it too."""
    return [index.match_word_and(word, loose=loose) for word in _tokens(text)]


@lru_cache(maxsize=4)
def _tokens(text: str) -> tuple[str, ...]:
    """The words of a message, split once for the many word lists the check reads it with."""
    return tuple(words(text))


def _present(index: PhraseIndex, text: str, kept: list[bool] | None = None) -> bool:
    typed = _read(index, text)
    return bool(index.find(_visible(typed, kept) if kept is not None else typed))

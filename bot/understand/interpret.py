"""From typed text to an Understanding: safety first, then buttons, then routing (pure).

A message is read as a person would: the safety check reads all of it; routing reads the
body without greetings and names, weighs the question sentence most, and adds what the
message names (a medicine leads to the page about its kind) and what the person wants
("what are the options", "how long", "is it hereditary"). A message about something the bot
does not cover is told so honestly. The indexes are built once per content library.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.content.alerts import DESCRIBED_RULES
from bot.content.library import VOCABULARIES, Library
from bot.core.events import SafetyHit, Understanding
from bot.core.model import GLOSSARY_FLOW, Content
from bot.core.state import Frame, State
from bot.understand.about import AboutReader, Named
from bot.understand.buttons import match_option
from bot.understand.described import described_alarm
from bot.understand.journeys import JourneyModel, node_texts
from bot.understand.lexicon import lexicon
from bot.understand.message import Message, read_message
from bot.understand.normalize import language_of, without_words, words
from bot.understand.phrases import Phrase, phrase_index
from bot.understand.router import Route, Router
from bot.understand.safety import SafetyCheck
from bot.understand.scope import Scope, ScopeReader, topic_words
from bot.understand.scrub import scrub
from bot.understand.stages import StageReader
from bot.understand.stories import OUT, learned
from bot.understand.vocabulary import frequency
from bot.understand.wants import WantReader

CONFIDENT = 75.0
"""A place scored at least this is where the person goes."""
CLOSE = 40.0
"""Places scored at least this are offered as suggestions."""
MARGIN = 15.0
"""A confident place must lead the best place of any other journey by this much."""
SHORT_MARGIN = 12.0
"""The lead a short question (not a story) needs: its words are few and all its own, so a
smaller lead says as much (written sets: 10 more right answers given straight, 2 wrong; set d
Russian "not sure" 23.3 -> 21.7%, no more confident wrong)..."""
WORDS_OF_A_QUESTION = 4
"""...when it has at least this many words: a word or two ("food") may mean several pages."""
ROUTING_CHARACTERS = 1500
"""Routing reads this much of a long message; the safety check reads all of it."""
FOCUS_SHARE = 0.3
"""How much the question sentence's own routing counts beside the whole message, when the
question says what it wants ("what are the treatment options after surgery?"). A question
that does not ("what should I do?") has its subject in the story, and the story decides."""
FOCUS_SUBJECT = 90.0
"""A question that says no want still counts beside the message when a page's own phrases
match it at least this well, and lead any other journey's page by SUBJECT_LEAD: it names
its subject."""
SUBJECT_LEAD = 10.0
WANT_BOOST: Mapping[str, tuple[float, float]] = {
    "outlook": (40.0, 8.0),
    "heredity": (40.0, 8.0),
    "side_effects": (18.0, 8.0),
    "options": (18.0, 8.0),
    "rights": (18.0, 8.0),
    "practical": (18.0, 8.0),
    "support": (15.0, 6.0),
}
"""Per want: what it adds to its own page and to the other places of that page's journey."""
DECISIVE = ("outlook", "heredity")
"""Wants that decide the page on their own when the question asks them."""
OVERRIDING = ("outlook",)
"""Wants that, asked outright in a message about cancer, decide the page over the journey a
story reads as (a story about a mother's diagnosis that asks "will she die?")."""
PAST_THE_NAMES = ("options",)
"""Wants that ask past the cancer and the tests a message names: "stage 4 lung cancer, what
are the options?" asks about treatment, not about staging or the diagnosis, so routing reads
it without those names when the rest names a page of the want's journey (see _route_asked;
the cancer still picks its own pages, SAME_TYPE)."""
CONTEXT_KINDS = ("cancer", "test")
"""Kinds of names that say where things stand, not what is asked (see PAST_THE_NAMES)."""
TREATING = "options"
"""The want of a short question about the treatment of a named cancer ("what is the treatment
for myeloma?"), or about what can be done for a symptom it names: that page decides."""
NAMED_WANTS = (None, "understand", "expect", "side_effects")
"""Wants under which a named medicine, test, symptom or service leads to its own page."""
NAMED_BOOST = 22.0
"""What a named medicine, test, symptom or service adds to the page that explains it."""
ASKING_ABOUT_A_CANCER = 10
"""A question this short that wants to understand a named cancer ("what is leukaemia?",
"symptoms of ovarian cancer") is about the cancer itself: the diagnosis journey's first page."""
EARLIER = 0.5
"""What a name mentioned before the last one adds, as a share of NAMED_BOOST."""
OTHER_TYPE = 0.5
"""A page about another cancer type than the one the person named keeps this share."""
SAME_TYPE = 10.0
"""What a page about the cancer type the person named adds when routing read the message
without the type's name (PAST_THE_NAMES)."""
SPECIFIC_PHRASES = 5
"""A page whose phrases name one cancer type this often is about that type (see _place_types)."""
STRONG_CONTEXT = ("cancer", "medicine")
CONFIDENT_WITHOUT_CONTEXT = 75.0
"""A message that names no cancer is in scope when a page's own phrases match it this well..."""
UNSURE_WITHOUT_CONTEXT = 55.0
"""...and taken to be about something else when none matches it even this well."""
CUE_WEIGHT = 6.0
"""What each cue of where the story stands adds to the places of its journey (at most
MAX_CUES counted per journey; cues in the question count twice)."""
MAX_CUES = 3
BELIEF_WEIGHT = 300.0
"""What the reading of a story (StoryModel, learned from people's own messages) adds to the
places of each journey, times its belief: for a story it decides the journey, and the
phrases, names and wants pick the page inside it."""
OFTEN_WRITTEN = 5
"""A word in this many of people's example messages is a real word (see written_often)."""
STORY_WORDS = 20
"""A message this long is a story."""
STORY_PAGE_MATCH = 60.0
"""In a story, a page's own phrases count only when they match at least this well; otherwise
the story's journey leads to its first page (named things and wants still pick theirs)."""
SHORT_BELIEF_WEIGHT = 20.0
"""What a shorter message's reading (JourneyModel over the pages alone) adds, times its
belief."""
SURE = 0.6
"""A story goes straight to a page only when its reading gives that page's journey at least
this share of belief..."""
AGREED = 0.35
"""...or this share, when the pages' own phrases or what the question wants (its page's
journey) point to the same journey. Below it the person is offered choices: a wrong page is
worse than three choices. (0.4 with phrases alone; with the want agreeing too, 0.35 took
English real-world "not sure" 36.7 -> 32.7%, confident wrong unchanged.) A want found only
in the story, not in its question ("Negative for the BRCA gene... is it worth it?"), does not
agree: on the real-world sets that took two confident wrong pages away for one right."""
OUT_BELIEF = 0.5
"""A story that names no cancer is about something else when the StoryModel gives `out`
(messages people wrote about other health matters) at least this share of its belief: as
much as all the journeys together (a medical-cannabis licence "for pain during treatment" read
0.40 out, 0.32 integrative, and was put outside at 0.4). A
short message is never judged so ("does he need to fast before the PET-CT?" says too little):
only the topics in scope.yaml put it outside."""
SUPPORT_SCORE = UNSURE_WITHOUT_CONTEXT
"""The score of an emotional-support page offered to a message that only says how the person
feels: offered, never gone to."""
OFFERED = 3
"""At most this many choices are offered at once."""
UNSAID_DEATH = 0.5
"""A page about dying, death or grief keeps this share when the message says nothing of them."""
GREETING = "greeting"
GREETING_AT_MOST = 1
"""A greeting starts at one of a message's first two words ("hi", "oh hi", "ويا هلا")."""
EVERYDAY_WORD = 4.4
"""A word at least this frequent (Zipf scale) names no subject: "what", "else", "do"."""
SURELY_OURS = 0.15
"""A story that names no cancer and that the StoryModel gives `out` less than this share is
one of ours, even when no page's phrases match it well: the person is offered choices, and
a passing word about another matter ("I tried Tylenol") does not put it outside."""
SURELY_IN = 0.1
"""A story that names no cancer is in scope, as if a page's phrases matched it well, when
the StoryModel gives `out` less than this share and one journey at least SURE (on the
real-world sets: 7 more right answers given straight, no more wrong; 0.15 added one wrong)."""
SHORT_OUT_BELIEF = 0.8
"""A short question that names no cancer and that no page matches well is outside when
people's own messages read it as another health matter with at least this belief ("can I
drink alcohol on Augmentin?", «ليزر ازالة الشعر امن بالحمل؟»)."""
SHORT_IN_BELIEF = 0.7
"""A short question that names no cancer, that pages match only fairly, is in scope when
people's own messages read it as the best page's journey with at least this belief ("ערפל
כימי שנתיים אחרי, זה נשאר לתמיד?", chemo fog two years on: survivorship)."""
SHORT_IN_OUT = 0.1
"""... and as another health matter with less than this belief."""
AFTER_ALERT_WORDS = 6
"""A message this short, just after a safety alert and naming nothing, is about the alert."""


@dataclass(frozen=True, slots=True)
class Ranking:
    """Places for a message, best first, and what the decision to go to the first needs."""

    routes: tuple[Route, ...]
    matched: float
    """How well the best page's own phrases match (the router's score alone)."""
    phrases: str | None
    """The journey those phrases point to."""
    lead: float
    """How far the best place leads the best place of any other journey."""


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything understood from one text, for the engine and for `ask --json`."""

    understanding: Understanding
    routes: tuple[Route, ...]
    scope: str = "unsure"
    named: tuple[Named, ...] = ()
    want: str | None = None


class Understander:
    """The safety check, the router, the vocabularies and small talk for one content."""

    def __init__(self, library: Library) -> None:
        content = library.content
        docs = library.documents

        def data(name: str) -> Mapping[str, Any] | None:
            doc = docs.get(f"content/{name}.yaml")
            return doc.data if doc else None

        in_content = known_words(content)
        # The safety check keeps stretching everyday words: a slip that makes another real
        # word ("so tried of living") must still be caught.
        known = in_content | written_often(data("examples")) | topic_words(data("scope"))

        safety_doc = data("safety")
        self.safety = SafetyCheck(safety_doc, in_content) if safety_doc else None
        self.described = described_alarm(
            safety_doc.get("described") if safety_doc else None,
            data("safety_examples"),
            data("examples"),
            data("smalltalk"),
        )
        glossary = data("glossary")
        term_journeys = {
            term["id"]: term["journey"]
            for term in (glossary["terms"] if glossary else [])
            if "journey" in term
        }
        words_lexicon = lexicon(data("words"))
        self.about = AboutReader([d for name in VOCABULARIES if (d := data(name))], known)
        self.router = Router(
            content,
            known,
            words_lexicon,
            term_journeys,
        )
        self.wants = WantReader(data("wants"), known)
        self.stages = StageReader(data("stages"), known)
        self.stories = learned(data("examples"))
        self.journey_model = JourneyModel(content, words_lexicon, data("stages"))
        self.scope = ScopeReader(data("scope"), known)
        self.end_of_life = frozenset(Frame.parse(page) for page in self.scope.end_of_life_pages)
        talk = data("smalltalk")
        self.smalltalk = phrase_index((talk["kinds"] if talk else {}).items(), known)
        self.content = content
        self.place_types = _place_types(content, self.about)
        self.journey_of = dict(zip(self.router.places, self.router.journeys, strict=True))
        self.starts = frozenset(Frame(flow.id, flow.start) for flow in content.flows.values())
        self.support = self._support_routes()

    def __repr__(self) -> str:
        return f"Understander(version={self.content.version!r})"

    def read(
        self, state: State, text: str, lang: str | None = None, today: dt.date | None = None
    ) -> Reading:
        """What `text`, typed in `state`, means; `today`, when known, dates the years it tells
        ("in 2021 he had a seizure" is history)."""
        lang = lang or language_of(text) or state.lang
        safety = self.safety
        year = today.year if today else None
        hit: SafetyHit | None = safety.check(text, year=year) if safety else None
        caution: SafetyHit | None = None
        if (
            safety
            and hit
            and hit.rule_id in safety.on_treatment
            and self._about_another_matter(text)
        ):
            # "My son has the flu, fever 39": the answer is about the flu; the fever advice,
            # which is for cancer treatment, follows it as a caution, not as an alarm.
            caution, hit = hit, safety.check(text, elsewhere=True, year=year)
        if hit is None and caution is None:
            hit = self._described(text)
        if hit is None:
            routed = self._route(state, text, lang)
            if self._asks_after_alert(state, text, routed):
                # "What do I do now?" just after "call 101": the alert again, not a page.
                kind, rule = state.alert
                return Reading(Understanding(safety=SafetyHit(kind, rule), lang=lang), (), "in")
            if caution is None:
                return routed
            return replace(routed, understanding=replace(routed.understanding, caution=caution))
        if hit.kind == "crisis" or len(words(text)) < STORY_WORDS:
            return Reading(Understanding(safety=hit, lang=lang), (), "in")
        # A long story with an emergency in it: the alarm comes first, and the page its
        # question is about is offered beside it, so the person is not left without an answer.
        routed = self._route(state, text, lang)
        said = routed.understanding
        page = said.target or next(iter(said.suggestions), None)
        found = Understanding(safety=hit, lang=lang, target=page, about=said.about)
        routes = routed.routes if page else ()
        return Reading(found, routes, routed.scope, routed.named, routed.want)

    def _described(self, text: str) -> SafetyHit | None:
        """A red flag told in words no phrase holds, read by the described alarm. Not in a
        message about the weather, about another health matter ("my son has the flu"), or
        that tells distress or speaks of dying ("I cry every night", "he sleeps all day and
        eats nothing, is this the end?"): those are answered kindly, and share the words of
        red flags too often."""
        if self.described is None or self.safety is None:
            return None
        head = text[:ROUTING_CHARACTERS]
        hit = self.described.read(head)
        if hit is None or self.safety.about_weather(text):
            return None
        scoped = self.scope.read(head)
        quiet = scoped.distressed or scoped.dying or self._another_matter(scoped, head)
        return None if quiet else hit

    def _route(self, state: State, text: str, lang: str | None) -> Reading:
        """Where text with no safety hit leads: a button, a place, choices or a kind miss."""
        head = text[:ROUTING_CHARACTERS]
        option = match_option(self.content, state, head)
        denied = self.safety.denied_words(head) if self.safety and option is None else frozenset()
        if denied:
            head = without_words(head, denied)  # "no chest pain" asks nothing about chest pain
        if option is not None:
            return Reading(Understanding(option=option[0], lang=lang), (), "in")
        message = read_message(head, self._is_filler)
        named = tuple(self.about.find(message.body))
        want = self.wants.find(message.focus)
        asked = want is not None and message.has_focus  # the question itself says what it wants
        if want is None and message.has_focus:
            want = self.wants.find(message.body)
        scoped = self.scope.read(message.body)
        # "A benign tumour" is not cancer unless a cancer type is named too.
        # Nor is the fear of cancer as a condition of its own ("cancer OCD").
        context = (
            not scoped.fearing
            and not scoped.outside_anyway
            and ((scoped.about_cancer and not scoped.benign) or _names_cancer(named))
        )
        story = len(words(message.body)) >= STORY_WORDS
        people = self.stories.belief(message.body) if story else {}
        leaning = self._leaning(message.body, people, story)
        ranking = self._routes(message, named, want, context, leaning, asked, story, scoped.dying)
        routes, matched = ranking.routes, ranking.matched
        best = routes[0].score if routes else 0.0
        if self.support and self._only_feeling(message.body, scoped):
            frames = tuple(route.frame for route in self.support)
            felt = Understanding(lang=lang, suggestions=frames, distress=True)
            return Reading(felt, self.support, "in", named, want)
        # A greeting opens a message: «شو لازم نعمل هلأ» (what now?) ends with هلأ, "now",
        # which folds to the greeting هلا.
        # The greeting goes last: "hi, what do you keep about me?" asks about privacy.
        talk = sorted(
            (
                found
                for found in self.smalltalk.find(self.smalltalk.read(head), gap=1)
                if found[0].key != GREETING or found[1] <= GREETING_AT_MOST
            ),
            key=lambda found: found[0].key == GREETING,
        )
        # A greeting answers a message only when nothing else in it says anything: never a
        # story ("Hi, my name is ... and my mother ...").
        weak = not story and best < CLOSE
        if talk and (weak or _mostly_small_talk(talk, self.router.telling(head))):
            return Reading(
                Understanding(smalltalk=str(talk[0][0].key), lang=lang), (), "unsure", named, want
            )
        # Living in fear of cancer ("cancer OCD") is distress too: the kind sentence comes first.
        distress = scoped.distressed or scoped.fearing
        # A story that reads as one of ours is not put outside by a passing word ("I tried
        # Tylenol"); one that reads like people's other health matters is.
        ours = story and people.get(OUT, 1.0) < SURELY_OURS
        # A short question that names no cancer and that no page matches well is read by
        # people's own messages too (SHORT_OUT_BELIEF, SHORT_IN_BELIEF).
        short = (
            self.stories.belief(message.body)
            if not story and not context and matched < CONFIDENT_WITHOUT_CONTEXT
            else {}
        )
        elsewhere = (
            (bool(scoped.outside) and not ours)
            or (story and people.get(OUT, 0.0) >= OUT_BELIEF)
            # One of everyday words alone names no matter at all ("what else should we do?").
            or (short.get(OUT, 0.0) >= SHORT_OUT_BELIEF and self._names_something(message.body))
            or (scoped.benign and not scoped.about_cancer and not _names_cancer(named))
            or scoped.fearing
            or scoped.outside_anyway
        )
        matched_or_ours = max(matched, _ours_as_matched(people)) if ours else matched
        # Distress keeps a message ours unless it is plainly about another matter: then the
        # person hears the kind sentence with the honest "outside what I cover".
        feeling_ours = distress and not scoped.outside and not scoped.fearing
        scope = _scope(context or feeling_ours, elsewhere, matched_or_ours)
        if scope == "out" and not elsewhere and not self._names_something(head):
            scope = "unsure"  # "what else should we do?" names nothing to be outside of
        if scope == "unsure" and short and routes and not elsewhere:
            scope = "in" if _reads_as(short, routes[0].flow) else scope
        # Before the language is chosen the answer comes in the language typed.
        speaking = state.chosen_lang or lang or state.lang or self.content.default_language
        about, general = self._about(named, routes[0].frame if routes else None, speaking)
        said = Understanding(lang=lang, about=about, general=general, distress=distress)
        if scope == "out":
            outside = replace(said, miss=_miss(head), outside=True)
            return Reading(outside, (), scope, named, want)
        decided = want in DECISIVE and context and routes[0].frame == self.wants.pages.get(want)
        # A story whose question asks outright what decides the page ("how long does she
        # have?") goes there however the rest of the story reads.
        sure = (
            (decided and asked)
            or not story
            or _sure(
                _without_out(people) if _names_medicine(named) else people,
                routes[0].flow if routes else None,
                {ranking.phrases, self._want_journey(want if asked else None)},
            )
        )
        margin = (
            SHORT_MARGIN
            if not story and len(words(message.body)) >= WORDS_OF_A_QUESTION
            else MARGIN
        )
        if best >= CONFIDENT and (ranking.lead >= margin or decided) and sure and scope == "in":
            return Reading(replace(said, target=routes[0].frame), routes, scope, named, want)
        offers = tuple(r.frame for r in best_per_journey(routes))
        if distress and self.support:
            # After the kind sentence, help for the feeling comes first, beside the closest
            # page of another journey the message asks about ("dying at home", the support
            # journey's closest page to «не могу больше», is not offered to a frightened daughter).
            support = tuple(r.frame for r in self.support)
            helping = {frame.flow for frame in support}
            asked_about = [frame for frame in offers if frame.flow not in helping][:1]
            offers = (*support[: OFFERED - len(asked_about)], *asked_about)
            # What the person is offered is what the reading reports, in that order.
            routes = _in_order_of(offers, (*routes, *self.support))
        if offers:
            # Choices are not a page yet: name what was understood, no "general" note.
            offered = replace(said, suggestions=offers, general=False)
            return Reading(offered, routes, scope, named, want)
        return Reading(replace(said, miss=_miss(head)), routes, scope, named, want)

    def _asks_after_alert(self, state: State, text: str, routed: Reading) -> bool:
        """Whether a message typed just after a safety alert is a short word about it ("what
        do I do now?", "should I call?", "he says he's fine") that names nothing of its own:
        no cancer, medicine or test, no button, no thanks or goodbye."""
        if len(state.alert) != 2 or len(words(text)) > AFTER_ALERT_WORDS:
            return False
        said = routed.understanding
        rule = state.alert[1]
        described = self.described is not None and rule in DESCRIBED_RULES
        return (
            (described or (self.safety is not None and self.safety.knows(rule)))
            and not routed.named
            and said.option is None
            and said.smalltalk in (None, GREETING)
        )

    def _about_another_matter(self, text: str) -> bool:
        """Whether a message names a health matter the bot does not cover and nothing of
        cancer ("my son has the flu, fever 39"; "a 6 mm kidney stone, crazy pain")."""
        head = text[:ROUTING_CHARACTERS]
        return self._another_matter(self.scope.read(head), head)

    def _another_matter(self, scoped: Scope, head: str) -> bool:
        """`_about_another_matter`, for a message whose scope is already read."""
        causes = set(scoped.outside) - (self.safety.not_causes if self.safety else frozenset())
        if not causes or scoped.about_cancer:
            return False
        return not _names_cancer(tuple(self.about.find(head)))

    def _leaning(self, body: str, people: Mapping[str, float], story: bool) -> dict[str, float]:
        """What each journey gains from the reading of the whole message: a story is read
        like people's own messages; a short question by the words of the pages alone: its
        phrases already say most, and people's messages, mostly long, read "what is
        chemotherapy" as a question about the integrative pages' "what is ... therapy"."""
        if story:
            return {journey: BELIEF_WEIGHT * share for journey, share in people.items()}
        pages = self.journey_model.belief(body)
        return {journey: SHORT_BELIEF_WEIGHT * share for journey, share in pages.items()}

    def _want_journey(self, want: str | None) -> str | None:
        """The journey of the page the want leads to ("what are the options": treatment)."""
        page = self.wants.pages.get(want or "")
        return page.flow if page else None

    def _names_something(self, text: str) -> bool:
        """Whether a word of the message is not an everyday word (frequent, or one of the
        common words of words.yaml: «ما بعرف», I don't know): it may name a subject. A command
        the bot does not know names one: every unknown command gets one answer, so that a staff
        command from someone else ("/tickets") reveals nothing."""
        return text.lstrip().startswith("/") or any(
            frequency(word) < EVERYDAY_WORD and not self.router.is_common(word)
            for word in words(text)
        )

    def _only_feeling(self, body: str, scoped: Scope) -> bool:
        """Whether a message says only how the person feels ("I'm tired of fighting"): every
        word that says something is in a distress phrase, so no page's topic is asked, and it
        names no other health matter ("panic disorder")."""
        if not scoped.distressed or scoped.outside or scoped.fearing:
            return False
        telling = self.router.telling(body)
        return not any(says and at not in scoped.feeling for at, says in enumerate(telling))

    def _support_routes(self) -> tuple[Route, ...]:
        """The emotional-support pages from scope.yaml that the content has."""
        frames = (Frame.parse(page) for page in self.scope.support_pages)
        return tuple(
            Route(frame, frame.flow, SUPPORT_SCORE)
            for frame in frames
            if self.content.node(frame.flow, frame.node)
        )

    def _is_filler(self, sentence: str) -> bool:
        """A sentence that is only a greeting or thanks ("Hi!", "Thanks in advance")."""
        talk = self.smalltalk.find(self.smalltalk.read(sentence), gap=1)
        return bool(talk) and _mostly_small_talk(talk, self.router.telling(sentence))

    def _routes(
        self,
        message: Message,
        named: tuple[Named, ...],
        want: str | None,
        context: bool,
        leaning: Mapping[str, float],
        asked: bool = False,
        story: bool = False,
        dying: bool = True,
    ) -> Ranking:
        """Places for a message, best first: the router on the body and its question, what it
        names, what the person wants and where the story stands; how well the best page's
        own phrases matched (the router's score alone), and the journey they point to; and how
        far the best place leads the best place of any other journey (before scores are capped
        at 100)."""
        scores: defaultdict[Frame, float] = defaultdict(float)
        body, past, rest = self._route_asked(message.body, named, want)
        matched = body[0].score if body else 0.0
        # The question counts beside the whole message when it says what it wants, or
        # names its own subject ("..., can she drink herbs?"): a page's phrases match it well.
        focus, past_focus, _ = (
            self._route_asked(message.focus, named, want) if message.has_focus else ([], False, [])
        )
        subject = bool(focus) and focus[0].score >= FOCUS_SUBJECT and _leads(focus)
        share = FOCUS_SHARE if asked or subject else 0.0
        # In a story some page always shares a word or two with it ("she will die" and the
        # page after a death): there a page counts only when its own phrases match well.
        floor = STORY_PAGE_MATCH if story else 0.0
        for route in body:
            if route.score >= floor:
                scores[route.frame] = (1 - share) * route.score
        if share:
            for route in focus:
                if route.score >= floor:
                    scores[route.frame] += share * route.score
        explaining: Frame | None = None
        cues = self.stages.journeys(message.body)
        if message.has_focus:
            cues.update(self.stages.journeys(message.focus))
        latest = max((item.start for item in named), default=0)
        for item in named:
            entry = item.entry
            page = (
                entry.side_effects if want == "side_effects" and entry.side_effects else entry.page
            )
            # "He is not eating, what can be done?": for a symptom, the options are its page.
            symptom_help = entry.kind == "symptom" and want == "options"
            if page is not None and (want in NAMED_WANTS or symptom_help):
                # The thing named last is what the question asks about ("...after carboplatin
                # and Taxol she is offered Lynparza: what are its side effects?").
                scores[page] += NAMED_BOOST if item.start == latest else NAMED_BOOST * EARLIER
        if want in WANT_BOOST and want in self.wants.pages:
            page = self.wants.pages[want]
            own, nearby = WANT_BOOST[want]
            for place in list(scores):
                if place != page and self.journey_of.get(place) == page.flow:
                    scores[place] += nearby
            scores[page] += own
            if want in DECISIVE and context:
                scores[page] = max(scores[page], CONFIDENT + 5)
        elif want == "understand" and named and all(n.entry.kind == "cancer" for n in named):
            diagnosis = self.content.flows.get("diagnosis")
            if diagnosis is not None:
                scores[Frame(diagnosis.id, diagnosis.start)] += NAMED_BOOST
                # "What are the symptoms of ovarian cancer?": understanding the cancer itself
                # is the diagnosis journey, not a page sharing "symptoms"; unless the question
                # names a term the glossary explains ("what is immunotherapy for melanoma?").
                # Nor when it asks about a later stage ("signs of breast cancer coming back").
                if (
                    len(words(message.body)) <= ASKING_ABOUT_A_CANCER
                    and not self._names_a_term(message.body, body)
                    and set(cues) <= {diagnosis.id}
                ):
                    explaining = Frame(diagnosis.id, diagnosis.start)
        treating = self._treating(rest, named, want, story)
        if treating is not None:
            explaining = treating
        for journey in {*cues, *leaning}:  # a journey the story points to is a place too
            if journey in self.content.flows:
                scores.setdefault(Frame(journey, self.content.flows[journey].start), 0.0)
        for place in scores:
            journey = self.journey_of.get(place) or ""
            scores[place] += CUE_WEIGHT * min(cues.get(journey, 0), MAX_CUES)
            scores[place] += leaning.get(journey, 0.0)
        overriding = self.wants.pages.get(want or "") if want in OVERRIDING else None
        if explaining is not None:
            scores[explaining] = max(*scores.values(), CONFIDENT) + MARGIN
        if overriding is not None and asked and context and scores:
            # "Will she die?" asked outright: the gentle page on outlook, whatever the story.
            scores[overriding] = max(scores.values()) + MARGIN
        types = {n.entry.id for n in named if n.entry.kind == "cancer"}
        if types:
            for place in scores:
                about = self.place_types.get(place)
                if about and about.isdisjoint(types):
                    scores[place] *= OTHER_TYPE
                elif about and (past or past_focus):
                    scores[place] += SAME_TYPE
        if not dying:
            # "Mum sleeps all day after chemo": the last days of life share its words; a page
            # about dying or death needs the message to speak of it.
            for place in scores.keys() & self.end_of_life:
                scores[place] *= UNSAID_DEATH
        # In a story, pages its journey reaches by no phrase of their own tie: the journey's
        # first page, which leads on to the rest, goes before them.
        starts = self.starts if story else frozenset()
        ranked = [
            p
            for p in sorted(scores, key=lambda p: (scores[p], p in starts), reverse=True)[:12]
            if p in self.journey_of
        ]
        routes = tuple(
            Route(place, self.journey_of[place], round(min(100.0, scores[place]), 1))
            for place in ranked
        )
        first = self.journey_of[ranked[0]] if ranked else None
        rival = next((scores[p] for p in ranked if self.journey_of[p] != first), 0.0)
        # Rounded: sums of floats come out a hair apart with the order of a set, and a lead
        # set to exactly MARGIN ("what are the symptoms of bowel cancer?") must not miss it.
        lead = round(scores[ranked[0]] - rival, 6) if ranked else 0.0
        return Ranking(routes, matched, body[0].flow if body else None, lead)

    def _names_a_term(self, body: str, routes: list[Route]) -> bool:
        """Whether a question names a term the glossary explains, beside the cancer it names
        ("what is immunotherapy for melanoma?"): not one inside the cancer's own name ("سرطان
        الغدد الليمفاوية", cancer of the lymph nodes, is lymphoma)."""
        if not _explains_a_term(routes):
            return False
        return _explains_a_term(self.router.route(self.about.without_kinds(body, ("cancer",))))

    def _treating(
        self, rest: list[Route], named: tuple[Named, ...], want: str | None, story: bool
    ) -> Frame | None:
        """The page for a short question asking what can be done: the page of the symptom it
        names, or the options page when it asks about the treatment of a named cancer ("what
        is the treatment for pancreatic cancer?"), not a page whose phrases name the cancer or
        its stage (staging, follow-up after it); None when the rest of the question names a
        page of another journey ("which hospital is best for treating leukaemia?", "can I
        try for a baby after treatment for ...?"). `rest`: the places for the question
        without the cancer and tests it names (see _route_asked)."""
        if want != TREATING or story:
            return None
        # "He has lung cancer and stopped eating, what do we do?": the symptom's own page.
        helping = [n.entry.page for n in named if n.entry.kind == "symptom" and n.entry.page]
        if helping:
            return helping[-1]
        if not _treatment_asked_for_a_cancer(named):
            return None
        elsewhere = bool(rest) and rest[0].score >= CONFIDENT and _leads(rest)
        if elsewhere and rest[0].flow != self._want_journey(want):
            return None
        return self.wants.pages.get(want)

    def _route_asked(
        self, text: str, named: tuple[Named, ...], want: str | None
    ) -> tuple[list[Route], bool, list[Route]]:
        """Places for `text`. When the person asks past the cancer and the tests it names
        (PAST_THE_NAMES), the rest of it is routed too, and wins when it names a page of the
        want's journey well ("stage 4 lung cancer, what are the options?" is about
        treatment, not staging); when the rest is only "dad has ... what should we do", the
        whole text decides. Also whether the rest won, and the places for the rest (empty
        when it was not routed)."""
        routes = self.router.route(text, limit=20)
        if want not in PAST_THE_NAMES or not any(n.entry.kind in CONTEXT_KINDS for n in named):
            return routes, False, []
        rest = self.router.route(self.about.without_kinds(text, CONTEXT_KINDS), limit=20)
        if rest and rest[0].flow == self._want_journey(want) and rest[0].score >= FOCUS_SUBJECT:
            return rest, True, rest
        return routes, False, rest

    def _about(
        self, named: tuple[Named, ...], place: Frame | None, lang: str
    ) -> tuple[str | None, bool]:
        """How to name what was understood, and whether the place is only general for it."""
        cancer = next((n.entry for n in named if n.entry.kind == "cancer"), None)
        if cancer is not None:
            specific = place is not None and cancer.id in self.place_types.get(place, ())
            return cancer.label.get(lang) or cancer.label.get("en"), not specific
        medicine = next((n.entry for n in named if n.entry.kind == "medicine"), None)
        if medicine is not None:
            return medicine.label.get(lang) or medicine.label.get("en"), False
        return None, False


def _place_types(content: Content, about: AboutReader) -> dict[Frame, frozenset[str]]:
    """The cancer types a page is specifically about: those its title names, or at least
    SPECIFIC_PHRASES of its phrases. A general page that names a type in passing (the
    chemotherapy page's "chemo for leukaemia", hormone therapy's one breast phrase) stays
    general: a man asking about hormone therapy for prostate cancer is not sent elsewhere."""

    def types_in(text: str) -> set[str]:
        return {n.entry.id for n in about.find(text) if n.entry.kind == "cancer"}

    found: dict[Frame, frozenset[str]] = {}
    for flow in content.flows.values():
        for node in flow.nodes.values():
            named = {t for title in node.title.by_lang.values() for t in types_in(title)}
            counts: Counter[str] = Counter(
                t for phrases in node.match.values() for p in phrases for t in types_in(p)
            )
            named |= {t for t, count in counts.items() if count >= SPECIFIC_PHRASES}
            if named:
                found[Frame(flow.id, node.id)] = frozenset(named)
    return found


def _miss(head: str) -> str | None:
    """The text kept for staff when nothing fits: scrubbed, and only when it has words."""
    return scrub(head) if words(head) else None


def _sure(people: Mapping[str, float], journey: str | None, agreeing: set[str | None]) -> bool:
    """Whether a story's reading is sure enough of `journey` to go straight to its page:
    surely, or fairly when another reading (the pages' own phrases, what the person wants)
    points to the same journey."""
    share = people.get(journey or "", 0.0)
    return share >= SURE or (share >= AGREED and journey in agreeing)


def _without_out(people: Mapping[str, float]) -> dict[str, float]:
    """The journeys' shares of belief among themselves, `out` left aside: a story that names
    a cancer medicine is about cancer care, however much its talk of other pills reads like
    people's other health matters ("on letrozole for a year, my GP added a statin: can I take
    both?" read 0.5 `out`). On the real-world sets: 6 more right pages given straight, 2 more
    wrong."""
    rest = {j: v for j, v in people.items() if j != OUT}
    total = sum(rest.values()) or 1.0
    return {j: v / total for j, v in rest.items()}


def _reads_as(shares: Mapping[str, float], journey: str | None) -> bool:
    """Whether people's own messages read a short message as `journey` and hardly as another
    health matter (see SHORT_IN_BELIEF)."""
    return shares.get(journey or "", 0.0) >= SHORT_IN_BELIEF and shares.get(OUT, 1.0) < SHORT_IN_OUT


def _explains_a_term(routes: list[Route]) -> bool:
    """Whether a term the glossary explains is among `routes`, matched well."""
    return any(r.frame.flow == GLOSSARY_FLOW and r.score >= CONFIDENT for r in routes)


def _ours_as_matched(people: Mapping[str, float]) -> float:
    """How well a story that names no cancer but reads as one of ours counts as matched: as
    a page's phrases matching well when the reading is sure of both (hardly `out`, one journey
    at least SURE: "The mass isn't showing up on ultrasound... What now???"), else enough to
    offer choices."""
    journeys = [share for journey, share in people.items() if journey != OUT]
    if people.get(OUT, 1.0) < SURELY_IN and max(journeys, default=0.0) >= SURE:
        return CONFIDENT_WITHOUT_CONTEXT
    return UNSURE_WITHOUT_CONTEXT


def _in_order_of(frames: tuple[Frame, ...], routes: tuple[Route, ...]) -> tuple[Route, ...]:
    """The routes to `frames` first, in their order (each frame's best route), then the rest."""
    best: dict[Frame, Route] = {}
    for route in routes:
        best.setdefault(route.frame, route)
    first = tuple(best[frame] for frame in frames if frame in best)
    return (*first, *(route for route in routes if route not in first))


def _leads(routes: list[Route]) -> bool:
    """Whether the best place's journey stands out from the others (pages of several
    journeys at 100 name no subject)."""
    rival = next((route.score for route in routes if route.flow != routes[0].flow), 0.0)
    return routes[0].score - rival >= SUBJECT_LEAD


def _treatment_asked_for_a_cancer(named: tuple[Named, ...]) -> bool:
    """Whether a short question names a cancer and nothing that has a page of its own for
    its treatment: a symptom ("not eating, what can be done?") or a medicine."""
    kinds = {n.entry.kind for n in named}
    return "cancer" in kinds and not kinds & {"symptom", "medicine"}


def _names_medicine(named: tuple[Named, ...]) -> bool:
    """Whether the message names a cancer medicine (not a supportive one like an antiemetic)."""
    return _names_cancer(named, kinds=("medicine",))


def _names_cancer(named: tuple[Named, ...], kinds: tuple[str, ...] = STRONG_CONTEXT) -> bool:
    """Whether the message names a cancer type or a cancer medicine (of `kinds`)."""
    return any(n.entry.kind in kinds and n.entry.medicine_class != "supportive" for n in named)


def _scope(context: bool, outside: bool, matched: float) -> str:
    """ "in", "out" or "unsure": whether the message is about what the bot covers.

    A message that names no cancer is in scope only when a page's own phrases match it
    well ("what is a biopsy"); one that names another disease, or matches nothing, is out
    (unless it names nothing at all: see _names_something).
    """
    if context:
        return "in"
    if outside:
        return "out"
    if matched >= CONFIDENT_WITHOUT_CONTEXT:
        return "in"
    return "unsure" if matched >= UNSURE_WITHOUT_CONTEXT else "out"


def _mostly_small_talk(found: list[tuple[Phrase, int, int]], telling: list[bool]) -> bool:
    """A message that is only a greeting or thanks ("thanks so much, that helped"): no word
    outside the greetings says anything about a topic ("hi, what is a biopsy?" does)."""
    inside = {position for _, start, end in found for position in range(start, end + 1)}
    return not any(says and position not in inside for position, says in enumerate(telling))


def best_per_journey(routes: tuple[Route, ...], limit: int = OFFERED) -> tuple[Route, ...]:
    """The best close place of up to `limit` different journeys, best first."""
    chosen: list[Route] = []
    journeys: set[str | None] = set()
    for route in routes:
        if route.flow not in journeys and route.score >= CLOSE:
            chosen.append(route)
            journeys.add(route.flow)
        if len(chosen) == limit:
            break
    return tuple(chosen)


def known_words(content: Content) -> frozenset[str]:
    """Every word form that occurs in the content: real words, never stretched by typos."""
    texts: list[str] = [t for text in content.ui.values() for t in text.by_lang.values()]
    for flow in content.flows.values():
        for node in flow.nodes.values():
            texts += node_texts(node)
    return frozenset(word for text in texts for word in words(text))


def written_often(examples: Mapping[str, Any] | None) -> frozenset[str]:
    """Words that many of people's own messages use: real words of their dialects and slang
    ("هالاشي", "this thing"), never stretched by typos into a medicine's name. A slip people
    often make ("masectomy") is in fewer messages than this."""
    used: Counter[str] = Counter(
        word
        for example in (examples or {}).get("examples", [])
        for word in set(words(example["text"]))
    )
    return frozenset(word for word, count in used.items() if count >= OFTEN_WRITTEN)

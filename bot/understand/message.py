"""Read a message as a person would: sentences, the question, and the filler around it (pure).

A real message is often a story ending in a question: who is ill, what happened, what the
doctors said, then what the person wants to know. The question says what the message is
for; greetings, names and thanks at the start or end say nothing about it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.understand.normalize import fold, words

_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|\n+|(?<=[?؟])|\s+(?=\d{1,2}[.)]\s)")
_CLAUSE_END = re.compile(r"[,،;:]\s*|\s[-–—]\s")
CLAUSED_WORDS = 14
"""A question sentence this long may tell a story before the clause that asks."""
_QUESTION_WORDS = frozenset(
    fold(word)
    for word in [
        "what",
        "whats",
        "how",
        "is",
        "are",
        "can",
        "could",
        "should",
        "do",
        "does",
        "did",
        "why",
        "when",
        "which",
        "where",
        "will",
        "would",
        "who",
        "any",
        "anyone",
        "anybody",
        "что",
        "чем",
        "как",
        "какой",
        "какая",
        "какие",
        "каков",
        "можно",
        "ли",
        "сколько",
        "почему",
        "зачем",
        "когда",
        "где",
        "кто",
        "нужно",
        "надо",
        "стоит",
        "есть",
        "бывает",
        "подскажите",
        "скажите",
        "מה",
        "מהי",
        "מהו",
        "איך",
        "האם",
        "למה",
        "מדוע",
        "מתי",
        "כמה",
        "איפה",
        "היכן",
        "מי",
        "אפשר",
        "כדאי",
        "צריך",
        "יש",
        "איזה",
        "אילו",
        "شو",
        "ايش",
        "ما",
        "ماذا",
        "هل",
        "كيف",
        "كيفاش",
        "ليش",
        "لماذا",
        "ليه",
        "متى",
        "امتى",
        "كم",
        "قديش",
        "وين",
        "اين",
        "فين",
        "مين",
        "من",
        "ممكن",
        "شلون",
        "لازم",
        "في",
        "فيه",
    ]
)
_NAME_INTRO = re.compile(
    r"^\s*(?:my name is|i am called|i'm called|меня зовут|моё имя|мое имя|שמי|קוראים לי|"
    r"اسمي|انا اسمي|أنا اسمي)\b",
    re.IGNORECASE,
)


_SUBJECT = re.compile(
    r"^\s*(?:subject|re|נושא|הנדון|الموضوع|тема)\s*:\s*(?P<title>.+?)"
    r"(?:\s*\n|\s{2,}|\s+(?=(?:dear|hello|hi|message)\b)|$)(?:\s*message\s*:)?",
    re.IGNORECASE,
)
"""A subject line a form or an e-mail puts first ("Subject: herceptin and heart  Dear sir,
..."): a title that says what the message is about."""


@dataclass(frozen=True, slots=True)
class Message:
    """A message split for reading: the body without filler, and its question sentences."""

    body: str
    focus: str
    sentences: tuple[str, ...]

    @property
    def has_focus(self) -> bool:
        """Whether a part of the message stands out as its question."""
        return self.focus != self.body


def read_message(text: str, is_filler: Callable[[str], bool]) -> Message:
    """Split `text`; drop sentences `is_filler` calls greetings or thanks, and name intros.

    The focus is the question sentences (a question mark, or a question word first), or the
    clause that asks when a single long question sentence tells a story first; without one,
    the last sentence of a longer story; a short message is its own focus. A subject line
    ("Subject: ...") is part of the focus too.
    """
    subject = _SUBJECT.match(text)
    if subject and _says(subject["title"]):
        # The title says what the message is about: read with the rest, and beside its question.
        title, rest = subject["title"].strip(), text[subject.end() :]
        if not _says(rest):
            return Message(title, title, (title,))
        found = read_message(rest, is_filler)
        question = found.focus if found.has_focus else ""
        return Message(
            f"{title}. {found.body}".strip(),
            f"{title}. {question}".strip(),
            (title, *found.sentences),
        )
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    edge = {0, 1, len(parts) - 2, len(parts) - 1}  # greetings and thanks open or close
    kept = [
        p
        for i, p in enumerate(parts)
        if _says(p) and not _NAME_INTRO.match(p) and not (i in edge and is_filler(p))
    ]
    if not kept:
        return Message(text, text, tuple(parts))
    body = " ".join(kept)
    questions = [p for p in kept if _is_question(p)]
    if not questions and len(kept) >= 3:
        questions = kept[-1:]
    # "Mum is weak after chemo, she does not eat, can she drink herbs?": the question is
    # the clause that asks it, not the story told before it in the same sentence.
    asked = [_asking_clause(questions[0])] if len(questions) == 1 else questions
    if questions and (len(questions) < len(kept) or asked != questions):
        focus = " ".join(asked)
    else:
        focus = body
    return Message(body, focus, tuple(kept))


def _asking_clause(sentence: str) -> str:
    """The last clause of a long question sentence when it is the one that asks (it opens
    with a question word); otherwise the whole sentence."""
    clauses = [c for c in _CLAUSE_END.split(sentence) if words(c)]
    if len(clauses) < 2 or len(words(sentence)) < CLAUSED_WORDS:
        return sentence
    last = clauses[-1].strip()
    opening = [word for word in words(last)[:2] if not word.isdigit()]
    return last if any(word in _QUESTION_WORDS for word in opening) else sentence


def _says(sentence: str) -> bool:
    """Whether a piece has words other than numbers ("3." from a numbered list does not)."""
    return any(not word.isdigit() for word in words(sentence))


def _is_question(sentence: str) -> bool:
    stripped = sentence.rstrip()
    if stripped.endswith(("?", "؟")):
        return True
    first = [word for word in words(sentence)[:3] if not word.isdigit()]
    return bool(first) and first[0] in _QUESTION_WORDS

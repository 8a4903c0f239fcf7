"""Drafting of follow-up messages: the Composer interface and the template composer.

The engine and the regenerate route call `Composer.draft`; a model-backed composer can replace the
template composer without changing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

import structlog

from backend.models import Contact, DetectedEvent

log = structlog.get_logger("pingcrm.suggestions")

TEMPLATE_SOURCE = "template"

TOPIC_MAX_CHARS = 60
TOPIC_MIN_CHARS = 12
TOPIC_MIN_WORDS = 3

# Phrase for "I saw the news about ..." per detected event type.
_EVENT_PHRASES = {
    "job_change": "your new role",
    "promotion": "your promotion",
    "fundraising": "the funding round",
    "product_launch": "the launch",
    "milestone": "your recent milestone",
    "event_attendance": "the event you were at",
}
_EVENT_SUMMARY_MAX_CHARS = 80
_REVIVAL_TRIGGERS = frozenset({"dormant_deep", "dormant_mid", "dormant_event"})
_FORMAL_CHANNELS = frozenset({"email", "linkedin"})
# Twitter DMs stay short, so they leave out the recalled topic.
_BRIEF_CHANNELS = frozenset({"twitter"})
_REPLY_PREFIX = re.compile(r"^((re|fwd?|aw|wg)\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    message: str
    source: str


class Composer(Protocol):
    """Writes the text of a follow-up message for one contact."""

    source: str  # the draft_source value stored with its drafts: `template` or `ai`

    async def draft(
        self,
        contact: Contact,
        *,
        trigger_type: str,
        channel: str,
        last_topic: str | None,
        event: DetectedEvent | None = None,
    ) -> Draft: ...


def first_name(contact: Contact) -> str:
    """Return the given name, else the first word of the full name, else "there"."""
    for candidate in (contact.given_name, contact.full_name):
        if candidate and candidate.strip():
            return candidate.strip().split()[0]
    return "there"


def topic_excerpt(preview: str | None) -> str | None:
    """Return a short quotable excerpt of an interaction preview, or None when it is too thin to quote.

    The excerpt is the first line without reply prefixes (Re:, Fwd:), whitespace collapsed, cut at
    a word boundary to TOPIC_MAX_CHARS.
    Previews shorter than TOPIC_MIN_CHARS or TOPIC_MIN_WORDS words ("ok thanks!") are not quoted.
    """
    if not preview:
        return None
    line = next((part for part in preview.splitlines() if part.strip()), "")
    text = _REPLY_PREFIX.sub("", " ".join(line.split())).strip(" \"'")
    if len(text) < TOPIC_MIN_CHARS or len(text.split()) < TOPIC_MIN_WORDS:
        return None
    if len(text) > TOPIC_MAX_CHARS:
        cut = text[:TOPIC_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:.!?")
        text = cut + "..."
    return text


def _event_sentence(event: DetectedEvent | None) -> str:
    if event is None:
        return "I saw some news about you recently and thought of you."
    phrase = _EVENT_PHRASES.get(event.event_type, "your recent news")
    summary = " ".join((event.summary or "").split()).rstrip(".")
    detail = f" ({summary})" if summary and len(summary) <= _EVENT_SUMMARY_MAX_CHARS else ""
    closing = "Hope it went well!" if event.event_type == "event_attendance" else "Congratulations!"
    return f"I saw the news about {phrase}{detail}. {closing}"


def _body(contact: Contact, trigger_type: str, topic: str | None, event: DetectedEvent | None, formal: bool) -> list[str]:
    """Return the sentences of the message body for a trigger, without greeting."""
    company = (contact.company or "").strip()
    at_company = f" at {company}" if company else ""
    recall = f'I was just thinking about our last conversation ("{topic}").' if topic else None

    if trigger_type == "birthday":
        return ["Happy birthday!", "I hope the year ahead is a great one."]
    if trigger_type == "event_based":
        question = "How is everything going?" if formal else "How's it all going?"
        return [_event_sentence(event), question]
    if trigger_type == "dormant_event":
        opening = "It has been a long time since we last spoke." if formal else "It's been way too long!"
        return [opening, _event_sentence(event), "I'd love to catch up when you have a moment."]
    if trigger_type in _REVIVAL_TRIGGERS:
        if trigger_type == "dormant_deep":
            opening = "It has been a long time since we last spoke, and I have been meaning to reconnect."
        else:
            opening = "It has been a while since we last spoke, and you came to mind."
        if not formal:
            opening = "It's been ages! You came to mind and I wanted to reconnect."
        sentences = [opening]
        if recall:
            sentences.append(recall)
        sentences.append(f"I'd love to hear what you have been up to{at_company}.")
        return sentences
    if trigger_type == "scheduled":
        sentences = ["I wanted to check in and see how things are going" + at_company + "."]
    else:
        sentences = ["It has been a little while since we caught up." if formal else "It's been a while since we caught up!"]
    if recall:
        sentences.append(recall)
    sentences.append("How are things going on your end?" if formal else "How are things with you?")
    return sentences


def _clean(text: str) -> str:
    """Replace dashes that read as machine-written and collapse doubled punctuation."""
    text = text.replace("\u2014", ", ").replace("\u2013", ", ")
    text = re.sub(r",\s*,", ",", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


class TemplateComposer:
    """Fills fixed templates with the first name, the trigger, the event and the last topic."""

    source = TEMPLATE_SOURCE

    async def draft(
        self,
        contact: Contact,
        *,
        trigger_type: str,
        channel: str,
        last_topic: str | None,
        event: DetectedEvent | None = None,
    ) -> Draft:
        """Draft a message: email and LinkedIn get a formal letter shape, chat channels a short casual note."""
        name = first_name(contact)
        formal = channel in _FORMAL_CHANNELS
        topic = None if channel in _BRIEF_CHANNELS else topic_excerpt(last_topic)
        body = _body(contact, trigger_type, topic, event, formal)

        if formal:
            message = f"Hi {name},\n\n" + " ".join(body) + "\n\nBest regards"
        elif trigger_type == "birthday":
            message = f"Happy birthday, {name}! " + " ".join(body[1:])
        else:
            message = f"Hey {name}! " + " ".join(body)
        return Draft(message=_clean(message), source=self.source)


def default_composer() -> Composer:
    """Return the composer used when the caller supplies none."""
    return TemplateComposer()


async def draft_with_fallback(composer: Composer, contact: Contact, **inputs: Any) -> Draft:
    """Draft with `composer`, or with the template composer when it raises, so one failed draft stops nothing."""
    try:
        return await composer.draft(contact, **inputs)
    except Exception as exc:  # a model-backed composer can fail in many ways (network, quota, parsing)
        if isinstance(composer, TemplateComposer):
            raise
        log.warning(
            "suggestions.draft_failed",
            user_id=str(contact.user_id),
            contact_id=str(contact.id),
            source=getattr(composer, "source", None),
            error=type(exc).__name__,
        )
        return await TemplateComposer().draft(contact, **inputs)

"""Template drafts: first name, channel tone, trigger, event and last topic, written out in full."""

from __future__ import annotations

import pytest

from backend.models import Contact, DetectedEvent
from backend.suggestions.composer import TemplateComposer, first_name, topic_excerpt

PRIYA = dict(given_name="Priya", full_name="Priya Raman", company="Acme")
TOPIC = "Re: Berlin offsite planning for the product team"
JOB = dict(event_type="job_change", summary="Joined Stripe as Head of Growth.", confidence=0.9)

CASES = [
    (
        "time email",
        "time_based",
        "email",
        TOPIC,
        None,
        "Hi Priya,\n\nIt has been a little while since we caught up. I was just thinking about our last"
        ' conversation ("Berlin offsite planning for the product team"). How are things going on your end?'
        "\n\nBest regards",
    ),
    (
        "time telegram",
        "time_based",
        "telegram",
        TOPIC,
        None,
        "Hey Priya! It's been a while since we caught up! I was just thinking about our last conversation"
        ' ("Berlin offsite planning for the product team"). How are things with you?',
    ),
    (
        "time twitter leaves out topic",
        "time_based",
        "twitter",
        TOPIC,
        None,
        "Hey Priya! It's been a while since we caught up! How are things with you?",
    ),
    (
        "thin topic not quoted",
        "time_based",
        "telegram",
        "ok thanks!",
        None,
        "Hey Priya! It's been a while since we caught up! How are things with you?",
    ),
    (
        "scheduled email",
        "scheduled",
        "email",
        None,
        None,
        "Hi Priya,\n\nI wanted to check in and see how things are going at Acme. How are things going on your"
        " end?\n\nBest regards",
    ),
    (
        "event telegram",
        "event_based",
        "telegram",
        None,
        JOB,
        "Hey Priya! I saw the news about your new role (Joined Stripe as Head of Growth). Congratulations!"
        " How's it all going?",
    ),
    (
        "event attendance email",
        "event_based",
        "email",
        None,
        dict(event_type="event_attendance", summary="Spoke at PyCon US", confidence=0.8),
        "Hi Priya,\n\nI saw the news about the event you were at (Spoke at PyCon US). Hope it went well!"
        " How is everything going?\n\nBest regards",
    ),
    (
        "birthday telegram",
        "birthday",
        "telegram",
        TOPIC,
        None,
        "Happy birthday, Priya! I hope the year ahead is a great one.",
    ),
    (
        "birthday email",
        "birthday",
        "email",
        None,
        None,
        "Hi Priya,\n\nHappy birthday! I hope the year ahead is a great one.\n\nBest regards",
    ),
    (
        "deep email",
        "dormant_deep",
        "email",
        None,
        None,
        "Hi Priya,\n\nIt has been a long time since we last spoke, and I have been meaning to reconnect."
        " I'd love to hear what you have been up to at Acme.\n\nBest regards",
    ),
    (
        "mid email",
        "dormant_mid",
        "email",
        TOPIC,
        None,
        "Hi Priya,\n\nIt has been a while since we last spoke, and you came to mind. I was just thinking"
        ' about our last conversation ("Berlin offsite planning for the product team"). I\'d love to hear'
        " what you have been up to at Acme.\n\nBest regards",
    ),
    (
        "dormant event telegram",
        "dormant_event",
        "telegram",
        None,
        JOB,
        "Hey Priya! It's been way too long! I saw the news about your new role (Joined Stripe as Head of"
        " Growth). Congratulations! I'd love to catch up when you have a moment.",
    ),
]


@pytest.mark.parametrize(("name", "trigger", "channel", "topic", "event", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_template_draft(name, trigger, channel, topic, event, expected):
    contact = Contact(**PRIYA)
    detected = DetectedEvent(**event) if event else None

    draft = await TemplateComposer().draft(contact, trigger_type=trigger, channel=channel, last_topic=topic, event=detected)

    assert draft.message == expected
    assert draft.source == "template"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (dict(given_name="Priya", full_name="Dr Priya Raman"), "Priya"),
        (dict(given_name=None, full_name="Tomas Lindqvist"), "Tomas"),
        (dict(given_name="  ", full_name="  Ana  Lopez "), "Ana"),
        (dict(given_name=None, full_name=None), "there"),
    ],
)
def test_first_name(fields, expected):
    assert first_name(Contact(**fields)) == expected


@pytest.mark.parametrize(
    ("preview", "expected"),
    [
        (None, None),
        ("ok thanks!", None),
        ("Fwd: RE: Quarterly planning notes", "Quarterly planning notes"),
        ("\n\n  Lunch next   week at the usual place?\nsecond line", "Lunch next week at the usual place?"),
        (
            "Following up on the partnership proposal we discussed during the Lisbon summit last spring",
            "Following up on the partnership proposal we discussed...",
        ),
    ],
)
def test_topic_excerpt(preview, expected):
    assert topic_excerpt(preview) == expected


async def test_no_name_greets_there():
    draft = await TemplateComposer().draft(Contact(), trigger_type="time_based", channel="telegram", last_topic=None)

    assert draft.message.startswith("Hey there! ")

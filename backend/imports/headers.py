"""Recognising LinkedIn's export files by their header names."""

from __future__ import annotations

from backend.imports.reader import find_line

MESSAGES_COLUMNS = ("conversation id", "from", "to", "date", "content")


def _starts_with_first_name(line: str) -> bool:
    return line.lstrip("\ufeff \t\"").lower().startswith("first name")


def find_connections_header(text: str) -> int | None:
    """Return the index of the first line starting with `First Name`, because Connections.csv puts notes above it."""
    return find_line(text, _starts_with_first_name)


def is_connections_header(keys: list[str]) -> bool:
    """True for LinkedIn's connection columns: first and last name plus `Connected On` or `Position`."""
    return "first name" in keys and "last name" in keys and ("connected on" in keys or "position" in keys)


def is_messages_header(keys: list[str]) -> bool:
    """True for messages.csv columns: FROM, TO, DATE and CONTENT."""
    return {"from", "to", "date", "content"} <= set(keys)

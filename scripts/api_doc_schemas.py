"""Markdown for OpenAPI schemas: type labels, constraints and field tables of the API reference page."""

from __future__ import annotations

import json
import re
from typing import Any


def ref_name(schema: dict[str, Any]) -> str | None:
    """Return the component name a `$ref` schema points at, or None."""
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def resolve(document: dict[str, Any], schema: dict[str, Any] | None) -> dict[str, Any]:
    """Follow `$ref` and single-entry `allOf` until a schema with content is reached."""
    schema = schema or {}
    for _ in range(20):
        name = ref_name(schema)
        if name:
            schema = document.get("components", {}).get("schemas", {}).get(name, {})
        elif len(schema.get("allOf", ())) == 1:
            schema = schema["allOf"][0]
        else:
            break
    return schema


def split_nullable(schema: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """Split an `anyOf`/`oneOf` into its non-null branches and whether null is allowed."""
    options = schema.get("anyOf") or schema.get("oneOf")
    if not options:
        return [schema], False
    branches = [option for option in options if option.get("type") != "null"]
    return branches, len(branches) < len(options)


def type_label(schema: dict[str, Any], refs: set[str]) -> str:
    """Describe a schema in a few words, and add each named schema it uses to `refs`."""
    branches, nullable = split_nullable(schema)
    if len(branches) > 1 or nullable:
        label = " or ".join(type_label(branch, refs) for branch in branches) or "any"
        return f"{label} or null" if nullable else label

    name = ref_name(schema)
    if name:
        refs.add(name)
        return f"`{name}`"
    if len(schema.get("allOf", ())) == 1:
        return type_label(schema["allOf"][0], refs)
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"

    kind = schema.get("type")
    if kind == "array":
        return "list of " + type_label(schema.get("items", {}), refs)
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict) and schema["additionalProperties"]:
        return "map of string to " + type_label(schema["additionalProperties"], refs)
    if kind == "string" and schema.get("format"):
        return "file" if schema["format"] == "binary" else f"string ({schema['format']})"
    if isinstance(kind, list):
        return " or ".join(kind)
    return kind or "any"


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _constraints(schema: dict[str, Any]) -> list[str]:
    notes = []
    for branch in split_nullable(schema)[0]:
        low, high = branch.get("minimum"), branch.get("maximum")
        if low is not None and high is not None:
            notes.append(f"{_number(low)} to {_number(high)}")
        elif low is not None:
            notes.append(f"at least {_number(low)}")
        elif high is not None:
            notes.append(f"at most {_number(high)}")
        if "exclusiveMinimum" in branch:
            notes.append(f"greater than {_number(branch['exclusiveMinimum'])}")
        if "exclusiveMaximum" in branch:
            notes.append(f"less than {_number(branch['exclusiveMaximum'])}")
        if "minLength" in branch:
            notes.append(f"at least {branch['minLength']} characters")
        if "maxLength" in branch:
            notes.append(f"at most {branch['maxLength']} characters")
        if "minItems" in branch:
            notes.append(f"at least {branch['minItems']} items")
        if "maxItems" in branch:
            notes.append(f"at most {branch['maxItems']} items")
        if "pattern" in branch:
            notes.append(f"pattern `{branch['pattern']}`")
    return notes


def sentence(text: str | None) -> str:
    """Trim a description and end it with a full stop, so notes appended after it read apart."""
    text = (text or "").strip()
    return text + "." if text and text[-1] not in ".!?)" else text


def describe(schema: dict[str, Any], *, with_default: bool) -> str:
    """Join a field's description, its validation constraints and, if asked, its default."""
    parts = [sentence(schema.get("description"))] if schema.get("description") else []
    constraints = _constraints(schema)
    if constraints:
        parts.append("Constraints: " + ", ".join(constraints) + ".")
    if with_default and "default" in schema:
        parts.append(f"Default `{json.dumps(schema['default'], sort_keys=True)}`.")
    return " ".join(parts)


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("|", "\\|").strip()


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Format a Markdown table, escaping pipes and flattening line breaks in cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def field_table(document: dict[str, Any], schema: dict[str, Any], refs: set[str], *, request: bool) -> list[str]:
    """Tabulate the properties of an object schema. Request tables also show whether each field is required."""
    resolved = resolve(document, schema)
    properties = resolved.get("properties") or {}
    if not properties:
        return ["An object with no declared fields."]

    required = set(resolved.get("required", ()))
    rows = []
    for name, field in properties.items():
        label = type_label(field, refs)
        if request:
            rows.append([f"`{name}`", label, "yes" if name in required else "no", describe(field, with_default=True)])
        else:
            rows.append([f"`{name}`", label, describe(field, with_default=False)])
    header = ["Field", "Type", "Required", "Description"] if request else ["Field", "Type", "Description"]
    return table(header, rows)


def value_lines(document: dict[str, Any], schema: dict[str, Any], refs: set[str], *, lead: str, request: bool) -> list[str]:
    """Describe a body or `data` value after `lead`, with a field table for objects and a type otherwise.

    A null branch is left out, because the envelope's `data` is null only in error responses.
    """
    branches, _ = split_nullable(schema)
    target = branches[0] if len(branches) == 1 else schema
    resolved = resolve(document, target)
    name = ref_name(target)

    if resolved.get("type") == "array":
        item = resolved.get("items", {})
        item_name = ref_name(item)
        if item_name and resolve(document, item).get("properties"):
            return [f"{lead} a list of `{item_name}`:", "", *field_table(document, item, refs, request=request)]
        return [f"{lead} a {type_label(resolved, refs)}."]  # a list of strings, numbers or mixed types
    if resolved.get("properties"):
        subject = f"`{name}`" if name else "an object"
        return [f"{lead} {subject}:", "", *field_table(document, target, refs, request=request)]
    label = type_label(target, refs)
    article = "a " if label.startswith(("map of", "list of")) else ""
    return [f"{lead} {article}{label}."]

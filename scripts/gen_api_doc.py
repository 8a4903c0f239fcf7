#!/usr/bin/env python3
"""Render docs/api-reference.md from the app's OpenAPI document.

Usage: .venv/bin/python scripts/gen_api_doc.py [--output PATH]   (PATH `-` writes to stdout)

The document comes from backend.app.create_app().openapi(), so no server, database or Redis is
needed. The page depends only on the routes and their models: sections follow SECTIONS below,
endpoints inside a section are sorted by path and then by method, and schemas by name.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_doc_schemas import (  # noqa: E402
    describe,
    field_table,
    ref_name,
    resolve,
    sentence,
    split_nullable,
    table,
    type_label,
    value_lines,
)

ROOT = Path(__file__).resolve().parent.parent
DOC_PATH = ROOT / "docs" / "api-reference.md"
API_PREFIX = "/api/v1"
METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")

# Display order: each section with its subsections (None for a section without subsections).
SECTIONS: list[tuple[str, list[str | None]]] = [
    ("Auth", [None]),
    (
        "Contacts",
        [
            "CRUD and listing",
            "2nd-tier (Telegram group members)",
            "Enrichment, AI, messaging",
            "Identity / merging",
            "Imports",
            "Per-contact background syncs",
            "Account-wide background syncs",
            "Tag taxonomy",
            "Interactions (timeline)",
        ],
    ),
    ("Suggestions", [None]),
    ("Identity Resolution", [None]),
    ("Organizations", [None]),
    ("Notifications", [None]),
    ("Settings", [None]),
    ("Activity", [None]),
    ("Sync History", [None]),
    ("Map", [None]),
    ("LinkedIn (Chrome extension push)", [None]),
    ("Twitter (per-user cookies)", [None]),
    ("Meta (Messenger / Instagram)", [None]),
    ("Extension Pairing", [None]),
    ("Webhooks", [None]),
    ("Diagnostics", [None]),
]

_ID = r"\{[^}/]+\}"
# Path patterns mapped to (section, subsection). The first match wins, so specific patterns come
# before the catch-all of their section. A path that matches none is filed under its first tag.
SECTION_RULES: list[tuple[str, str, str | None]] = [
    (r"^/api/v1/auth(/|$)", "Auth", None),
    (rf"^/api/v1/contacts/{_ID}/interactions(/|$)", "Contacts", "Interactions (timeline)"),
    (rf"^/api/v1/contacts/(2nd-tier(/|$)|{_ID}/promote$)", "Contacts", "2nd-tier (Telegram group members)"),
    (
        rf"^/api/v1/contacts/{_ID}/(enrich|extract-bio|auto-tag|refresh-avatar|refresh-bios|compose|send-message)$",
        "Contacts",
        "Enrichment, AI, messaging",
    ),
    (rf"^/api/v1/contacts/{_ID}/(merge|dismiss-duplicate)/", "Contacts", "Identity / merging"),
    (r"^/api/v1/contacts/import/", "Contacts", "Imports"),
    (rf"^/api/v1/contacts/{_ID}/(sync-|telegram/)", "Contacts", "Per-contact background syncs"),
    (r"^/api/v1/(contacts/sync/|telegram/sync-progress$)", "Contacts", "Account-wide background syncs"),
    (r"^/api/v1/contacts/tags(/|$)", "Contacts", "Tag taxonomy"),
    (r"^/api/v1/contacts(/|$)", "Contacts", "CRUD and listing"),
    (r"^/api/v1/suggestions(/|$)", "Suggestions", None),
    (r"^/api/v1/identity(/|$)", "Identity Resolution", None),
    (r"^/api/v1/organizations(/|$)", "Organizations", None),
    (r"^/api/v1/notifications(/|$)", "Notifications", None),
    (r"^/api/v1/settings(/|$)", "Settings", None),
    (r"^/api/v1/activity(/|$)", "Activity", None),
    (r"^/api/v1/sync-history(/|$)", "Sync History", None),
    (r"^/api/v1/map(/|$)", "Map", None),
    (r"^/api/v1/linkedin(/|$)", "LinkedIn (Chrome extension push)", None),
    (r"^/api/v1/integrations/twitter(/|$)", "Twitter (per-user cookies)", None),
    (r"^/api/v1/meta(/|$)", "Meta (Messenger / Instagram)", None),
    (r"^/api/v1/extension(/|$)", "Extension Pairing", None),
    (r"^/api/v1/webhooks(/|$)", "Webhooks", None),
    (r"^/api/(health|v1/errors|v1/version)(/|$)", "Diagnostics", None),
]

# FastAPI's validation-error models, which any route with parameters or a body may return with 422.
IMPLICIT_SCHEMAS = {"HTTPValidationError", "ValidationError"}


def load_document() -> dict[str, Any]:
    """Build the app and return its OpenAPI document."""
    sys.path.insert(0, str(ROOT))
    from backend.app import create_app
    from backend.config import get_settings

    return create_app(get_settings()).openapi()


# Operations


def classify(path: str, operation: dict[str, Any]) -> tuple[str, str | None]:
    """Return the (section, subsection) that lists this operation."""
    for pattern, section, subsection in SECTION_RULES:
        if re.search(pattern, path):
            return section, subsection
    tags = operation.get("tags") or ["other"]
    return tags[0].replace("-", " ").replace("_", " ").capitalize(), None


def auth_label(document: dict[str, Any], operation: dict[str, Any]) -> str:
    """Name the credentials an operation declares, or `none`."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    labels = []
    for requirement in operation.get("security") or []:
        for name in requirement:
            scheme = schemes.get(name, {})
            if scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "bearer":
                labels.append("Bearer token")
            elif scheme.get("type") == "apiKey":
                labels.append(f"API key in {scheme.get('in')} `{scheme.get('name')}`")
            else:
                labels.append(name)
    return " or ".join(dict.fromkeys(labels)) or "none"


def _summary(operation: dict[str, Any]) -> str:
    """Return the first paragraph of the route's docstring, or FastAPI's summary made from its name."""
    description = (operation.get("description") or "").strip()
    return " ".join(description.split("\n\n")[0].split()) if description else operation.get("summary", "")


def _parameters(document: dict[str, Any], operation: dict[str, Any], refs: set[str]) -> list[str]:
    rows = []
    for parameter in operation.get("parameters", []):
        parameter = resolve(document, parameter)
        schema = parameter.get("schema", {})
        # FastAPI copies a parameter's description into its schema, so the schema's copy is dropped.
        own = sentence(parameter.get("description"))
        schema_notes = describe({**schema, "description": None} if own else schema, with_default=True)
        description = " ".join(filter(None, [own, schema_notes]))
        required = "yes" if parameter.get("required") else "no"
        rows.append([f"`{parameter['name']}`", parameter.get("in", ""), type_label(schema, refs), required, description])
    return table(["Name", "In", "Type", "Required", "Description"], rows) if rows else []


def _request_body(document: dict[str, Any], operation: dict[str, Any], refs: set[str]) -> list[str]:
    body = resolve(document, operation.get("requestBody"))
    lines: list[str] = []
    for media_type, media in (body.get("content") or {}).items():
        optional = "" if body.get("required") else " (optional)"
        lead = f"Request body{optional} as `{media_type}` is"
        lines += ["", *value_lines(document, media.get("schema", {}), refs, lead=lead, request=True)]
    return lines


def _responses(document: dict[str, Any], operation: dict[str, Any], refs: set[str]) -> list[str]:
    lines: list[str] = []
    others = []
    for status, response in sorted((operation.get("responses") or {}).items()):
        response = resolve(document, response)
        if not status.startswith("2"):
            if status != "422":
                others.append(f"`{status}` {response.get('description', '').strip()}".strip())
            continue

        content = response.get("content") or {}
        if not content:
            lines += ["", f"Response `{status}`: no body."]
            continue
        for media_type, media in content.items():
            schema = media.get("schema", {})
            envelope = resolve(document, schema).get("properties", {})
            if media_type == "application/json" and "data" in envelope:
                lead = f"Response `{status}`: `data` is"
                lines += ["", *value_lines(document, envelope["data"], refs, lead=lead, request=False)]
                meta = envelope.get("meta", {})
                meta_branches = split_nullable(meta)[0]
                if len(meta_branches) == 1 and resolve(document, meta_branches[0]).get("properties"):
                    lines += ["", *value_lines(document, meta, refs, lead="`meta` is", request=False)]
            elif resolve(document, schema).get("properties") or ref_name(schema):
                lead = f"Response `{status}` as `{media_type}`, without the envelope, is"
                lines += ["", *value_lines(document, schema, refs, lead=lead, request=False)]
            else:
                lines += ["", f"Response `{status}`: `{media_type}`."]
    if others:
        lines += ["", "Other documented responses: " + "; ".join(others) + "."]
    return lines


def render_operation(document: dict[str, Any], method: str, path: str, operation: dict[str, Any], level: str, refs: set[str]) -> list[str]:
    """Render the detail block of one operation."""
    lines = ["", f"{level} `{method.upper()} {path}`", ""]
    description = (operation.get("description") or operation.get("summary") or "").strip()
    if description:
        lines += [description, ""]
    lines.append(f"Auth: {auth_label(document, operation)}.")

    parameters = _parameters(document, operation, refs)
    if parameters:
        lines += ["", "Parameters:", "", *parameters]
    lines += _request_body(document, operation, refs)
    lines += _responses(document, operation, refs)
    return lines


# Page


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                found.append((method, path, item[method]))
    return sorted(found, key=lambda entry: (entry[1], METHODS.index(entry[0])))


def _header(document: dict[str, Any], operations: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    unprefixed = sorted({path for _, path, _ in operations if not path.startswith(API_PREFIX + "/")})
    public = [f"`{method.upper()} {path}`" for method, path, operation in operations if auth_label(document, operation) == "none"]
    prefix_note = f"All endpoints are prefixed with `{API_PREFIX}`"
    if unprefixed:
        prefix_note += " except " + ", ".join(f"`{path}`" for path in unprefixed)
    lines = [
        "# API reference",
        "",
        "<!-- Generated by scripts/gen_api_doc.py from the app's OpenAPI document. Do not edit by hand. -->",
        "",
        prefix_note + ". Every JSON response uses a standard envelope:",
        "",
        "```json",
        '{"data": {}, "error": null, "meta": {}}',
        "```",
        "",
        'An error has `"data": null`, the message in `error`, `"meta": null`, and a `detail` that is a',
        "string, FastAPI's list of validation errors (status 422), or an object for contact conflicts.",
        "",
        "Every endpoint requires a Bearer token from `POST /api/v1/auth/login` unless its Auth column says `none`.",
    ]
    if public:
        lines += ["Endpoints without authentication: " + ", ".join(public) + "."]
    lines += [
        "",
        "This page is generated from the app's OpenAPI schema by `scripts/gen_api_doc.py`.",
        "`scripts/check_api_doc.py` fails when the routes and this page drift, and the pre-push hook",
        "runs it (install the hook with `scripts/install_git_hooks.sh`). To regenerate the page, run",
        "`.venv/bin/python scripts/gen_api_doc.py`.",
    ]
    return lines


def render(document: dict[str, Any]) -> str:
    """Render the whole page as Markdown."""
    operations = _operations(document)
    grouped: dict[tuple[str, str | None], list[tuple[str, str, dict[str, Any]]]] = {}
    for method, path, operation in operations:
        grouped.setdefault(classify(path, operation), []).append((method, path, operation))

    order = [(section, subsection) for section, subsections in SECTIONS for subsection in subsections]
    known_sections = {section for section, _ in SECTIONS}
    order += sorted(key for key in grouped if key[0] not in known_sections)

    lines = _header(document, operations)
    refs: set[str] = set()
    current_section = None
    for section, subsection in order:
        entries = grouped.get((section, subsection))
        if not entries:
            continue
        if section != current_section:
            lines += ["", f"## {section}"]
            current_section = section
        if subsection:
            lines += ["", f"### {subsection}"]

        rows = [[method.upper(), f"`{path}`", auth_label(document, operation), _summary(operation)] for method, path, operation in entries]
        lines += ["", *table(["Method", "Endpoint", "Auth", "Description"], rows)]
        level = "####" if subsection else "###"
        for method, path, operation in entries:
            lines += render_operation(document, method, path, operation, level, refs)

    lines += _schemas(document, refs)
    return "\n".join(lines) + "\n"


def _schemas(document: dict[str, Any], refs: set[str]) -> list[str]:
    """Render every named schema that a field refers to, including the ones those schemas use."""
    components = document.get("components", {}).get("schemas", {})
    rendered: list[str] = []
    done: set[str] = set()
    pending = set(refs) - IMPLICIT_SCHEMAS
    blocks: dict[str, list[str]] = {}
    while pending:
        name = min(pending)
        pending.discard(name)
        done.add(name)
        schema = components.get(name, {})
        found: set[str] = set()
        block = ["", f"### `{name}`", ""]
        if schema.get("description"):
            block += [schema["description"].strip(), ""]
        if schema.get("properties"):
            block += field_table(document, schema, found, request=True)
        else:
            block.append(f"Type: {type_label(schema, found)}.")
        blocks[name] = block
        pending |= found - done - IMPLICIT_SCHEMAS

    if blocks:
        rendered += ["", "## Schemas", "", "Named types that fields above refer to. `Required` applies to request bodies."]
        for name in sorted(blocks):
            rendered += blocks[name]
    return rendered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the API reference page from the app's OpenAPI document.")
    parser.add_argument("--output", default=str(DOC_PATH), help=f"file to write, or - for stdout (default {DOC_PATH.relative_to(ROOT)})")
    args = parser.parse_args(argv)

    text = render(load_document())
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

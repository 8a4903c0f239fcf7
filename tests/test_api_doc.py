"""docs/api-reference.md matches the routes, and the generator and drift check behave as documented."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from types import ModuleType

import pytest

from tests.conftest import ROOT

SCRIPTS = ROOT / "scripts"


def _load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"scripts_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return _load_script("gen_api_doc")


@pytest.fixture(scope="module")
def checker() -> ModuleType:
    return _load_script("check_api_doc")


@pytest.fixture(scope="module")
def document(generator) -> dict:
    return generator.load_document()


def test_api_doc_is_current():
    """The committed page equals what the generator renders now. Regenerate it with check_api_doc.py --write."""
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "check_api_doc.py")], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_render_is_deterministic(generator, document):
    assert generator.render(document) == generator.render(document)


def test_render_ignores_route_order(generator, document):
    reversed_paths = {**document, "paths": dict(reversed(list(document["paths"].items())))}
    assert generator.render(reversed_paths) == generator.render(document)


def test_render_lists_interaction_routes(generator, document):
    page = generator.render(document)
    for heading in (
        "#### `GET /api/v1/contacts/{contact_id}/interactions`",
        "#### `POST /api/v1/contacts/{contact_id}/interactions`",
        "#### `PATCH /api/v1/contacts/{contact_id}/interactions/{interaction_id}`",
        "#### `DELETE /api/v1/contacts/{contact_id}/interactions/{interaction_id}`",
    ):
        assert heading in page
    assert "### Interactions (timeline)" in page
    assert "| `limit` | query | integer | no | Page size. Constraints: 1 to 200. Default `50`. |" in page


def test_render_marks_public_routes(generator, document):
    page = generator.render(document)
    assert "| POST | `/api/v1/auth/login` | none |" in page
    assert "| GET | `/api/v1/contacts/{contact_id}/interactions` | Bearer token |" in page


def test_drift_names_removed_endpoint(generator, checker, document):
    expected = generator.render(document)
    start = expected.index("#### `DELETE /api/v1/contacts/{contact_id}/interactions/{interaction_id}`")
    end = expected.index("\n#", start + 1)
    current = expected[:start] + expected[end + 1 :]

    problems = checker.describe_drift(current, expected)
    assert problems == ["missing from the page: DELETE /api/v1/contacts/{contact_id}/interactions/{interaction_id}"]


def test_drift_names_changed_field(generator, checker, document):
    expected = generator.render(document)
    current = expected.replace("Page size. Constraints: 1 to 200.", "Page size. Constraints: 1 to 100.")

    problems = checker.describe_drift(current, expected)
    assert len(problems) == 1
    assert problems[0].startswith("changed: GET /api/v1/contacts/{contact_id}/interactions")


def test_drift_names_stale_endpoint(generator, checker, document):
    expected = generator.render(document)
    current = expected + "\n### `GET /api/v1/removed`\n\nGone.\n"

    problems = checker.describe_drift(current, expected)
    assert "on the page but not in the app: GET /api/v1/removed" in problems


def test_drift_names_summary_row(generator, checker, document):
    expected = generator.render(document)
    current = expected.replace("List the contact's interactions, newest first. |", "Old summary. |", 1)

    problems = checker.describe_drift(current, expected)
    assert any(problem.startswith("header or summary table, unexpected line:") and "Old summary" in problem for problem in problems)

"""The documentation stays true: every environment variable and every API path is documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from talapker.settings.env import VARIABLES

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("variable", [v.name for v in VARIABLES])
def test_every_environment_variable_is_documented(variable: str) -> None:
    assert f"`{variable}`" in (DOCS / "runbooks" / "configuration.md").read_text()


@pytest.mark.django_db
def test_every_api_path_is_documented(client: Client) -> None:
    documented = (DOCS / "api.md").read_text()
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    for path in schema["paths"]:
        relative = path.removeprefix("/api/v1/")
        assert f"`{relative}`" in documented, f"{path} is not in docs/api.md"

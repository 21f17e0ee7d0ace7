"""The apps stand in layers (docs/decisions/0009): an app imports from its own layer or
below, never from above. The project's shell (settings, URLs, the WSGI entry, the command
line) stands over them all and imports what it serves; no app imports the shell.

Imports are read from the source (every module's `import` and `from ... import`, at any
depth, including those inside functions), so a late import does not hide an upward call."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import talapker

ROOT = Path(talapker.__file__).parent
LAYERS = [
    {"core", "audit"},
    {"elections", "parties", "candidates", "funds"},
    {"accounts", "registers", "generator", "lotdraw"},
    {"filings"},
    {"banking", "ads", "voters", "results", "complaints"},
    {"compliance"},
    {"disclosure"},
    {"opendata"},
    {"demo"},
]
SHELL = {"settings", "urls", "wsgi", "cli", "__init__"}
LAYER = {app: n for n, apps in enumerate(LAYERS) for app in apps}


def modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
    )


def app_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def imported(path: Path) -> list[tuple[int, str]]:
    """The talapker apps (or shell modules) a module imports, with the line of each import."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [
            (node.lineno, name.split(".")[1]) for name in names if name.startswith("talapker.")
        ]
    return found


def test_every_app_has_a_layer() -> None:
    apps = {app_of(path) for path in modules()}
    assert apps - SHELL - set(LAYER) == set()


def test_no_import_runs_upward() -> None:
    upward = [
        f"{path.relative_to(ROOT.parent)}:{line} imports talapker.{target}"
        for path in modules()
        if (app := app_of(path)) not in SHELL
        for line, target in imported(path)
        if target in SHELL or LAYER[target] > LAYER[app]
    ]
    assert upward == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from talapker.compliance.engine import screen\n", [(1, "compliance")]),
        ("def f():\n    import talapker.banking.reconcile\n", [(2, "banking")]),
        ("from . import models\nimport json\n", []),
    ],
)
def test_the_reader_sees_late_and_plain_imports(tmp_path: Path, source: str, expected) -> None:  # type: ignore[no-untyped-def]
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    assert imported(module) == expected

"""A tampered protocol names the part that fails, in the command and in the stand-alone
script alike; a file that is no protocol is a clear error, never a traceback."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from talapker.audit import keys
from talapker.lotdraw.tests.conftest import run_script, write

pytestmark = pytest.mark.django_db


def swap_order(p: dict[str, Any]) -> None:
    p["order"][0], p["order"][1] = p["order"][1], p["order"][0]


def edit_witness(p: dict[str, Any]) -> None:
    p["witnesses"][0] += "!"


def other_secret(p: dict[str, Any]) -> None:
    p["secret"] = "00" * 32


def reorder_parties(p: dict[str, Any]) -> None:
    p["parties"].reverse()


def other_algorithm(p: dict[str, Any]) -> None:
    p["algorithm"]["version"] = 2


TAMPERING: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (swap_order, "order"),
    (edit_witness, "seed"),
    (other_secret, "commitment"),
    (reorder_parties, "seed"),
    (other_algorithm, "order"),
]


def test_the_untouched_protocol_holds(drawn, tmp_path: Path, capsys) -> None:
    path = write(tmp_path / "protocol.json", drawn.protocol)
    call_command("verify_draw", str(path))
    assert "the protocol holds" in capsys.readouterr().out
    result = run_script(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("holds")


@pytest.mark.parametrize(("tamper", "part"), TAMPERING)
def test_a_tampered_protocol_names_the_failing_part(drawn, tmp_path: Path, tamper, part) -> None:
    protocol = copy.deepcopy(drawn.protocol)
    tamper(protocol)
    path = write(tmp_path / "protocol.json", protocol)
    with pytest.raises(CommandError) as refused:
        call_command("verify_draw", str(path))
    assert refused.value.returncode == 1
    assert str(refused.value).startswith(f"{part}: ")
    result = run_script(path)
    assert (result.returncode, result.stdout.strip()) == (1, f"FAILS: {part}")


@pytest.mark.parametrize(
    "content",
    ["not json at all", "[1, 2]", '{"election": "jk-2026"}', "\xff\xfe", "[" * 100_000],
)
def test_a_file_that_is_no_protocol_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "protocol.json"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(CommandError, match="not a draw protocol") as refused:
        call_command("verify_draw", str(path))
    assert refused.value.returncode == 2
    result = run_script(path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "not a draw protocol" in result.stderr


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read") as refused:
        call_command("verify_draw", str(tmp_path / "absent.json"))
    assert refused.value.returncode == 2


def test_the_protocol_is_signed_with_the_platforms_key(drawn, tmp_path: Path, capsys) -> None:
    signature = drawn.protocol["signature"]
    assert signature["algorithm"] == "Ed25519" and signature["key"] == keys.fingerprint()
    path = write(tmp_path / "protocol.json", drawn.protocol)
    call_command("verify_draw", str(path))
    assert f"signature of key {keys.fingerprint()}" in capsys.readouterr().out


@pytest.mark.parametrize("what", ["value", "public_key", "key", "election"])
def test_a_signature_that_does_not_hold_is_named(drawn, tmp_path: Path, what: str) -> None:
    """A changed signature, another key, a fingerprint of another key, or a field the
    checks above do not recompute (the election's name is in the seed, so it fails there;
    the drawn time is not): each fails, and only the signature catches the last."""
    protocol = copy.deepcopy(drawn.protocol)
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw().hex()
    if what == "value":
        protocol["signature"]["value"] = "00" * 64
    elif what == "public_key":
        protocol["signature"]["public_key"] = other
    elif what == "key":
        protocol["signature"]["key"] = "0" * 64
    else:
        protocol["drawn_at"] = "2026-01-01T00:00:00+06:00"
    path = write(tmp_path / "protocol.json", protocol)
    with pytest.raises(CommandError, match=r"^signature: ") as refused:
        call_command("verify_draw", str(path))
    assert refused.value.returncode == 1

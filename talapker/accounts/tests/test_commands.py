"""`talapker create-user`, `issue-token`, `revoke-token`, `reset-otp`: their output, their
one-line refusals, and their audit events (which never hold a secret)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from talapker.accounts.models import ApiToken, Membership, Role
from talapker.accounts.tests.conftest import AIYL, World
from talapker.accounts.tokens import token_hash
from talapker.audit.models import AuditEvent
from talapker.audit.services import audit_verify


def run(*args: str, stdin: str | None = None, monkeypatch=None) -> str:  # type: ignore[no-untyped-def]
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_user_makes_a_filer_with_password_authenticator_and_backup_codes(
    world: World,
) -> None:
    out = run(
        "create_user",
        "umut_treasurer",
        "--role",
        "filer",
        "--election",
        "jk-2026",
        "--fund",
        "yntymak",
    )
    user = User.objects.get(username="umut_treasurer")
    password = re.search(r"^password: (\S+)$", out, re.M)
    assert password and user.check_password(password.group(1))
    assert len(password.group(1)) >= 12
    assert re.search(
        r"^authenticator URI: otpauth://totp/Talapker%3Aumut_treasurer\?secret=", out, re.M
    )
    codes = re.search(r"^backup codes \(each works once\): ((?:\d{8} ?){10})$", out, re.M)
    assert codes
    assert set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    ) == set(codes.group(1).split())
    assert TOTPDevice.objects.get(user=user).confirmed
    assert Membership.objects.get(user=user).fund == world.fund_b
    assert not user.is_staff

    event = AuditEvent.objects.get(action="user.created", object_id="umut_treasurer")
    assert event.actor == "command line"
    assert event.data == {"role": "filer", "fund": "jk-2026/yntymak", "staff": False}
    for secret in [
        password.group(1),
        *codes.group(1).split(),
        TOTPDevice.objects.get(user=user).key,
    ]:
        assert secret not in str(event.data)
    assert audit_verify()[1] == []


def test_create_user_makes_a_bank_user_and_reads_the_password_from_stdin(
    world: World, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    chosen = "a bank's own long passphrase"
    out = run(
        "create_user",
        "aiyl_uploads",
        "--role",
        "bank",
        "--bank",
        AIYL,
        "--password-stdin",
        stdin=chosen + "\n",
        monkeypatch=monkeypatch,
    )
    assert "password:" not in out
    user = User.objects.get(username="aiyl_uploads")
    assert user.check_password(chosen)
    assert Membership.objects.get(user=user).bank == AIYL


@pytest.mark.parametrize("role", ["auditor", "administrator"])
def test_create_user_makes_commission_staff(db, role: str) -> None:  # type: ignore[no-untyped-def]
    run("create_user", f"cec_{role}", "--role", role)
    user = User.objects.get(username=f"cec_{role}")
    assert user.memberships.get().role == role
    assert user.is_staff == user.is_superuser == (role == Role.ADMINISTRATOR)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["x", "--role", "treasurer"], "--role 'treasurer': choose filer, bank, handler, auditor"),
        (["x"], "--role '': choose"),
        (["x", "--role", "filer"], "--role filer needs --election and --fund"),
        (
            ["x", "--role", "filer", "--election", "jk-2026", "--fund", "nope"],
            "no fund 'nope' in election 'jk-2026'",
        ),
        (
            ["x", "--role", "filer", "--election", "jk-2026", "--fund", "yntymak", "--bank", AIYL],
            "--bank is for --role bank only",
        ),
        (["x", "--role", "bank"], "--role bank needs --bank"),
        (
            ["x", "--role", "bank", "--bank", "Unknown Bank"],
            "no special account is held at 'Unknown Bank'; known banks: Айыл Банк, РСК Банк",
        ),
        (["x", "--role", "auditor", "--fund", "yntymak"], "--election and --fund are for"),
        (["treasurer_a", "--role", "auditor"], "treasurer_a: user 'treasurer_a' already exists"),
        (["bad name!", "--role", "auditor"], "bad name!: Enter a valid username."),
    ],
)
def test_create_user_refuses_bad_input_and_writes_nothing(
    world: World, args: list[str], reason: str
) -> None:
    users, events = User.objects.count(), AuditEvent.objects.count()
    with pytest.raises(CommandError) as refused:
        run("create_user", *args)
    assert str(refused.value).startswith(reason)
    assert "\n" not in str(refused.value)
    assert (User.objects.count(), AuditEvent.objects.count()) == (users, events)


def test_create_user_refuses_a_weak_password(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="This password is too short"):
        run(
            "create_user",
            "weak",
            "--role",
            "auditor",
            "--password-stdin",
            stdin="12345\n",
            monkeypatch=monkeypatch,
        )
    assert not User.objects.filter(username="weak").exists()


def test_issue_token_prints_the_key_once_and_revoke_token_ends_it(world: World) -> None:
    out = run("issue_token", "aiyl_bank", "--name", "statement robot")
    key = out.splitlines()[1]
    token = ApiToken.objects.get()
    assert token.key_hash == token_hash(key)
    assert out.splitlines()[0] == f"token {token.prefix} for aiyl_bank (statement robot):"

    assert run("revoke_token", token.prefix).strip() == (
        f"revoked token {token.prefix} of aiyl_bank (statement robot)"
    )
    assert ApiToken.objects.get().revoked_at is not None
    actions = list(AuditEvent.objects.values_list("action", "object_id"))
    assert actions == [("token.issued", token.prefix), ("token.revoked", token.prefix)]
    assert key not in str(list(AuditEvent.objects.values_list("data", flat=True)))


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["issue_token", "nobody", "--name", "x"], "no user 'nobody'"),
        (["issue_token", "aiyl_bank"], "--name is required"),
        (["revoke_token", "zzzzzzzz"], "no token starts with zzzzzzzz"),
    ],
)
def test_token_commands_refuse_bad_input(world: World, args: list[str], reason: str) -> None:
    with pytest.raises(CommandError, match=re.escape(reason)):
        run(*args)


def test_a_token_cannot_be_revoked_twice(world: World) -> None:
    run("issue_token", "aiyl_bank", "--name", "robot")
    prefix = ApiToken.objects.get().prefix
    run("revoke_token", prefix)
    with pytest.raises(CommandError, match="already revoked"):
        run("revoke_token", prefix)


def test_reset_otp_replaces_the_authenticator_and_the_codes(world: World) -> None:
    old_key = TOTPDevice.objects.get(user=world.auditor).key
    out = run("reset_otp", "auditor")
    assert TOTPDevice.objects.get(user=world.auditor).key != old_key
    assert "otpauth://totp/" in out
    assert AuditEvent.objects.filter(action="user.otp_reset", object_id="auditor").exists()


def test_the_installed_command_fails_with_one_line(tmp_path: Path) -> None:
    talapker = Path(sys.executable).parent / "talapker"
    env = {"TALAPKER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [str(talapker), "create-user", "someone", "--role", "voter"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: --role 'voter': choose filer, bank, handler, auditor or administrator"
    ]

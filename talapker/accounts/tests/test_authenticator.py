"""A new authenticator key is shown as an app takes it: a QR code of the `otpauth://` URI,
the URI, and the key in base32; a code computed from that key (here by RFC 6238 itself, not
by django-otp) signs in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import re
import time
from urllib.parse import parse_qs, unquote, urlsplit

import segno
from django.core.management import call_command
from django.test import Client

from talapker.accounts.qr import BORDER
from talapker.accounts.testing import TEST_PASSWORD
from talapker.accounts.tests.conftest import World

LOGIN = "/en/accounts/login/"
# The terminal drawing's characters as (top, bottom) modules, 1 dark: light is drawn.
HALF_BLOCKS = {" ": (1, 1), "\u2580": (0, 1), "\u2584": (1, 0), "\u2588": (0, 0)}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def rfc6238(secret_base32: str, at: float) -> str:
    """The 6-digit TOTP code (SHA-1, 30-second steps) of a base32 key at a Unix time."""
    key = base64.b32decode(secret_base32)
    digest = hmac.new(key, (int(at) // 30).to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 10**6:06d}"


def shown(out: str, label: str) -> str:
    found = re.search(rf"^{re.escape(label)}: (\S+)$", out, re.M)
    assert found, f"no {label!r} in {out!r}"
    return found.group(1)


def drawn_modules(out: str) -> list[list[int]]:
    """The QR code's modules (1 dark) read back from the terminal drawing in the output."""
    lines = [line for line in out.splitlines() if line and set(line) <= set(HALF_BLOCKS)]
    assert lines, "no QR code in the output"
    rows: list[list[int]] = []
    for line in lines:
        pairs = [HALF_BLOCKS[char] for char in line]
        rows.append([top for top, _ in pairs])
        rows.append([bottom for _, bottom in pairs])
    return rows


def qr_modules(data: str) -> list[list[int]]:
    """What segno makes of `data`, with the same quiet zone."""
    matrix = [list(row) for row in segno.make(data, error="m").matrix]
    size = len(matrix) + 2 * BORDER
    light = [[0] * size for _ in range(BORDER)]
    return light + [[0] * BORDER + row + [0] * BORDER for row in matrix] + light


def check_authenticator(out: str, username: str) -> str:
    """The URI, the base32 key and the QR code agree; returns the key."""
    secret = shown(out, "authenticator key (base32, to type by hand)")
    uri = shown(out, "authenticator URI")
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert unquote(parts.path) == f"/Talapker:{username}"
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    assert query["secret"] == secret
    assert query["issuer"] == "Talapker"
    assert (query["algorithm"], query["digits"], query["period"]) == ("SHA1", "6", "30")
    modules = qr_modules(uri)
    assert drawn_modules(out)[: len(modules)] == modules  # the drawing is the URI's code
    return secret


def test_create_user_shows_a_key_that_signs_in(world: World, client: Client) -> None:
    out = run(
        "create_user", "umut_treasurer", "--role", "filer", "--election", "jk-2026", "--fund",
        "yntymak",
    )  # fmt: skip
    secret = check_authenticator(out, "umut_treasurer")
    password = shown(out, "password")
    code = rfc6238(secret, time.time())
    response = client.post(
        LOGIN, {"username": "umut_treasurer", "password": password, "code": code}
    )
    assert response.status_code == 302


def test_reset_otp_shows_the_new_key_and_only_it_signs_in(world: World, client: Client) -> None:
    before = check_authenticator(run("reset_otp", "auditor"), "auditor")
    after = check_authenticator(run("reset_otp", "auditor"), "auditor")
    assert after != before
    now = time.time()
    login = {"username": "auditor", "password": TEST_PASSWORD}
    # The new key first: django-otp makes a device wait a moment after a wrong code.
    assert client.post(LOGIN, {**login, "code": rfc6238(after, now)}).status_code == 302
    client.post("/en/accounts/logout/")
    assert client.post(LOGIN, {**login, "code": rfc6238(before, now)}).status_code == 200

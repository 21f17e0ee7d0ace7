"""Sign-in throttling counted three ways: per account and address (5), per account from any
address (10) and per address to any account (20), each blocking for the cool-off; one page
and one message whichever limit was reached and whether or not the account exists."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.utils import translation

from talapker.accounts.testing import TEST_PASSWORD, make_user, totp_code
from talapker.accounts.tests.conftest import World

LOGIN = "/en/accounts/login/"
PROXY = "10.0.0.1"  # the reverse proxy every request comes through in these tests


@pytest.fixture(autouse=True)
def one_proxy(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TALAPKER_PROXY_COUNT = 1


def from_address(address: str) -> Client:
    """A browser at `address`, seen through the proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def attempt(client: Client, username: str, password: str = "a wrong guess", code: str = ""):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password, "code": code})


def signs_in(client: Client, world: World) -> bool:
    response = attempt(client, "treasurer_a", TEST_PASSWORD, totp_code(world.filer_a))
    return response.status_code == 302


def limits(settings) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    by_pair, by_account, by_address = settings.TALAPKER_LOGIN_LIMITS.values()
    return by_pair, by_account, by_address


def test_the_limits_are_the_documented_defaults(settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.TALAPKER_LOGIN_LIMITS == {
        ("username", "ip_address"): 5,
        ("username",): 10,
        ("ip_address",): 20,
    }


def test_one_address_trying_many_accounts_is_blocked_at_the_address_limit(
    world: World, settings
) -> None:  # type: ignore[no-untyped-def]
    _, _, by_address = limits(settings)
    attacker = from_address("198.51.100.9")
    usernames = [f"guess-{n}" for n in range(by_address)]  # none of them exists
    for number, username in enumerate(usernames[:-1], start=1):
        assert attempt(attacker, username).status_code == 200, number
    assert attempt(attacker, usernames[-1]).status_code == 429
    # The address is blocked for every account, even with the right password and code...
    assert (
        attempt(attacker, "treasurer_a", TEST_PASSWORD, totp_code(world.filer_a)).status_code == 429
    )
    # ...and only the address: the treasurer signs in from their own.
    assert signs_in(from_address("203.0.113.5"), world)


def test_four_guesses_per_account_from_one_address_stop_at_the_address_limit(
    world: World, settings
) -> None:  # type: ignore[no-untyped-def]
    """The attack that passed before: under the per-pair limit on each of many accounts."""
    by_pair, _, by_address = limits(settings)
    attacker = from_address("198.51.100.9")
    statuses = [
        attempt(attacker, f"account-{account}").status_code
        for account in range(by_address)
        for _ in range(by_pair - 1)
    ]
    assert 429 in statuses
    assert statuses.index(429) == by_address - 1  # blocked at the 20th failure, not later


def test_one_account_from_many_addresses_is_blocked_at_the_account_limit(
    world: World, settings
) -> None:  # type: ignore[no-untyped-def]
    _, by_account, _ = limits(settings)
    addresses = [f"198.51.100.{n}" for n in range(1, by_account + 1)]
    for address in addresses[:-1]:  # one guess from each: no address nears its limits
        assert attempt(from_address(address), "treasurer_a").status_code == 200
    assert attempt(from_address(addresses[-1]), "treasurer_a").status_code == 429
    # Now the account is blocked from everywhere, the treasurer's own address too:
    assert not signs_in(from_address("203.0.113.5"), world)
    # ...but only the account: others sign in from those addresses.
    auditor_code = totp_code(world.auditor)
    response = attempt(from_address(addresses[0]), "auditor", TEST_PASSWORD, auditor_code)
    assert response.status_code == 302
    # The administrator lifts the block (a treasurer locked out by an attacker).
    call_command("axes_reset_username", "treasurer_a", verbosity=0)
    assert signs_in(from_address("203.0.113.5"), world)


def body(response: HttpResponse) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_every_block_shows_the_same_page(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    by_pair, by_account, by_address = limits(settings)

    def by_one_pair(username: str) -> HttpResponse:
        client = from_address("198.51.100.1")
        return [attempt(client, username) for _ in range(by_pair)][-1]

    def by_one_account(username: str) -> HttpResponse:
        return [
            attempt(from_address(f"198.51.100.{n}"), username) for n in range(1, by_account + 1)
        ][-1]

    def by_one_address(username: str) -> HttpResponse:
        client = from_address("198.51.100.1")
        [attempt(client, f"other-{n}") for n in range(by_address - 1)]
        return attempt(client, username)

    pages = {}
    for block in (by_one_pair, by_one_account, by_one_address):
        for username in ("treasurer_a", "nobody-by-this-name"):
            AccessAttempt.objects.all().delete()
            with translation.override("en"):
                response = block(username)
            assert response.status_code == 429, (block.__name__, username)
            assert response["Retry-After"] == "3600"
            pages[block.__name__, username] = body(response)
    assert len(set(pages.values())) == 1, pages.keys()
    page = next(iter(pages.values()))
    assert "Signing in is blocked" in page
    assert "Try again in 60 minutes" in page
    assert "treasurer_a" not in page and "nobody-by-this-name" not in page


def test_a_refusal_reads_the_same_for_an_existing_and_an_unknown_account(world: World) -> None:
    client = from_address("198.51.100.1")
    messages = set()
    for username, code in (("treasurer_a", ""), ("treasurer_a", "000000"), ("nobody", "")):
        response = attempt(client, username, code=code)
        errors = re.search(
            r'<div class="account__errors".*?</div>', response.content.decode(), re.S
        )
        assert errors is not None
        messages.add(errors.group(0))
    assert len(messages) == 1
    with translation.override("en"):
        assert "signing in is blocked for 60 minutes" in messages.pop()


def test_a_success_forgives_the_account_everywhere_but_not_the_address(
    world: World, settings
) -> None:  # type: ignore[no-untyped-def]
    by_pair, by_account, by_address = limits(settings)
    # The treasurer mistypes from home and from the office, short of every limit...
    for address in ("198.51.100.1", "198.51.100.2"):
        for _ in range(by_pair - 1):
            attempt(from_address(address), "treasurer_a")
    # ...then signs in: those failures are forgotten, from both addresses.
    assert signs_in(from_address("198.51.100.2"), world)
    assert not AccessAttempt.objects.filter(username="treasurer_a").exists()
    for n in range(by_account - 1):
        assert attempt(from_address(f"192.0.2.{n + 1}"), "treasurer_a").status_code == 200

    # An attacker who holds an account of their own cannot wipe an address's count by
    # signing in with it between guesses.
    make_user("insider", None, device=False)
    attacker = from_address("203.0.113.66")
    for n in range(by_address - 1):
        attempt(attacker, f"victim-{n}")
    assert attempt(attacker, "insider", TEST_PASSWORD).status_code == 302
    assert attempt(attacker, "victim-last").status_code == 429

"""The chat bot's side of "am I on the list?": what a message means and what to answer.

A Telegram or WhatsApp adapter (a small program of its own, outside the platform) passes each
message it receives to `POST /api/v1/bot/voter-lookup` with the shared secret, and sends back
the text it is given (docs/voter-lookup.md). The message is `<PIN> <birth date>`, the date as
DD.MM.YYYY or YYYY-MM-DD; anything else gets the help text. The answers are the page's, in
the chat's language; the limits count per chat (the adapter's address is one for everyone)
and for everyone together, as on the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talapker.core.countries import country_name
from talapker.voters.lookup import (
    NoRegister,
    Station,
    birth_date_parse,
    lookup_default,
    lookup_elections,
    lookup_limit,
    voter_lookup,
)

LANGUAGES = ("ky", "ru", "en")


@dataclass(frozen=True)
class Message:
    pin: str
    birth_date: dt.date


@dataclass(frozen=True)
class Reply:
    text: str
    wait: int | None = None  # refused by a limit: seconds to wait


def message_parse(text: str) -> Message | None:
    """`<PIN> <birth date>`; None when the message is not that. The PIN is not checked here:
    a malformed one is "not found" like any other."""
    parts = text.split()
    if len(parts) != 2:
        return None
    born = birth_date_parse(parts[1])
    return Message(parts[0], born) if born else None


def help_text() -> str:
    return _(
        "Send your PIN (14 digits) and your date of birth, separated by a space. "
        "For example: 21503198500001 15.03.1985"
    )


def not_found_text() -> str:
    """The one answer to every failure, the page's own."""
    return _(
        "No voter with this PIN and date of birth is on the list of this election. "
        "Check what you entered. If it is right, contact your precinct election commission "
        "or the Central Election Commission."
    )


def no_list_text() -> str:
    return _("No voter list has been published yet. Please come back closer to the election.")


def station_text(station: Station) -> str:
    return _(
        "You are on the voter list.\n"
        "Polling station number: %(code)s\n"
        "Name: %(name)s\n"
        "Address: %(address)s, %(country)s\n"
        "Map: %(map)s"
    ) % {
        "code": station.code,
        "name": station.name,
        "address": station.address,
        "country": country_name(station.country),
        "map": station.map,
    }


def bot_reply(request: Any, *, chat: str, language: str, text: str, election: str = "") -> Reply:
    """The answer to one chat message, in the chat's language (`language`, one of LANGUAGES)."""
    with translation.override(language):
        message = message_parse(text)
        if message is None:
            return Reply(help_text())
        if not election:
            chosen = lookup_default(lookup_elections(), timezone.localdate())
            election = chosen.code if chosen else ""
        if not election:
            return Reply(no_list_text())
        refusal = lookup_limit(request, client=f"chat:{chat}")
        if refusal is not None:
            return Reply(refusal.text, refusal.wait)
        try:
            station = voter_lookup(election, message.pin, message.birth_date)
        except NoRegister:
            return Reply(no_list_text())
        return Reply(station_text(station) if station else not_found_text())

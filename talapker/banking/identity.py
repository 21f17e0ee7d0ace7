"""What makes a bank line the same booking when a bank sends it again (decision 0012).

Banks do not give every booking a unique reference: German and Dutch banks write `NONREF`
or nothing, a camt.053 batch repeats one reference on several entries, and two standing
orders of 20.00 to the same payee on one day are two bookings that look alike. So a line's
identity is the whole booking: the account (implicit: identities are compared within one
account), the booking and value dates, the signed amount and currency, every reference the
line carries, the counterparty (id, account, name) and the purpose, with text compared after
folding case and white space, plus the booking's place among identical bookings of that
account in the file (the first, the second ...). A statement sent twice, or an overlapping
statement that repeats whole days, gives every booking the same identity again, so it is
stored once; two identical bookings on one day stay two.

The place is counted per file and account, not per statement, so that a day split over two
pages of one statement still counts its identical bookings once each. What the scheme cannot
see is a day split over two files that repeat one of its identical bookings: a bank sends a
day whole, and the decision record says so. A statement that a file repeats whole is left
out before the places are counted (`services._new_lines`), so it adds nothing again.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from talapker.banking.statements.model import StatementLine

SCHEME = "v1"  # part of every identity, so that a change of the recipe never collides
SEPARATOR = "\x1f"
LABEL_LENGTH = 12  # hex digits of the identity in a line's label where it has no reference


def folded(text: str) -> str:
    """Text compared as a booking: case and runs of white space do not matter."""
    return " ".join(text.casefold().split())


def booking_key(line: StatementLine) -> str:
    """Everything a booking is, as one string (without its place among identical ones)."""
    account = "".join(line.counterparty_account.split()).upper()
    parts = (
        SCHEME,
        line.booking_date.isoformat(),
        line.value_date.isoformat() if line.value_date else "",
        str(line.amount),
        line.currency,
        "\x1e".join(folded(ref) for ref in (line.references or (line.reference,)) if ref),
        folded(line.counterparty_id),
        account,
        folded(line.counterparty_name),
        folded(line.purpose),
    )
    return SEPARATOR.join(parts)


def identities(lines: Iterable[StatementLine]) -> list[str]:
    """The identity (64 hex digits) of each line of one account's statements in one file,
    in the order given (the file's order)."""
    seen: Counter[str] = Counter()
    found = []
    for line in lines:
        key = booking_key(line)
        seen[key] += 1
        found.append(identity_of(key, seen[key]))
    return found


def identity_of(key: str, place: int) -> str:
    """The identity of the `place`-th booking (from 1) with this `booking_key`."""
    text = f"{key}{SEPARATOR}{place}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def label(reference: str, identity: str, taken: set[str]) -> str:
    """How the line is named on pages and in findings: its reference where that is its own,
    else the reference (or nothing) with the start of its identity."""
    if reference and reference not in taken:
        return reference
    return f"{reference}#{identity[:LABEL_LENGTH]}"

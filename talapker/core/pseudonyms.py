"""Keyed pseudonyms: the public id of a person's number (a PIN, or an INN), never the number.

HMAC-SHA256 under the platform's pseudonym key (`TALAPKER_PSEUDONYM_KEY`), its first 80 bits
in lower-case base32, 16 characters ([a-z2-7]). Without the key no one can compute the id of
a PIN, although PINs are few enough (some 10^10) to try them all (decision 0010). Donors are
told apart by it (disclosure/donors.py), and a candidate's election fund, whose code is the
candidate's PIN, is published as `candidate-` and the pseudonym of that PIN.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings

REF_BYTES = 10  # 80 bits: 16 base32 characters


def _key() -> bytes:
    return str(settings.TALAPKER_PSEUDONYM_KEY).encode()


def ref_for(number: str, *, key: bytes | None = None) -> str:
    """The public id of a PIN or INN (16 characters, [a-z2-7]), under the platform's
    pseudonym key unless another is given. The same number gives the same ref always."""
    digest = hmac.new(key if key is not None else _key(), number.encode(), hashlib.sha256)
    return base64.b32encode(digest.digest()[:REF_BYTES]).decode("ascii").lower()


def fund_public_code(code: str, party_code: str | None) -> str:
    """A fund's public id: its party's code, or `candidate-` and the pseudonym of the
    candidate's PIN (the fund's own code)."""
    return party_code if party_code else f"candidate-{ref_for(code)}"

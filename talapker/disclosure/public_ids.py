"""The public id of an election fund: a party's fund goes by the party's code; a
candidate's fund (its code is the candidate's PIN) by `candidate-` and the keyed pseudonym
of that PIN (decision 0010), so no list, export or feed ever carries the PIN itself."""

from __future__ import annotations

from talapker.core.pseudonyms import fund_public_code
from talapker.elections.models import Election
from talapker.funds.models import Fund


def fund_codes(election: Election | int) -> dict[int, str]:
    """{fund id: public code} for every fund of the election (one query; funds are few)."""
    rows = Fund.objects.filter(election=election).values_list("id", "code", "party__code")
    return {pk: fund_public_code(code, party) for pk, code, party in rows}


__all__ = ["fund_by_public_code", "fund_codes", "fund_public_code"]


def fund_by_public_code(election: Election, public: str) -> int | None:
    """The id of the fund with this public code, or None."""
    for pk, code in fund_codes(election).items():
        if code == public:
            return pk
    return None

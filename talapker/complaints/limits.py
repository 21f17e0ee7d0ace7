"""How often one address may file, reply and look up codes: counted in the counters every
worker shares (`core.http.counters`), under the address, for an hour. The address is never
stored with a complaint; a counter holds it no longer than two hours, in a key of its own.

The same limits hold for the pages and the API, so that neither is a way around the other.
"""

from __future__ import annotations

import time
from typing import Any

from django.utils.translation import gettext as _

from talapker.accounts.throttling import client_ip
from talapker.core.http.counters import counters

# (attempts, seconds) per client address.
FILINGS = (10, 3600)  # complaints sent (a polling station's observer may send several)
REPLIES = (20, 3600)
FINDS = (30, 3600)  # codes looked up and missed
WAIT = 3600


def over_limit(request: Any, scope: str, limit: tuple[int, int]) -> bool:
    """Count this attempt from the client's address; True once it is over the limit."""
    attempts, period = limit
    window = int(time.time() // period)
    key = f"complaints-{scope}-{client_ip(request) or 'unknown'}:{window}"
    return counters().count(key, 2 * period) > attempts


def too_many_text() -> str:
    return _(
        "Too many complaints or attempts from your address. Please try again in an hour; "
        "what you wrote is still in the form."
    )

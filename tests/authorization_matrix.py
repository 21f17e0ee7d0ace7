"""The authorization matrix: who may do what, one row per endpoint, method and object.

A row names a URL pattern, the method, whose object it addresses (fund A or B, complaint X,
...) and who may: a policy that gives each principal its outcome. `tests/test_authorization.py`
sends every row as every principal and compares.

Principals
    anonymous           no session, no token (the public; the anonymous API client)
    no role             signed in, past the second factor, no membership
    filer A, password   filer of fund A signed in with the password only (no second factor)
    filer A, filer B    the treasurers of «Ата-Журт» (fund A) and «Ишеним» (fund B)
    bank 1, bank 2      Айыл Банк (holds fund A's special account) and Элдик Банк (fund B's)
    handler X, Y        complaint handlers of body X (the complaint's) and of another body
    auditor, admin      the commission's auditor and administrator
    token: …            API tokens of filer A, filer B, bank 1, bank 2 (no session)
    precinct P, Q       precinct tokens (`X-Precinct-Token`) of station 1001 and of 1002

Outcomes
    OK        allowed: the row's statuses (GET 200; a POST 200, 201, 302 elsewhere than the
              login page, 400 or 422: the input, not the caller, was refused)
    LOGIN     302 to the login page (pages, for whoever has no verified session)
    E401      401 (the API, without credentials, where credentials are what is missing)
    E403      403 (a role that never may; a missing or foreign precinct token)
    E404      404 (an object of someone else: the same answer as for no such object)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Principals --------------------------------------------------------------------------------

ANON = "anonymous"
NO_ROLE = "no role"
HALF = "filer A, password"
FILER_A, FILER_B = "filer A", "filer B"
BANK_1, BANK_2 = "bank 1", "bank 2"
HANDLER_X, HANDLER_Y = "handler X", "handler Y"
AUDITOR, ADMIN = "auditor", "admin"
T_FILER_A, T_FILER_B = "token: filer A", "token: filer B"
T_BANK_1, T_BANK_2 = "token: bank 1", "token: bank 2"
PRECINCT_P, PRECINCT_Q = "precinct P", "precinct Q"

VERIFIED = (NO_ROLE, FILER_A, FILER_B, BANK_1, BANK_2, HANDLER_X, HANDLER_Y, AUDITOR, ADMIN)
API_TOKENS = (T_FILER_A, T_FILER_B, T_BANK_1, T_BANK_2)
PRECINCTS = (PRECINCT_P, PRECINCT_Q)
PRINCIPALS = (ANON, HALF, *VERIFIED, *API_TOKENS, *PRECINCTS)
SESSIONS = (HALF, *VERIFIED)  # principals that hold a session cookie
STAFF = (AUDITOR, ADMIN)

# Outcomes ----------------------------------------------------------------------------------

OK, LOGIN, E401, E403, E404 = "ok", "login", "401", "403", "404"
DENIALS = (LOGIN, E401, E403, E404)

Policy = dict[str, str]


def everyone() -> Policy:
    """A public page or read: every principal gets it."""
    return dict.fromkeys(PRINCIPALS, OK)


def page(allowed: Iterable[str], *, others: str = E403, **exceptions: str) -> Policy:
    """A page behind the session: whoever is not verified goes to the login page; `allowed`
    get it; every other verified user gets `others`. `exceptions` by principal name key."""
    allowed = set(allowed)
    policy = {p: OK if p in allowed else others if p in VERIFIED else LOGIN for p in PRINCIPALS}
    return _with(policy, exceptions)


def signed_in() -> Policy:
    return page(VERIFIED)


def staff() -> Policy:
    return page(STAFF)


def filer_of(owner: str, *also: str) -> Policy:
    """A filing page of fund `owner`: its filer; every other verified user 404 (as for a
    fund that does not exist), whatever their role."""
    return page({owner, *also}, others=E404)


def complaint_staff(*, owner_only: bool) -> Policy:
    """The complaint staff pages: handlers and the commission; the public to the login page,
    other roles 403. With `owner_only` (one complaint), handler Y gets 404."""
    handlers = (HANDLER_X,) if owner_only else (HANDLER_X, HANDLER_Y)
    return page({*handlers, *STAFF}, **({"handler_y": E404} if owner_only else {}))


def api_write(allowed: Iterable[str], *, others: str = E403, **exceptions: str) -> Policy:
    """An API write: no credentials 401; a session past the password only 403; `allowed`
    (sessions or tokens) pass; every other credential `others`."""
    allowed = set(allowed)
    policy = {}
    for p in PRINCIPALS:
        if p in allowed:
            policy[p] = OK
        elif p in (ANON, *PRECINCTS):  # a precinct token is no Authorization header
            policy[p] = E401
        elif p == HALF:
            policy[p] = E403
        else:
            policy[p] = others
    return _with(policy, exceptions)


def precinct(owner: str) -> Policy:
    """A protocol: only its precinct's token; no other credential counts (403)."""
    return {p: OK if p == owner else E403 for p in PRINCIPALS}


def _with(policy: Policy, exceptions: dict[str, str]) -> Policy:
    names = {p.lower().replace(":", "").replace(",", "").replace(" ", "_"): p for p in PRINCIPALS}
    for key, outcome in exceptions.items():
        policy[names[key]] = outcome
    return policy


# Rows --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One endpoint, method and object, with each principal's expected outcome.

    `target` names the object (`A`, `B`: the funds; ``: the story's own objects).
    `body` names the request body (test_authorization.BODIES). `secrets` name strings of the
    world (test_authorization.World.secrets) that no denial, nor any allowed answer to a
    principal outside `shows_to`, may contain. `csrf`: a session's POST without the CSRF
    token must be refused (403). `bugs`: principals for whom the code does not yet decide
    as the row says, each with the reason: the row is an expected failure (xfail) while
    they mismatch, and fails as soon as one of them no longer does (remove it then)."""

    name: str
    method: str
    policy: Policy
    target: str = ""
    body: str = ""
    secrets: tuple[str, ...] = ()
    shows_to: tuple[str, ...] | None = None
    ok: tuple[int, ...] = ()
    csrf: bool = True
    bugs: dict[str, str] = field(default_factory=dict)
    query: str = ""

    @property
    def id(self) -> str:
        target = f" [{self.target}]" if self.target else ""
        return f"{self.method} {self.name}{target}"

    def statuses(self) -> tuple[int, ...]:
        if self.ok:
            return self.ok
        return (200,) if self.method == "GET" else (200, 201, 302, 400, 422)


def _public(*names: str, method: str = "GET", **kwargs: object) -> list[Row]:
    return [Row(name, method, everyone(), **kwargs) for name in names]  # type: ignore[arg-type]


RECEIPT_A, RECEIPT_B = "receipt A", "receipt B"
COMPLAINT = ("complaint text", "complaint contact", "complaint code")
PERSONAL = ("voter PIN", "candidate PIN", "complaint contact")  # on no public answer


def _filings(target: str, owner: str, receipt: str) -> list[Row]:
    """Every filing page of one fund, as its filer, the other filer and everyone else."""
    own = {"target": target, "secrets": (receipt,)}
    return [
        Row("filings:report", "GET", filer_of(owner), **own),
        Row("filings:report", "POST", filer_of(owner), body="period", **own),
        Row("filings:version", "GET", filer_of(owner), **own),
        Row("filings:version-scan", "GET", filer_of(owner, *STAFF), **own),
        Row("filings:draft", "GET", filer_of(owner), **own),
        Row("filings:draft-upload", "POST", filer_of(owner), **own),
        Row("filings:draft-period", "POST", filer_of(owner), body="period", **own),
        Row("filings:draft-file", "POST", filer_of(owner), **own),
        Row("filings:draft-discard", "POST", filer_of(owner), **own),
        Row("filings:row-add", "GET", filer_of(owner), **own),
        Row("filings:row-add", "POST", filer_of(owner), **own),
        Row("filings:row-edit", "GET", filer_of(owner), **own),
        Row("filings:row-edit", "POST", filer_of(owner), **own),
        Row("filings:row-delete", "POST", filer_of(owner), **own),
    ]


MATRIX: list[Row] = [
    # The public pages: everyone, and never a PIN or a complainant's contact.
    *_public(
        "disclosure:home",
        "disclosure:election",
        "disclosure:election-feed",
        "disclosure:party",
        "disclosure:party-programme",
        "disclosure:candidate",
        "disclosure:candidates",
        "disclosure:finance",
        "disclosure:finance-csv",
        "disclosure:findings",
        "disclosure:ads",
        "disclosure:draw",
        "disclosure:draw-protocol",
        "disclosure:donor",
        "disclosure:fund-finance",
        "disclosure:fund-feed",
        "disclosure:fund-embed",
        "disclosure:contributions",
        "disclosure:contribution",
        "disclosure:expenditures",
        "disclosure:expenditure",
        "disclosure:version",
        "disclosure:scan",
        "disclosure:scan-page",
        "disclosure:scan-pdf",
        "opendata:election-data",
        "voters:stations",
        "voters:abroad-statistics",
        "voters:lookup",
        "voters:abroad-request",
        "voters:request-find",
        "voters:request",
        "results:results",
        "results:precincts",
        "results:precinct",
        "results:forensics",
        "complaints:file",
        "complaints:find",
        "complaints:statistics",
        "accounts:login",
        secrets=PERSONAL,
        shows_to=(),
    ),
    # The tracking page: whoever holds the code (it is the credential), never the contact.
    Row("complaints:complaint", "GET", everyone(), secrets=("complaint contact",), shows_to=()),
    Row("complaints:complaint", "POST", everyone(), secrets=("complaint contact",), shows_to=()),
    *_public(
        "voters:lookup",
        "voters:abroad-request",
        "voters:request-find",
        "complaints:file",
        "complaints:find",
        "accounts:login",
        "accounts:logout",
        "set_language",
        method="POST",
        secrets=PERSONAL,
        shows_to=(),
    ),
    # The audit log's public page and API (its signed roots), the probes.
    *_public(
        "audit:log",
        "api-audit-key",
        "api-audit-roots",
        "healthz",
        secrets=PERSONAL,
        shows_to=(),
    ),
    Row("api-audit-proof", "GET", everyone(), ok=(200, 404)),  # 404 until its day is sealed
    Row("readyz", "GET", everyone(), ok=(200, 503)),  # 503: the database or queue is not
    # The metrics: the operators' scraper only (an allowed address or its bearer token),
    # which no principal here is: 404, as if there were none.
    Row("metrics", "GET", dict.fromkeys(PRINCIPALS, E404)),
    # The accounts: a signed-in user's own password.
    Row("accounts:password-change", "GET", signed_in()),
    Row("accounts:password-change", "POST", signed_in()),
    # The filers' pages: a fund's own filer, nobody else (404, as for no such fund).
    Row(
        "filings:home",
        "GET",
        signed_in(),
        secrets=(RECEIPT_A,),
        shows_to=(FILER_A,),
    ),
    *_filings("A", FILER_A, RECEIPT_A),
    *_filings("B", FILER_B, RECEIPT_B),
    # The commission's staff pages: auditors and administrators.
    *[
        Row(name, method, staff(), secrets=("voter PIN",) if "voterstaff" in name else ())
        for name, method in (
            ("staff:overview", "GET"),
            ("staff:statement-upload", "GET"),
            ("staff:statement-upload", "POST"),
            ("staff:statement-file", "GET"),
            ("staff:fund", "GET"),
            ("findings:queue", "GET"),
            ("findings:detail", "GET"),
            ("findings:detail", "POST"),
            ("findings:candidates", "GET"),
            ("findings:candidate", "GET"),
            ("findings:candidate", "POST"),
            ("voterstaff:register", "GET"),
            ("voterstaff:requests", "GET"),
            ("voterstaff:request", "GET"),
            ("voterstaff:request", "POST"),
            ("resultstaff:results", "GET"),
            ("resultstaff:results", "POST"),
        )
    ],
    Row("staff:fund", "GET", staff(), target="B", secrets=(RECEIPT_B,)),
    # The complaint handlers: their body's complaints; the commission: all.
    Row(
        "complaintstaff:queue",
        "GET",
        complaint_staff(owner_only=False),
        secrets=COMPLAINT,
        shows_to=(HANDLER_X, *STAFF),
    ),
    Row("complaintstaff:complaint", "GET", complaint_staff(owner_only=True), secrets=COMPLAINT),
    Row(
        "complaintstaff:complaint",
        "POST",
        complaint_staff(owner_only=True),
        body="take",
        secrets=COMPLAINT,
    ),
    Row("complaintstaff:file", "GET", complaint_staff(owner_only=True), secrets=COMPLAINT),
    # Django's admin site: staff past the second factor; everyone else to its login.
    Row("admin:index", "GET", page({ADMIN}, others=LOGIN)),
    # The API: public reads.
    *_public(
        "openapi",
        "api-docs",
        "api-elections",
        "api-election",
        "api-parties",
        "api-party",
        "api-candidates",
        "api-candidate",
        "api-funds",
        "api-reports",
        "api-findings",
        "api-donors",
        "api-contributions",
        "api-expenditures",
        "api-changes",
        "api-ads",
        "api-draw",
        "api-precincts",
        "api-results",
        "api-protocols",
        "api-complaint",
        secrets=PERSONAL,
        shows_to=(),
    ),
    # The public API writes read no session nor token: no CSRF to forge (nothing of the
    # caller is used), limited per address instead.
    Row("api-voter-lookup", "POST", everyone(), body="lookup", csrf=False, ok=(200,)),
    Row("api-complaints", "POST", everyone(), body="json", csrf=False, ok=(400,)),
    # The chat bot's webhook: only its secret, which no principal here holds.
    Row(
        "api-bot-voter-lookup",
        "POST",
        dict.fromkeys(PRINCIPALS, E403),
        body="bot",
        csrf=False,
    ),
    # A report by the API: the fund's filer, by session (with CSRF) or token.
    Row(
        "api-reports",
        "POST",
        api_write((FILER_A, T_FILER_A), filer_b=E404, token_filer_b=E404),
        target="A",
        body="report",
        ok=(422,),
    ),
    Row(
        "api-reports",
        "POST",
        api_write((FILER_B, T_FILER_B), filer_a=E404, token_filer_a=E404),
        target="B",
        body="report",
        ok=(422,),
    ),
    # A statement by the API: the bank holding the account, by session or token.
    Row(
        "api-bank-statements",
        "POST",
        api_write((BANK_1, T_BANK_1)),
        target="A",
        body="statement",
        ok=(200, 201),
        secrets=("statement account",),
    ),
    # A protocol: only its precinct's token.
    Row(
        "api-protocols",
        "POST",
        precinct(PRECINCT_P),
        body="protocol",
        csrf=False,
        ok=(200, 201),
    ),
]

# Named patterns that are not rows, each with why.
NOT_IN_MATRIX: dict[str, str] = {
    "opendata:snapshot-file": (
        "a public file of a published snapshot, looked up by name in its SHA256SUMS, never "
        "joined to a path (opendata/tests/test_pages.py tries ../ and absolute paths)"
    ),
}
ADMIN_PREFIX = "admin:"  # Django's admin site: its index is the row; the rest is Django's


def rows_by_id() -> dict[str, Row]:
    found: dict[str, Row] = {}
    for row in MATRIX:
        assert row.id not in found, f"two rows for {row.id}"
        found[row.id] = row
    return found


@dataclass
class Tally:
    """What the run found, for the summary line."""

    cases: int = 0
    mismatches: list[str] = field(default_factory=list)
    expected_failures: int = 0

    def line(self) -> str:
        return (
            f"authorization matrix: {len(MATRIX)} rows, {self.cases} cases, "
            f"{len(self.mismatches)} mismatches, {self.expected_failures} known (xfail)"
        )


Check = Callable[[str], None]

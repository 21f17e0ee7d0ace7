"""Reading an election folder (formats.md sections 1, 2 and 5) into checked plain data.

Everything is read and checked before anything is written: a bad value anywhere stops the
load with an InputError naming file, line, column and reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from talapker.core import csvfiles as c
from talapker.core import exactjson
from talapker.core.errors import InputError
from talapker.core.formats import COLUMNS
from talapker.core.identifiers import is_pin
from talapker.elections.parameters import RulesError, validate_rules
from talapker.elections.pdftext import pdf_text

ELECTION_KINDS = ("parliamentary", "presidential", "local", "referendum")
LANGUAGES = ("ky", "ru", "en")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
PROGRAMME_MAX_BYTES = 20 * 1024 * 1024
PARTY_COLUMNS = COLUMNS["parties"]
CANDIDATE_COLUMNS = COLUMNS["candidates"]
ACCOUNT_COLUMNS = COLUMNS["accounts"]


@dataclass
class PartyRow:
    code: str
    name_ky: str
    name_ru: str
    name_en: str
    registration_no: str
    leader: str
    founded: dt.date | None
    website: str


@dataclass
class CandidateRow:
    party_code: str
    position: int
    pin: str
    surname: str
    name: str
    patronymic: str
    birth_date: dt.date
    sex: str
    region: str


@dataclass
class AccountRow:
    fund: str
    bank: str
    number: str
    opened_on: dt.date


@dataclass
class Programme:
    party_code: str
    content: bytes
    sha256: str
    text: str


@dataclass
class ElectionFolder:
    election: dict[str, Any]
    parties: list[PartyRow] = field(default_factory=list)
    candidates: list[CandidateRow] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)


def _line_of(text: str, key: str) -> int | None:
    """The first line of a JSON/YAML text that names a key (for error messages)."""
    pattern = re.compile(rf'(^|[\s{{,])"?{re.escape(key)}"?\s*:')
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return None


def _definition_file(directory: Path) -> Path:
    for name in ("election.json", "election.yaml", "election.yml"):
        if (directory / name).is_file():
            return directory / name
    raise InputError(directory / "election.json", "the folder has no election.json (or .yaml)")


class _ExactYamlLoader(yaml.SafeLoader):
    """YAML's safe loader with its floats read as exact decimals, as JSON numbers are, and
    without aliases: an election definition has no use for them, and they make a document
    that holds itself (`a: &a [*a]`), which no walk of it ends, or that grows exponentially
    as it is read (nested aliases of aliases, YAML's "billion laughs")."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            alias = self.peek_event()
            raise yaml.composer.ComposerError(
                problem=_("an alias (*%(name)s) is not accepted; write the value itself")
                % {"name": alias.anchor},
                problem_mark=alias.start_mark,
            )
        node: yaml.Node | None = super().compose_node(parent, index)
        return node


def _exact_yaml_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    special = text.lower().lstrip("+-")
    if special == ".nan":
        return Decimal("NaN")  # refused where a number is expected
    if special == ".inf":
        return Decimal("-Infinity" if text.startswith("-") else "Infinity")
    try:
        return Decimal(text)
    except InvalidOperation:  # a sexagesimal 1:30.5: YAML's own reading of it
        return loader.construct_yaml_float(node)


_ExactYamlLoader.add_constructor("tag:yaml.org,2002:float", _exact_yaml_float)


def _parsed(path: Path, text: str) -> Any:
    """election.json or .yaml parsed, numbers as exact decimals, strings checked to be text."""
    try:
        if path.suffix == ".json":
            data = exactjson.loads(text)
        else:
            data = yaml.load(text, Loader=_ExactYamlLoader)  # noqa: S506 (a SafeLoader)
    except json.JSONDecodeError as err:
        raise InputError(
            path, f"not valid JSON: {err.msg} (character {err.colno})", line=err.lineno
        ) from None
    except ValueError as err:  # NaN, Infinity, an integer of thousands of digits
        raise InputError(path, f"not valid JSON: {err}") from None
    except RecursionError:
        raise InputError(path, "the definition is nested too deeply") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError(
            path,
            f"not valid YAML: {getattr(err, 'problem', err)}",
            line=mark.line + 1 if mark else None,
        ) from None
    for where, codepoint in exactjson.surrogates(data):
        key = next((step for step in reversed(where) if isinstance(step, str)), None)
        raise InputError(
            path,
            str(exactjson.LONE_SURROGATE) % {"codepoint": f"{codepoint:04X}"},
            line=_line_of(text, exactjson.escaped(key)) if key else None,
            column=exactjson.dotted(where) or None,
        )
    return data


def read_election(path: Path) -> dict[str, Any]:
    """Parse and check election.json or election.yaml; rules get their defaults."""
    text = c.decode_utf8(path, path.read_bytes())
    data = _parsed(path, text)
    if not isinstance(data, dict):
        raise InputError(path, "the election definition must be an object", line=1)

    def fail(key: str, reason: str, column: str | None = None) -> InputError:
        return InputError(path, reason, line=_line_of(text, key), column=column or key)

    for key in ("code", "kind", "name", "campaign_start", "election_day"):
        if key not in data:
            raise InputError(path, "required field is missing", line=1, column=key)
    code = data["code"]
    if not isinstance(code, str) or not SLUG.match(code):
        raise fail("code", f"{code!r} is not a code of lower-case letters, digits and '-'")
    if data["kind"] not in ELECTION_KINDS:
        raise fail("kind", f"{data['kind']!r} is not one of {', '.join(ELECTION_KINDS)}")
    name = data["name"]
    if not isinstance(name, dict):
        raise fail("name", "name must be an object with ky, ru and en")
    for lang in LANGUAGES:
        if not isinstance(name.get(lang), str) or not name[lang].strip():
            raise fail("name", f"the name in '{lang}' is missing", column=f"name.{lang}")
    dates = {}
    for key in ("campaign_start", "election_day"):
        try:
            dates[key] = c.parse_date(str(data[key]))
        except ValueError as err:
            raise fail(key, str(err)) from None
    if dates["campaign_start"] > dates["election_day"]:
        raise fail("campaign_start", "the campaign starts after election day")
    try:
        rules = validate_rules(data.get("rules") or {})
    except RulesError as err:
        raise fail(err.key, str(err).split(": ", 1)[1], column=f"rules.{err.key}") from None
    return {
        "code": code,
        "kind": data["kind"],
        "name_ky": name["ky"].strip(),
        "name_ru": name["ru"].strip(),
        "name_en": name["en"].strip(),
        **dates,
        "rules": rules,
    }


def _text(path: Path, line: int, column: str, value: str, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise InputError(path, "a value is required", line=line, column=column)
    return value


def read_parties(path: Path) -> list[PartyRow]:
    url = URLValidator(schemes=["http", "https"])
    parties: list[PartyRow] = []
    seen: dict[str, int] = {}
    for line, row in c.read_rows(path, PARTY_COLUMNS):
        code = row["code"].strip()
        if not SLUG.match(code):
            raise InputError(
                path,
                f"{code!r} is not a code of lower-case letters, digits and '-'",
                line=line,
                column="code",
            )
        if code in seen:
            raise InputError(
                path,
                f"party {code!r} appears twice (first on line {seen[code]})",
                line=line,
                column="code",
            )
        seen[code] = line
        website = row["website"].strip()
        if website:
            try:
                url(website)
            except ValidationError:
                raise InputError(
                    path, f"{website!r} is not a web address", line=line, column="website"
                ) from None
        parties.append(
            PartyRow(
                code=code,
                name_ky=_text(path, line, "name_ky", row["name_ky"]),
                name_ru=_text(path, line, "name_ru", row["name_ru"]),
                name_en=_text(path, line, "name_en", row["name_en"]),
                registration_no=_text(path, line, "registration_no", row["registration_no"]),
                leader=_text(path, line, "leader", row["leader"]),
                founded=c.field(path, line, "founded", c.parse_optional_date, row["founded"]),
                website=website,
            )
        )
    if not parties:
        raise InputError(path, "the file lists no party", line=1)
    return parties


def _sex(value: str) -> str:
    if value not in ("M", "F"):
        raise ValueError(f"{value!r} is not M or F")
    return value


def _filed_pin(value: str) -> str:
    """The PIN as the party filed it: a malformed one is screened (CANDIDATE_PIN_UNKNOWN), not
    refused, as a donor's is; only text too long to be any identifier is refused."""
    value = value.strip()
    if len(value) > 32:
        raise ValueError(f"{len(value)} characters: not a PIN (14 digits)")
    return value


def read_candidates(path: Path, party_codes: set[str]) -> list[CandidateRow]:
    candidates: list[CandidateRow] = []
    positions: dict[tuple[str, int], int] = {}
    pins: dict[tuple[str, str], int] = {}
    for line, row in c.read_rows(path, CANDIDATE_COLUMNS):
        party_code = row["party_code"].strip()
        if party_code not in party_codes:
            raise InputError(
                path,
                f"unknown party code {party_code!r} (not in parties.csv)",
                line=line,
                column="party_code",
            )
        position = c.field(path, line, "position", c.parse_positive_int, row["position"])
        if (party_code, position) in positions:
            raise InputError(
                path,
                f"position {position} of {party_code!r} appears twice "
                f"(first on line {positions[party_code, position]})",
                line=line,
                column="position",
            )
        positions[party_code, position] = line
        pin = c.field(path, line, "pin", _filed_pin, row["pin"])
        # Parties submit their lists separately, so two lists may name one person: both load,
        # and screening finds CANDIDATE_ON_TWO_LISTS on each. One list naming a person twice
        # is the party's own file contradicting itself.
        if is_pin(pin) and (party_code, pin) in pins:
            raise InputError(
                path,
                f"this PIN already stands on line {pins[party_code, pin]} of the same list: "
                "a person may stand only once on a list",
                line=line,
                column="pin",
            )
        pins[party_code, pin] = line
        candidates.append(
            CandidateRow(
                party_code=party_code,
                position=position,
                pin=pin,
                surname=_text(path, line, "surname", row["surname"]),
                name=_text(path, line, "name", row["name"]),
                patronymic=_text(path, line, "patronymic", row["patronymic"], required=False),
                birth_date=c.field(path, line, "birth_date", c.parse_date, row["birth_date"]),
                sex=c.field(path, line, "sex", _sex, row["sex"]),
                region=_text(path, line, "region", row["region"], required=False),
            )
        )
    return candidates


def read_accounts(path: Path, fund_codes: set[str]) -> list[AccountRow]:
    accounts: list[AccountRow] = []
    numbers: dict[str, int] = {}
    for line, row in c.read_rows(path, ACCOUNT_COLUMNS):
        fund = row["fund"].strip()
        if fund not in fund_codes:
            raise InputError(
                path,
                f"unknown fund {fund!r}: not a party code or a candidate's PIN of this election",
                line=line,
                column="fund",
            )
        number = _text(path, line, "account", row["account"])
        if number in numbers:
            raise InputError(
                path,
                f"account {number} appears twice (first on line {numbers[number]})",
                line=line,
                column="account",
            )
        numbers[number] = line
        accounts.append(
            AccountRow(
                fund=fund,
                bank=_text(path, line, "bank", row["bank"]),
                number=number,
                opened_on=c.field(path, line, "opened_on", c.parse_date, row["opened_on"]),
            )
        )
    return accounts


def read_programme(path: Path) -> Programme:
    """A programme PDF: checked to be a PDF within the size cap, with its text extracted."""
    size = path.stat().st_size
    if size > PROGRAMME_MAX_BYTES:
        raise InputError(
            path, f"the programme is {size} bytes; at most {PROGRAMME_MAX_BYTES} are accepted"
        )
    content = path.read_bytes()
    if not content.startswith(b"%PDF-"):
        raise InputError(path, "the programme is not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(content))
        pages = [page.extract_text() or "" for page in reader.pages]
    except PyPdfError as err:
        raise InputError(path, f"the PDF cannot be read: {err}") from None
    except Exception:  # pypdf's other errors on a damaged file have no common base
        raise InputError(
            path,
            _(
                "the PDF cannot be read: it is damaged, or uses a feature of PDF the platform "
                "does not read"
            ),
        ) from None
    return Programme(
        party_code=path.stem,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        text=pdf_text(pages),
    )


def read_folder(directory: Path) -> ElectionFolder:
    """Read and check a whole election folder; nothing is written."""
    if not directory.is_dir():
        raise InputError(directory, "is not a folder")
    folder = ElectionFolder(election=read_election(_definition_file(directory)))
    parties_file = directory / "parties.csv"
    if not parties_file.is_file():
        raise InputError(parties_file, "the folder has no parties.csv")
    folder.parties = read_parties(parties_file)
    codes = {p.code for p in folder.parties}
    if (directory / "candidates.csv").is_file():
        folder.candidates = read_candidates(directory / "candidates.csv", codes)
    if (directory / "accounts.csv").is_file():
        folder.accounts = read_accounts(
            directory / "accounts.csv", codes | {c.pin for c in folder.candidates if is_pin(c.pin)}
        )
    programmes = directory / "programmes"
    if programmes.is_dir():
        for path in sorted(programmes.iterdir()):
            if path.suffix.lower() != ".pdf":
                continue
            if path.stem not in codes:
                raise InputError(path, f"programme for unknown party {path.stem!r}")
            folder.programmes.append(read_programme(path))
    return folder

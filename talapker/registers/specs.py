"""The register formats, declared once each (formats.md, section 3).

A `RegisterSpec` says, for one KIND of `talapker import-register KIND FILE`: which columns
the file must have and how each is parsed, which table receives the rows, what is computed
on import (name keys, the PIN check, citizenship facts) and which column is unique within a
snapshot. The importer (`reader`, `bulk`, `services`) is the same for every kind; adding a
register is one more declaration here, plus its model and a section in docs/registers.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import compress
from operator import add, eq, itemgetter, not_
from typing import Any, cast

from django.db import models

from talapker.core.identifiers import SEX_BY_DIGIT, pin_consistent
from talapker.core.names import entity_name_key, name_key
from talapker.registers import parsers
from talapker.registers.models import (
    Conviction,
    Creditor,
    Diploma,
    DiplomaLevel,
    Founder,
    FounderKind,
    LanguageCertificate,
    LegalEntity,
    LegalForm,
    Person,
    RegisterKind,
    Sex,
    TaxDebtor,
)

# Computes the derived columns of a batch from its parsed columns (in the spec's order).
Derive = Callable[[list[Sequence[Any]]], list[Sequence[Any]]]


@dataclass(frozen=True)
class Column:
    """A required column of the file, stored in the model field of the same name."""

    name: str
    make_parser: Callable[[], parsers.ColumnParser]


@dataclass(frozen=True)
class RegisterSpec:
    kind: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    derived: tuple[str, ...] = ()
    make_derive: Callable[[], Derive] | None = None
    unique: str | None = None  # a column whose values may not repeat within one file
    fields: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(c.name for c in self.columns) + self.derived)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


REGISTERS: dict[str, RegisterSpec] = {}


def register(spec: RegisterSpec) -> RegisterSpec:
    REGISTERS[str(spec.kind)] = spec
    return spec


def register_spec(kind: str) -> RegisterSpec:
    """The declared format of a register kind; KeyError names the known kinds."""
    try:
        return REGISTERS[kind]
    except KeyError:
        raise KeyError(f"unknown register {kind!r} (one of: {', '.join(REGISTERS)})") from None


def _field(model: type[models.Model], name: str) -> models.Field:
    return cast(models.Field, model._meta.get_field(name))


def _text(model: type[models.Model], name: str) -> Column:
    """A text column whose length limit and emptiness come from the model field."""
    model_field = _field(model, name)
    return Column(name, partial(parsers.text, _limit(model, name), required=not model_field.blank))


def _limit(model: type[models.Model], name: str) -> int:
    return int(_field(model, name).max_length or 0)


def _cut(keys: list[str], limit: int) -> list[str]:
    """Name keys cut to the column's length (only ever needed for absurdly long names)."""
    if keys and max(map(len, keys)) > limit:
        return [key[:limit] for key in keys]
    return keys


def _keyed(function: Callable[[str], str]) -> Callable[[Sequence[str]], list[str]]:
    """`function` mapped over a column, computed once per distinct value of the import."""
    known: dict[str, str] = {}

    def keys(values: Sequence[str]) -> list[str]:
        for value in set(values).difference(known):
            known[value] = function(value)
        return list(map(known.__getitem__, values))

    return keys


SEX_DIGIT = {sex: digit for digit, sex in SEX_BY_DIGIT.items()}


PIN_PREFIX = itemgetter(slice(0, 9))  # sex digit and DDMMYYYY


def _pin_checker() -> Callable[[Sequence[str], Sequence[str], Sequence[str]], list[bool]]:
    """core.identifiers.pin_consistent over columns: a PIN that starts with exactly the
    sex digit and DDMMYYYY of its row agrees; the rare others are asked one by one."""
    ddmmyyyy = _keyed(lambda born: born[8:10] + born[5:7] + born[:4])

    def check(pins: Sequence[str], births: Sequence[str], sexes: Sequence[str]) -> list[bool]:
        expected = map(add, map(SEX_DIGIT.__getitem__, sexes), ddmmyyyy(births))
        agree = list(map(eq, map(PIN_PREFIX, pins), expected))
        for i in compress(range(len(agree)), map(not_, agree)):
            agree[i] = pin_consistent(pins[i], births[i], sexes[i])
        return agree

    return check


def _person_derive() -> Derive:
    """name_key, pin_consistent, holds_kgz, citizenship_count of population rows."""
    limit = _limit(Person, "name_key")
    # Each part's key with a trailing space (none if empty), so keys join at C speed.
    part_key = _keyed(lambda part: f"{k} " if (k := name_key(part)) else "")
    facts = _keyed(parsers.citizenship_facts)  # type: ignore[arg-type]
    pins_consistent = _pin_checker()

    def derive(columns: list[Sequence[Any]]) -> list[Sequence[Any]]:
        pins, surnames, names, patronymics, births, sexes, citizenships = columns[:7]
        parts = zip(part_key(surnames), part_key(names), part_key(patronymics), strict=True)
        keys = _cut(list(map(str.rstrip, map("".join, parts))), limit)
        holds_kgz, counts = zip(*facts(citizenships), strict=True)
        return [keys, pins_consistent(pins, births, sexes), holds_kgz, counts]

    return derive


def _entity_derive() -> Derive:
    """The name key of legal entities (their name without the legal form)."""
    limit = _limit(LegalEntity, "name_key")
    keys = _keyed(entity_name_key)
    return lambda columns: [_cut(keys(columns[1]), limit)]


def _founder_derive() -> Derive:
    """A founder's name key: as a person's name, or as an entity's (without legal form)."""
    limit = _limit(Founder, "name_key")
    person_keys, other_keys = _keyed(name_key), _keyed(entity_name_key)

    def derive(columns: list[Sequence[Any]]) -> list[Sequence[Any]]:
        kinds, names = columns[1], columns[3]
        as_person, as_other = person_keys(names), other_keys(names)
        keys = [
            p if kind == FounderKind.PERSON else o
            for kind, p, o in zip(kinds, as_person, as_other, strict=True)
        ]
        return [_cut(keys, limit)]

    return derive


POPULATION = register(
    RegisterSpec(
        kind=RegisterKind.POPULATION,
        model=Person,
        columns=(
            Column("pin", parsers.pin),
            _text(Person, "surname"),
            _text(Person, "name"),
            _text(Person, "patronymic"),
            Column("birth_date", parsers.date),
            Column("sex", partial(parsers.choice, Sex.values, what="sex")),
            Column("citizenship", parsers.citizenship),
            Column("death_date", partial(parsers.date, required=False)),
            Column("biometric", parsers.flag),
            Column("residence_since", partial(parsers.date, required=False)),
            _text(Person, "region"),
            _text(Person, "precinct"),
        ),
        derived=("name_key", "pin_consistent", "holds_kgz", "citizenship_count"),
        make_derive=_person_derive,
        unique="pin",
    )
)

LEGAL_ENTITIES = register(
    RegisterSpec(
        kind=RegisterKind.LEGAL_ENTITIES,
        model=LegalEntity,
        columns=(
            Column("inn", parsers.inn),
            _text(LegalEntity, "name"),
            Column("legal_form", partial(parsers.choice, LegalForm.values, what="legal form")),
            Column("country", parsers.country),
            Column("registration_date", parsers.date),
            Column("liquidation_date", partial(parsers.date, required=False)),
            Column("state_share", parsers.percent),
        ),
        derived=("name_key",),
        make_derive=_entity_derive,
        unique="inn",
    )
)

FOUNDERS = register(
    RegisterSpec(
        kind=RegisterKind.FOUNDERS,
        model=Founder,
        columns=(
            Column("entity_inn", parsers.inn),
            Column(
                "founder_kind", partial(parsers.choice, FounderKind.values, what="founder kind")
            ),
            _text(Founder, "founder_id"),
            _text(Founder, "founder_name"),
            Column("country", partial(parsers.country, required=False)),
            Column("share", parsers.percent),
        ),
        derived=("name_key",),
        make_derive=_founder_derive,
    )
)

TAX_DEBTORS = register(
    RegisterSpec(
        kind=RegisterKind.TAX_DEBTORS,
        model=TaxDebtor,
        columns=(
            Column("inn", parsers.inn),
            Column("debt_kgs", parsers.money),
            Column("creditor", partial(parsers.choice, Creditor.values, what="creditor")),
            Column("as_of", parsers.date),
        ),
    )
)

CONVICTIONS = register(
    RegisterSpec(
        kind=RegisterKind.CONVICTIONS,
        model=Conviction,
        columns=(
            Column("pin", parsers.pin),
            _text(Conviction, "article"),
            Column("conviction_date", parsers.date),
            Column("expunged", parsers.flag),
        ),
    )
)

LANGUAGE_CERTIFICATES = register(
    RegisterSpec(
        kind=RegisterKind.LANGUAGE_CERTIFICATES,
        model=LanguageCertificate,
        columns=(
            Column("pin", parsers.pin),
            _text(LanguageCertificate, "certificate_no"),
            _text(LanguageCertificate, "level"),
            Column("issued", parsers.date),
        ),
    )
)

DIPLOMAS = register(
    RegisterSpec(
        kind=RegisterKind.DIPLOMAS,
        model=Diploma,
        columns=(
            Column("pin", parsers.pin),
            Column("level", partial(parsers.choice, DiplomaLevel.values, what="diploma level")),
            Column("issued", parsers.date),
        ),
    )
)

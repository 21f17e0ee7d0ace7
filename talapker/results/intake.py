"""Receiving a protocol, whoever sends it (the precinct by the API, staff by upload, an
operator by `talapker import-protocols`): one transaction stores it, moves the tally by the
difference it makes, rewrites the precinct's flags and its group's outliers, and records it
in the audit log.

- A protocol already received (the digest of its content equals a version of its count at
  the precinct) changes nothing and answers with that version's receipt, so a folder
  imported again, re-sent versions and all, adds nothing; so does a retry carrying an
  `Idempotency-Key` already used for the same content (another content under a used key is
  refused). Going back to an earlier version's numbers takes a new protocol, not the old one
  sent again.
- A different protocol is a new version: it replaces the previous one of its count, which
  stays visible. A manual count is kept beside the machine count, and it is the one that
  counts (a recount by hand corrects the machine); both are compared
  (`PROTOCOL_MACHINE_MANUAL_DIFFER`).
- Once the commission has approved the results, protocols are refused: the approved
  numbers are the ones published.
Arrivals for one group of precincts (a district, or all stations abroad) take turns on a
transaction-scoped advisory lock on PostgreSQL (SQLite has one writer at a time anyway): the
outliers of a group are computed from a view no other arrival is changing.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.candidates.models import Candidate
from talapker.core.errors import InputError
from talapker.core.turns import sqlite_turn
from talapker.elections.models import Election
from talapker.parties.models import Party
from talapker.results import checks, forensics, tally
from talapker.results.models import Approval, Count, PrecinctFlag, Protocol, ProtocolKey
from talapker.results.reading import ProtocolData, read_protocol
from talapker.voters.models import Precinct

LOCK_BASE = 7_402_200  # advisory lock keys of the groups: this plus a CRC of the group


class Stations(Collection[str]):
    """The known polling stations, looked up one at a time."""

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and Precinct.objects.filter(code=code).exists()

    def __iter__(self) -> Any:
        return iter(Precinct.objects.values_list("code", flat=True))

    def __len__(self) -> int:
        return Precinct.objects.count()


@dataclass
class ElectionBallot:
    election: Election
    precincts: Collection[str] = field(default_factory=Stations)

    @cached_property
    def parties(self) -> list[str]:
        return list(Party.objects.filter(election=self.election).values_list("code", flat=True))

    @cached_property
    def places(self) -> dict[str, set[int]]:
        held: dict[str, set[int]] = {}
        rows = Candidate.objects.filter(party__election=self.election)
        for party, place in rows.values_list("party__code", "position"):
            held.setdefault(party, set()).add(place)
        return held


@dataclass(frozen=True)
class Receipt:
    protocol: Protocol
    created: bool
    flags: list[checks.Flag]

    def summary(self) -> dict[str, Any]:
        p = self.protocol
        return {
            "precinct": p.precinct,
            "count": p.count,
            "version": p.version,
            "effective": p.effective,
            "received_at": p.received_at.isoformat(),
            "sha256": p.sha256,
            "created": self.created,
            "flags": [
                {"rule": f.rule, "severity": f.severity, "evidence": f.evidence} for f in self.flags
            ],
        }


def as_data(protocol: Protocol) -> ProtocolData:
    return ProtocolData(
        precinct=protocol.precinct,
        count=protocol.count,
        numbers={key: getattr(protocol, key) for key in tally.NUMBERS},
        votes=dict(protocol.votes),
        preferences={p: dict(v) for p, v in protocol.preferences.items()},
    )


def read(election: Election, name: str, value: Any) -> ProtocolData:
    return read_protocol(name, value, ElectionBallot(election))


def _lock_group(election: Election, group: str) -> None:
    if connection.vendor == "postgresql":
        key = LOCK_BASE + zlib.crc32(f"{election.pk}:{group}".encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def refresh_groups(election: Election, precincts: Iterable[str]) -> None:
    """Recompute the outliers of the groups of these stations, each group once, each in a
    transaction of its own under the group's lock (as an arrival does)."""
    groups: dict[str, Precinct] = {}
    for station in Precinct.objects.filter(code__in=set(precincts)).order_by("code"):
        groups.setdefault(forensics.group_of(station), station)
    for group, station in sorted(groups.items()):
        with sqlite_turn("protocols"), transaction.atomic():
            _lock_group(election, group)
            forensics.refresh_group(election, station)


def receive(
    election: Election,
    data: ProtocolData,
    *,
    channel: str,
    sender: str,
    idempotency_key: str = "",
    name: str = "protocol",
    refresh: bool = True,
) -> Receipt:
    """Store one protocol (already read and checked against the ballot). `refresh=False`
    leaves its group's outliers to the caller (`refresh_groups`, once a batch is in)."""
    station = Precinct.objects.get(code=data.precinct)  # read_protocol checked it exists
    digest = data.sha256
    with sqlite_turn("protocols"), transaction.atomic():
        _lock_group(election, forensics.group_of(station))
        if Approval.objects.filter(election=election).exists():
            raise InputError(
                name, _("the commission has approved the results: no more protocols are accepted")
            )
        if idempotency_key:
            used = (
                ProtocolKey.objects.filter(
                    election=election, precinct=data.precinct, key=idempotency_key
                )
                .select_related("protocol")
                .first()
            )
            if used is not None:
                if used.request_sha256 != digest:
                    raise InputError(
                        name, _("this Idempotency-Key was already used for another protocol")
                    )
                return Receipt(used.protocol, False, checks.control_flags(data))
        # Every version the precinct has (a few at most), read once.
        mine = list(
            Protocol.objects.filter(election=election, precinct=data.precinct).order_by("version")
        )
        same = [p for p in mine if p.count == data.count]
        known = next((p for p in reversed(same) if p.sha256 == digest), None)
        if known is not None:
            _remember(election, data.precinct, idempotency_key, digest, known)
            return Receipt(known, False, checks.control_flags(data))
        latest = same[-1] if same else None
        before = next((p for p in mine if p.effective), None)
        counts = data.count == Count.MANUAL or all(p.count != Count.MANUAL for p in mine)
        if counts and before is not None:
            Protocol.objects.filter(pk=before.pk).update(effective=False)
            before.effective = False
        protocol = Protocol.objects.create(
            election=election,
            precinct=data.precinct,
            count=data.count,
            version=(latest.version + 1) if latest else 1,
            effective=counts,
            received_at=timezone.now(),
            channel=channel,
            sender=sender[:150],
            sha256=digest,
            votes=data.votes,
            preferences=data.preferences,
            **data.numbers,
        )
        if counts and refresh:
            forensics.refresh_group(election, station)
        _flag_precinct(election, data.precinct, [*mine, protocol])
        _remember(election, data.precinct, idempotency_key, digest, protocol)
        found = checks.control_flags(data)
        if counts:
            # Last but the audit record: on PostgreSQL the national rows are every arrival's,
            # and an arrival holds them from here to its commit, so the part that must take
            # turns across the country is only this and the audit record.
            tally.move(election.pk, station, before, protocol)
        audit_record(
            "protocol.receive",
            actor=sender,
            object_type="protocol",
            object_id=f"{election.code}/{data.precinct}/{data.count}/{protocol.version}",
            data={
                "sha256": digest,
                "channel": channel,
                "effective": counts,
                "flags": [f.rule for f in found],
            },
        )
    return Receipt(protocol, True, found)


def _remember(election: Election, precinct: str, key: str, digest: str, protocol: Protocol) -> None:
    if key:
        ProtocolKey.objects.get_or_create(
            election=election,
            precinct=precinct,
            key=key[:200],
            defaults={"request_sha256": digest, "protocol": protocol},
        )


def _flag_precinct(election: Election, precinct: str, versions: list[Protocol]) -> None:
    """Rewrite the precinct's flags of the control relations (of its effective protocol)
    and of its machine and manual counts differing. `versions`: all of its protocols, in
    the order received."""
    latest = {p.count: p for p in versions}
    effective = next(p for p in versions if p.effective)
    found = checks.control_flags(as_data(effective))
    differ = checks.differ_flag(
        as_data(latest[Count.MACHINE]) if Count.MACHINE in latest else None,
        as_data(latest[Count.MANUAL]) if Count.MANUAL in latest else None,
    )
    if differ is not None:
        found.append(differ)
    mine = PrecinctFlag.objects.filter(election=election, precinct=precinct).exclude(
        rule=checks.TURNOUT_OUTLIER
    )
    held = {f.rule: f for f in mine}
    wanted = {f.rule: f for f in found}
    gone = [f.pk for rule, f in held.items() if rule not in wanted]
    if gone:
        PrecinctFlag.objects.filter(pk__in=gone).delete()
    now = timezone.now()
    for rule, flag in wanted.items():
        old = held.get(rule)
        if old is None:
            PrecinctFlag.objects.create(
                election=election,
                precinct=precinct,
                rule=rule,
                severity=flag.severity,
                evidence=flag.evidence,
                raised_at=now,
            )
        elif old.evidence != flag.evidence:
            old.evidence = flag.evidence
            old.save(update_fields=["evidence"])

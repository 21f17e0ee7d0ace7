"""Importing protocols from files (`talapker import-protocols`, the staff upload): a JSON
file holds one protocol or a list of them; a folder, its `*.json` files in name order (the
order of arrival: `1001.json` before `1001.resent.json`).

Every protocol is read and checked first; one that cannot be a protocol refuses the whole
import, naming its file (and, in a list, its place) and the field. Then each is received as
if it had arrived alone (`intake.receive`, one transaction each), but for the outliers of
its group, recomputed once per group at the end (`intake.refresh_groups`): an import cut
short is completed by running it again, since a protocol already received changes nothing
and every group the import names is refreshed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from talapker.core.errors import InputError
from talapker.elections.models import Election
from talapker.results import intake
from talapker.results.models import Channel
from talapker.results.reading import ProtocolData, parse_json, read_protocol


@dataclass
class Imported:
    received: int = 0
    unchanged: int = 0
    flagged: dict[str, int] = field(default_factory=dict)


def read_files(election: Election, named: list[tuple[str, bytes]]) -> list[ProtocolData]:
    """Every protocol of these files, checked; the first that is not one is an error."""
    ballot = intake.ElectionBallot(election)
    read: list[ProtocolData] = []
    for name, data in named:
        value = parse_json(name, data)
        items = value if isinstance(value, list) else [value]
        for n, item in enumerate(items, start=1):
            where = f"{name} [{n}]" if isinstance(value, list) else name
            read.append(read_protocol(where, item, ballot))
    return read


def files_at(path: Path) -> list[tuple[str, bytes]]:
    if path.is_dir():
        found = sorted(path.glob("*.json"))
        if not found:
            raise InputError(path.name, _("the folder holds no protocol (*.json)"))
        return [(f.name, f.read_bytes()) for f in found]
    return [(path.name, path.read_bytes())]


def import_protocols(
    election: Election, named: list[tuple[str, bytes]], *, channel: str = Channel.FILE, actor: str
) -> Imported:
    result = Imported()
    read = read_files(election, named)
    for data in read:
        receipt = intake.receive(election, data, channel=channel, sender=actor, refresh=False)
        if receipt.created:
            result.received += 1
        else:
            result.unchanged += 1
        for flag in receipt.flags:
            result.flagged[flag.rule] = result.flagged.get(flag.rule, 0) + 1
    # The outliers of each group once, when its protocols are in, not once an arrival (it
    # read the whole group each time: half the time of a thousand protocols). The groups of
    # protocols already held are refreshed too, so an import stopped midway and run again
    # leaves no group unrefreshed.
    intake.refresh_groups(election, (data.precinct for data in read))
    return result

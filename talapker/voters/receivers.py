"""How the voter register follows what the registers and the elections app announce
(decision 0009): a new population snapshot or a loaded election rebuilds it after commit."""

from __future__ import annotations

from typing import Any

from talapker.elections.models import Election
from talapker.registers.models import RegisterKind
from talapker.voters.tasks import build_on_commit, elections_to_keep_current


def build_after_snapshot(sender: Any, *, kind: str, actor: str, **kwargs: Any) -> None:
    if kind != RegisterKind.POPULATION:
        return
    for election in elections_to_keep_current():
        build_on_commit(election, f"population snapshot ({actor or 'import'})")


def build_after_load(sender: Any, *, election: Election, actor: str, **kwargs: Any) -> None:
    build_on_commit(election, f"election loaded ({actor})")

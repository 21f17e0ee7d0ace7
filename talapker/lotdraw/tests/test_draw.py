"""Commit, then draw once: the protocol holds, the order is fixed, every step is logged."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from talapker.audit.models import AuditEvent
from talapker.audit.services import audit_verify
from talapker.lotdraw import algorithm
from talapker.lotdraw.models import BallotDraw
from talapker.lotdraw.services import DrawRefused, commit, draw, verify
from talapker.lotdraw.tests.conftest import WITNESSES

pytestmark = pytest.mark.django_db


def test_commit_then_draw_gives_a_protocol_that_holds(election) -> None:
    made = commit(election, "commission")
    assert made.commitment == algorithm.commitment_of(made.secret)
    assert len(made.secret) == 64 and not made.drawn

    drawn = draw(election, WITNESSES, "commission")
    protocol = drawn.protocol
    assert verify(protocol) is None
    assert protocol["parties"] == ["ata-jurt", "ishenim", "yntymak"]
    assert protocol["witnesses"] == WITNESSES
    assert protocol["commitment"] == made.commitment and protocol["secret"] == made.secret
    assert protocol["algorithm"] == {"name": "fisher-yates-sha256", "version": 1}
    assert sorted(protocol["order"]) == protocol["parties"]
    assert drawn.committed_at.tzinfo is not None and drawn.drawn_at.tzinfo is not None


def test_the_draw_fixes_the_ballot_positions_in_the_drawn_order(drawn, election) -> None:
    positions = dict(election.parties.values_list("code", "ballot_position"))
    assert [code for code, _ in sorted(positions.items(), key=lambda kv: kv[1])] == drawn.order
    assert sorted(positions.values()) == [1, 2, 3]


def test_a_second_commitment_is_refused(election) -> None:
    first = commit(election, "commission")
    with pytest.raises(DrawRefused, match="already committed"):
        commit(election, "commission")
    assert BallotDraw.objects.get().commitment == first.commitment


def test_a_commitment_after_the_draw_is_refused(drawn, election) -> None:
    with pytest.raises(DrawRefused, match="already held"):
        commit(election, "commission")


def test_a_draw_without_a_commitment_is_refused(election) -> None:
    with pytest.raises(DrawRefused, match="no commitment"):
        draw(election, WITNESSES, "commission")
    assert not BallotDraw.objects.exists()


def test_a_second_draw_is_refused_and_changes_nothing(drawn, election) -> None:
    with pytest.raises(DrawRefused, match="already held"):
        draw(election, ["another input"], "commission")
    assert BallotDraw.objects.get().protocol == drawn.protocol


@pytest.mark.parametrize("witnesses", [[], ["ok", "  "]])
def test_a_draw_without_real_witness_inputs_is_refused(election, witnesses) -> None:
    commit(election, "commission")
    with pytest.raises(DrawRefused, match="witness input"):
        draw(election, witnesses, "commission")


def test_every_step_is_in_the_audit_chain(drawn) -> None:
    committed = AuditEvent.objects.get(action="draw.committed")
    held = AuditEvent.objects.get(action="draw.drawn")
    assert committed.object_id == held.object_id == "jk-2026"
    assert committed.data == {"commitment": drawn.commitment}
    assert held.data["order"] == drawn.order and held.data["witnesses"] == WITNESSES
    assert audit_verify()[1] == []


def test_the_commands_commit_then_draw(election, capsys) -> None:
    call_command("draw_ballot_order", election="jk-2026", commit=True)
    commitment = capsys.readouterr().out.strip()
    assert commitment == BallotDraw.objects.get().commitment

    call_command("draw_ballot_order", "--election", "jk-2026", "--witness", "a", "--witness", "b")
    protocol = json.loads(capsys.readouterr().out)
    assert protocol["commitment"] == commitment and protocol["witnesses"] == ["a", "b"]
    assert verify(protocol) is None


def test_the_command_refuses_a_second_draw_in_one_line(drawn) -> None:
    with pytest.raises(CommandError, match="already held"):
        call_command("draw_ballot_order", "--election", "jk-2026", "--witness", "again")


def test_the_command_refuses_an_unknown_election(db) -> None:
    with pytest.raises(CommandError, match="no election 'nowhere'"):
        call_command("draw_ballot_order", "--election", "nowhere", "--commit")

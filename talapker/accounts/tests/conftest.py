"""One small election: two party funds, their accounts at two banks, and a user per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user
from talapker.elections.models import Election
from talapker.funds.models import Account, Fund

AIYL = "Айыл Банк"
RSK = "РСК Банк"


@dataclass
class World:
    election: Election
    fund_a: Fund
    fund_b: Fund
    account_a: Account  # fund A's account at Айыл Банк
    account_b: Account  # fund B's account at РСК Банк
    filer_a: User
    bank_aiyl: User
    auditor: User
    administrator: User


def build_world() -> World:
    election = Election.objects.create(
        code="jk-2026",
        kind=Election.Kind.PARLIAMENTARY,
        name_ky="Шайлоо",
        name_ru="Выборы",
        name_en="Election",
        campaign_start=dt.date(2026, 10, 1),
        election_day=dt.date(2026, 11, 29),
    )
    fund_a = Fund.objects.create(election=election, code="ata-jurt")
    fund_b = Fund.objects.create(election=election, code="yntymak")
    account_a = Account.objects.create(
        fund=fund_a, bank=AIYL, number="1280010012345678", opened_on=dt.date(2026, 10, 2)
    )
    account_b = Account.objects.create(
        fund=fund_b, bank=RSK, number="1290020087654321", opened_on=dt.date(2026, 10, 3)
    )
    return World(
        election=election,
        fund_a=fund_a,
        fund_b=fund_b,
        account_a=account_a,
        account_b=account_b,
        filer_a=make_user("treasurer_a", Role.FILER, fund=fund_a),
        bank_aiyl=make_user("aiyl_bank", Role.BANK, bank=AIYL),
        auditor=make_user("auditor", Role.AUDITOR),
        administrator=make_user("administrator", Role.ADMINISTRATOR),
    )


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()

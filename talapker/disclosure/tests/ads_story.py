"""The story of the ads tests: the sample election with «Ата-Журт»'s report filed (9,999 som
of online advertising declared), the sample ads imported with the payers in the registers,
screened, and one finding confirmed (the third-party ad fb-1002); the rest stay open."""

from __future__ import annotations

from decimal import Decimal

from talapker.ads.services import ads_import
from talapker.ads.tests.conftest import ADS, ASANOV, RATES
from talapker.banking.tests import money
from talapker.compliance.engine import screen
from talapker.compliance.models import Finding
from talapker.compliance.services import finding_review
from talapker.elections.models import Election
from talapker.filings.services import report_file
from talapker.funds.models import Fund

DECLARED_ONLINE = Decimal("9999.00")
PIN = ASANOV


def build(election: Election) -> Finding:
    fund = Fund.objects.get(election=election, code="ata-jurt")
    report_file(fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="t")
    ads_import(election, ADS, RATES, actor="test")
    screen(election)
    finding = Finding.objects.get(election=election, rule="AD_THIRD_PARTY_PAYER", line="fb-1002")
    return finding_review(finding, "confirmed", "paid by a company", actor="auditor")

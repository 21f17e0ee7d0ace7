"""A finding's page reads in the page's language: evidence under translated labels with codes
as their labels, the article of law as the language cites it, money grouped as in the
tables, and a rule code that breaks only after an underscore."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

import talapker
from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.banking.templatetags.staff_pages import som
from talapker.compliance.engine import screen
from talapker.compliance.models import Finding
from talapker.compliance.tests.test_pages import screened  # noqa: F401 (a fixture)
from talapker.compliance.tests.test_rules import PERIOD, entity, founder, gift
from talapker.filings.formats.model import ReportData
from talapker.filings.services import report_file

pytestmark = pytest.mark.django_db
DETAIL = "/{lang}/staff/findings/jk-2026/{pk}/"
CSS = Path(talapker.__file__).parent / "static" / "talapker" / "site.css"


@pytest.fixture
def auditor(client: Client) -> Client:
    sign_in(client, make_user("auditor", Role.AUDITOR))
    return client


@pytest.fixture
def foreign(fund) -> Finding:  # type: ignore[no-untyped-def]
    """A company donor with a foreign founder two companies up: the finding has a legal
    form, a share and chains in its evidence."""
    entity("01001201010001", "ОсОО Алтын")
    entity("01001201010002", "ОсОО Күмүш")
    founder("01001201010001", "entity", "01001201010002", "ОсОО Күмүш", "KGZ", "60")
    founder("01001201010002", "entity", "9990001", "Холдинг Кипр", "CYP", "20")
    gifts = (gift(1, "01001201010001", "ОсОО Алтын", "1000.00", "legal_entity"),)
    report_file(fund, "interim", *PERIOD, ReportData(gifts, ()), channel="cli", actor="t")
    screen(fund.election, fund, trigger="test")
    return Finding.objects.get(rule="ENTITY_FOREIGN_PARTICIPATION", active=True)


def section(page: str, heading_id: str) -> str:
    """The text of one section of the page, from its heading to the next section."""
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


EVIDENCE = {
    "ky": (["СТН", "Уюштуруу-укуктук формасы", "Ээлик чынжырлары"], "жоопкерчилиги чектелген коом"),
    "ru": (
        ["ИНН", "Организационно-правовая форма", "Цепочки владения"],
        "общество с ограниченной ответственностью",
    ),
    "en": (["INN", "Legal form", "Chains of ownership"], "limited liability company"),
}


@pytest.mark.parametrize(
    ("lang", "labels", "form"), [(lang, *shown) for lang, shown in EVIDENCE.items()]
)
def test_evidence_shows_labels_and_codes_in_the_page_language(
    auditor: Client, foreign: Finding, lang: str, labels: list[str], form: str
) -> None:
    page = auditor.get(DETAIL.format(lang=lang, pk=foreign.pk)).content.decode()
    evidence = section(page, "evidence-heading")
    for label in labels:
        assert f"<dt>{label}</dt>" in evidence
    assert form in evidence
    for raw in ("inn", "donor name", "legal form", "foreign share", "chains", "llc"):
        assert f">{raw}<" not in evidence and f"\n    {raw}\n" not in evidence


@pytest.mark.parametrize(
    ("lang", "cited"),
    [("ky", "КМ 41-берене, 3-бөлүк"), ("ru", "КЗ ст. 41 ч. 3"), ("en", "CL Art. 41(3)")],
)
def test_the_article_is_cited_as_the_language_cites_it(
    auditor: Client, foreign: Finding, lang: str, cited: str
) -> None:
    page = auditor.get(DETAIL.format(lang=lang, pk=foreign.pk)).content.decode()
    explanation = section(page, "explanation-heading")
    assert cited in explanation
    if lang != "en":
        assert "CL Art" not in explanation


@pytest.mark.usefixtures("screened")
@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_money_in_an_explanation_is_grouped_as_in_the_tables(auditor: Client, lang: str) -> None:
    finding = Finding.objects.filter(active=True, amount=Decimal("150000.00")).first()
    assert finding is not None
    page = auditor.get(DETAIL.format(lang=lang, pk=finding.pk)).content.decode()
    explanation = section(page, "explanation-heading")
    from django.utils import translation

    with translation.override(lang):
        grouped = som(Decimal("150000.00")).lstrip("+")  # as the table writes it
    assert grouped in explanation and grouped in page.split('id="explanation-heading"')[0]
    assert "150000" not in explanation


def test_a_rule_code_breaks_only_after_an_underscore(auditor: Client, foreign: Finding) -> None:
    page = auditor.get(DETAIL.format(lang="ky", pk=foreign.pk)).content.decode()
    assert '<code class="rule-code">ENTITY_<wbr>FOREIGN_<wbr>PARTICIPATION</code>' in page
    queue = auditor.get("/ky/staff/findings/jk-2026/").content.decode()
    assert '<code class="rule-code">ENTITY_<wbr>FOREIGN_<wbr>PARTICIPATION</code>' in queue
    rule = re.search(r"\.rule-code \{([^}]*)\}", CSS.read_text())
    assert rule is not None
    assert "overflow-wrap: normal" in rule[1] and "word-break: keep-all" in rule[1]

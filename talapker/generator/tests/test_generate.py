"""Integration tests on one demo generation: formats, consistency and planted anomalies."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pypdf

from talapker.generator import SCALES, generate
from talapker.generator.programmes import SLOGAN_KY

from .conftest import Generated

# the column lists of formats.md, written out independently of the generator's own constants
FORMATS = {
    "election/parties.csv": "code name_ky name_ru name_en registration_no leader founded website",
    "election/candidates.csv": (
        "party_code position pin surname name patronymic birth_date sex region"
    ),
    "election/accounts.csv": "fund bank account opened_on",
    "registers/population.csv": (
        "pin surname name patronymic birth_date sex citizenship death_date biometric "
        "residence_since region precinct"
    ),
    "registers/legal_entities.csv": (
        "inn name legal_form country registration_date liquidation_date state_share"
    ),
    "registers/founders.csv": "entity_inn founder_kind founder_id founder_name country share",
    "registers/tax_debtors.csv": "inn debt_kgs creditor as_of",
    "registers/convictions.csv": "pin article conviction_date expunged",
    "registers/language_certificates.csv": "pin certificate_no level issued",
    "registers/diplomas.csv": "pin level issued",
}
RULE_KEYS = (
    "calculated_index_kgs individual_cap_ci legal_entity_cap_ci fund_cap_ci spending_cap_ci "
    "cash_cap_kgs foreign_share_max_percent recent_entity_days donor_min_age "
    "name_match_min_score cluster_min_donors bank_match_days refund_days "
    "interim_report_days_before final_report_days_after voter_min_age candidate_min_age "
    "candidate_max_age candidate_residence_years candidate_education "
    "candidate_language_certificate expunged_convictions_disqualify seats threshold_percent "
    "regional_threshold_percent max_seat_share women_seat_share allocation_method"
)
PIN_RE = re.compile(r"^[12](0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(19|20)\d\d\d{5}$")
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ELECTION_DAY = date(2026, 11, 29)
CITIZENSHIP_RULES = ("CANDIDATE_NOT_CITIZEN", "CANDIDATE_OTHER_CITIZENSHIP")
FORMS = (
    "llc jsc sole_trader state_body state_enterprise municipal_enterprise ngo foundation "
    "religious international foreign_branch foreign_rep_office party other"
)


def _age(birth: str, on: date = ELECTION_DAY) -> int:
    b = date.fromisoformat(birth)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def _pin_agrees(row: dict[str, str]) -> bool:
    b = date.fromisoformat(row["birth_date"])
    sex_digit = "2" if row["sex"] == "M" else "1"
    return row["pin"][0] == sex_digit and row["pin"][1:9] == f"{b.day:02d}{b.month:02d}{b.year}"


def test_layout_and_summary(demo: Generated) -> None:
    for rel, count in demo.summary.items():
        path = demo.root / rel
        assert path.exists(), rel
        if rel.endswith(".csv"):
            assert len(demo.rows(rel)) == count, rel
    assert demo.summary["registers/population.csv"] == SCALES["demo"].people
    assert demo.summary["registers/legal_entities.csv"] == SCALES["demo"].entities
    assert sorted(p.name for p in (demo.root / "election/programmes").iterdir()) == sorted(
        f"{r['code']}.pdf" for r in demo.rows("election/parties.csv")
    )


def test_headers_match_formats(demo: Generated) -> None:
    for rel, cols in FORMATS.items():
        assert demo.header(rel) == cols.split(), rel


def test_csv_encoding_and_line_endings(demo: Generated) -> None:
    for rel in FORMATS:
        data = (demo.root / rel).read_bytes()
        assert b"\r" not in data, rel
        data.decode("utf-8")
        assert data.endswith(b"\n")
    dates = [r["birth_date"] for r in demo.rows("registers/population.csv")[:1000]]
    assert all(ISO_RE.match(d) for d in dates)


def test_election_definition(demo: Generated) -> None:
    doc = json.loads((demo.root / "election/election.json").read_text(encoding="utf-8"))
    assert doc["code"] == "jk-2026"
    assert doc["kind"] == "parliamentary"
    assert set(doc["name"]) == {"ky", "ru", "en"}
    assert "Кеңеш" in doc["name"]["ky"]
    assert (doc["campaign_start"], doc["election_day"]) == ("2026-10-01", "2026-11-29")
    rules = doc["rules"]
    assert sorted(rules) == sorted(RULE_KEYS.split())
    assert rules["calculated_index_kgs"] == "100.00"
    assert rules["individual_cap_ci"] == 2000 and rules["seats"] == 54
    assert rules["cash_cap_kgs"] is None and rules["candidate_max_age"] is None
    assert rules["candidate_language_certificate"] is False
    assert rules["regional_threshold_percent"] == "0.5"


def test_population_pins(demo: Generated) -> None:
    rows = demo.rows("registers/population.csv")
    pins = [r["pin"] for r in rows]
    assert all(PIN_RE.match(p) for p in pins)
    assert len(set(pins)) == len(pins)
    bad = {r["pin"] for r in rows if not _pin_agrees(r)}
    noted = {n["pin"] for n in demo.notes("register_pin_inconsistent")}
    assert bad == noted
    assert 24 <= len(noted) <= 60


def test_population_shape(demo: Generated) -> None:
    rows = demo.rows("registers/population.csv")
    n = len(rows)
    cit = Counter(r["citizenship"] for r in rows)
    assert 0.97 < cit["KGZ"] / n < 0.995
    assert 0.005 < (cit["KGZ;RUS"] + cit["KGZ;KAZ"]) / n < 0.02
    assert 0.002 < sum(v for k, v in cit.items() if k and "KGZ" not in k) / n < 0.01
    assert 0 < cit[""] / n < 0.002
    assert 0.005 < sum(1 for r in rows if r["death_date"]) / n < 0.015
    minors = sum(1 for r in rows if _age(r["birth_date"]) < 18)
    assert 0.25 < minors / n < 0.45
    assert max(_age(r["birth_date"]) for r in rows) >= 90
    adults = [r for r in rows if _age(r["birth_date"]) >= 18]
    assert sum(r["biometric"] == "1" for r in adults) / len(adults) > 0.85
    assert {r["sex"] for r in rows} == {"M", "F"}
    for r in rows[:5000]:
        assert r["residence_since"] >= r["birth_date"]
        assert not r["death_date"] or r["death_date"] >= r["birth_date"]
        assert r["precinct"] == "" or re.fullmatch(r"\d{4}", r["precinct"])
    names = " ".join(r["surname"] + r["name"] + r["patronymic"] for r in rows[:5000])
    assert all(ch in names for ch in "ңөү")
    assert any(r["patronymic"].endswith(" уулу") for r in rows)
    assert any(r["patronymic"].endswith("ович") for r in rows)


def test_candidates_are_register_people(demo: Generated) -> None:
    """Every candidate is filed as the register has them but the planted ones: a PIN the
    register lacks, a name that is not the register's (or is, in Latin), a dead, foreign,
    stateless or dual citizen."""
    people = {r["pin"]: r for r in demo.rows("registers/population.csv")}
    cands = demo.rows("election/candidates.csv")
    findings = {
        (e["fund"], str(e["line"])): e["rule"]
        for e in demo.planted()
        if e.get("source") == "candidate" and "line" in e
    }
    latin = {(n["party"], str(n["position"])) for n in demo.notes("candidate_latin_name")}
    twice = Counter(c["pin"] for c in cands)
    assert sorted(twice.values())[-2:] == [1, 2]  # one person on two lists, nobody else
    unknown = 0
    names = ("surname", "name", "patronymic")
    for c in cands:
        key = (c["party_code"], c["position"])
        rule = findings.get(key, "")
        p = people.get(c["pin"])
        if p is None:
            assert rule == "CANDIDATE_PIN_UNKNOWN", c
            unknown += 1
            continue
        for col in ("birth_date", "sex", "region"):
            assert c[col] == p[col], (c["pin"], col)
        filed = " ".join(c[col] for col in names if c[col])
        register = " ".join(p[col] for col in names if p[col])
        if rule == "CANDIDATE_NAME_MISMATCH" or key in latin:
            assert filed != register and filed.isascii() == (key in latin), c
        else:
            assert filed == register, c
        assert (p["citizenship"] == "KGZ") == (rule not in CITIZENSHIP_RULES), c
        assert bool(p["death_date"]) == (rule == "CANDIDATE_DECEASED"), c
    assert unknown == 2
    assert any(not PIN_RE.match(c["pin"]) for c in cands)


def test_candidate_lists_follow_the_law(demo: Generated) -> None:
    """Lists of 54 with a man and a woman in every block of three and 9+ young candidates,
    but the planted lists: one of 55, one of 74% men, one of exactly 70% women (50 long),
    one with 4 young."""
    lists: dict[str, list[dict[str, str]]] = defaultdict(list)
    for c in demo.rows("election/candidates.csv"):
        lists[c["party_code"]].append(c)
    assert len(lists) == 20
    list_rules = {
        e["fund"]: e["rule"] for e in demo.planted() if e.get("rule", "").startswith("LIST_")
    }
    near = {n["party"] for n in demo.notes("near_miss_list_sex_share")}
    assert sorted(list_rules.values()) == ["LIST_SEX_SHARE", "LIST_TOO_LONG", "LIST_YOUNG_SHARE"]
    assert len(near) == 1
    underage = {n["pin"] for n in demo.notes("candidate_underage")}
    assert len(underage) == 1
    for code, lst in lists.items():
        n = {"LIST_TOO_LONG": 55}.get(list_rules.get(code, ""), 50 if code in near else 54)
        assert [int(c["position"]) for c in lst] == list(range(1, n + 1)), code
        women = sum(c["sex"] == "F" for c in lst)
        if list_rules.get(code) == "LIST_SEX_SHARE":
            assert (women, n - women) == (14, 40), code
        elif code in near:
            assert (women, n - women) == (35, 15), code
        else:
            assert 0.3 <= women / n <= 0.45, code
            for i in range(0, n - 2, 3):
                assert {c["sex"] for c in lst[i : i + 3]} == {"M", "F"}, (code, i)
        young = sum(_age(c["birth_date"]) < 35 for c in lst)
        assert (young == 4) if list_rules.get(code) == "LIST_YOUNG_SHARE" else young >= 9, code
        for c in lst:
            assert _age(c["birth_date"]) >= 25 or c["pin"] in underage


def test_candidate_eligibility_registers(demo: Generated) -> None:
    cands = {c["pin"] for c in demo.rows("election/candidates.csv")}
    higher = {d["pin"] for d in demo.rows("registers/diplomas.csv") if d["level"] == "higher"}
    no_higher = {
        n["pin"]
        for k in ("candidate_no_higher_education", "candidate_no_diploma")
        for n in demo.notes(k)
    }
    unknown = {
        e["evidence"]["pin"] for e in demo.planted() if e.get("rule") == "CANDIDATE_PIN_UNKNOWN"
    }
    assert len(no_higher) == 2 and len(unknown) == 2
    assert cands - higher == no_higher | unknown
    convicted = {c["pin"]: c["expunged"] for c in demo.rows("registers/convictions.csv")}
    on_lists = {p: e for p, e in convicted.items() if p in cands}
    assert sorted(on_lists.values()) == ["0", "1"]
    assert {n["pin"] for n in demo.notes("candidate_conviction")} == {
        p for p, e in on_lists.items() if e == "0"
    }


def test_parties_and_accounts(demo: Generated) -> None:
    parties = demo.rows("election/parties.csv")
    assert len(parties) == 20 and len({p["code"] for p in parties}) == 20
    full_names = {
        " ".join(x for x in (r["surname"], r["name"], r["patronymic"]) if x)
        for r in demo.rows("registers/population.csv")
    }
    entities = {e["inn"]: e for e in demo.rows("registers/legal_entities.csv")}
    by_code = {p["code"]: p for p in parties}
    assert by_code["ata-jurt"]["name_en"] == "Ata-Jurt Kyrgyzstan"
    assert by_code["social-democrats"]["name_ru"] == "Социал-демократы"
    assert any(ch in "".join(p["name_ky"] for p in parties) for ch in "ңөү")
    for p in parties:
        assert p["leader"] in full_names
        assert entities[p["registration_no"]]["legal_form"] == "party"
        assert p["website"] == f"https://{p['code']}.kg"
        assert ISO_RE.match(p["founded"])
    accounts = demo.rows("election/accounts.csv")
    assert sorted(a["fund"] for a in accounts) == sorted(by_code)
    for a in accounts:
        assert a["bank"] in ("Айыл Банк", "Элдик Банк")
        assert re.fullmatch(r"\d{16}", a["account"])
        assert "2026-10-01" <= a["opened_on"] <= "2026-10-07"


def test_legal_entities(demo: Generated) -> None:
    ents = demo.rows("registers/legal_entities.csv")
    pins = {r["pin"] for r in demo.rows("registers/population.csv")}
    inns = [e["inn"] for e in ents]
    assert len(set(inns)) == len(inns)
    for e in ents:
        assert re.fullmatch(r"\d{14}", e["inn"])
        assert e["legal_form"] in FORMS.split()
        assert e["inn"][0] == "0" or (e["legal_form"] == "sole_trader" and e["inn"] in pins)
        if e["legal_form"] in ("state_body", "state_enterprise", "municipal_enterprise"):
            assert e["state_share"] == "100.00"
        if e["liquidation_date"]:
            assert e["liquidation_date"] > e["registration_date"]
    n = len(ents)
    foreign = [e for e in ents if e["country"] != "KGZ"]
    assert 0.02 < len(foreign) / n < 0.045
    assert {"foreign_branch", "foreign_rep_office"} <= {e["legal_form"] for e in foreign}
    assert any(Decimal("0") < Decimal(e["state_share"]) < 100 for e in ents)
    assert sum(1 for e in ents if e["liquidation_date"]) > 20
    assert sum(1 for e in ents if e["registration_date"] >= "2026-08-31") > 5


def _founders_by_entity(demo: Generated) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for f in demo.rows("registers/founders.csv"):
        out[f["entity_inn"]].append(f)
    return out


def test_founders(demo: Generated) -> None:
    founders = _founders_by_entity(demo)
    ents = {e["inn"]: e for e in demo.rows("registers/legal_entities.csv")}
    people = {r["pin"]: r for r in demo.rows("registers/population.csv")}
    over = {n["entity_inn"] for n in demo.notes("founder_shares_over_100")}
    assert set(founders) == set(ents)
    for inn, fs in founders.items():
        assert 1 <= len(fs) <= 4, inn
        total = sum(Decimal(f["share"]) for f in fs)
        assert (total > 100) if inn in over else (total == 100), (inn, total)
        for f in fs:
            if f["founder_kind"] == "person" and f["country"] == "KGZ":
                p = people[f["founder_id"]]
                assert "KGZ" in p["citizenship"].split(";")
            if f["founder_kind"] == "entity" and f["country"] == "KGZ":
                assert f["founder_id"] in ents
    kinds = Counter(f["founder_kind"] for fs in founders.values() for f in fs)
    assert {"person", "entity", "state", "international"} <= set(kinds)


def _foreign_participation(demo: Generated) -> set[str]:
    """Entities with a foreign founder directly or through any chain (cycle-safe)."""
    founders = _founders_by_entity(demo)
    memo: dict[str, bool] = {}

    def foreign(inn: str, seen: frozenset[str]) -> bool:
        if inn in memo:
            return memo[inn]
        result = False
        for f in founders.get(inn, []):
            if f["country"] not in ("KGZ", ""):
                result = True
            elif f["founder_kind"] == "entity" and f["founder_id"] not in seen:
                result = result or foreign(f["founder_id"], seen | {inn})
        if not seen:
            memo[inn] = result
        return result

    return {inn for inn in founders if foreign(inn, frozenset())}


def test_foreign_chains(demo: Generated) -> None:
    founders = _founders_by_entity(demo)
    chains = demo.notes("foreign_chain")
    assert {c["depth"] for c in chains} == {2, 3, 4}
    expected: set[str] = set()
    for c in chains:
        chain = c["chain"]
        for upper, lower in pairwise(chain[:-1]):
            assert any(f["founder_id"] == lower for f in founders[upper])
        end = [f for f in founders[chain[-2]] if f["founder_id"] == chain[-1]]
        assert end and end[0]["country"] not in ("KGZ", "")
        expected.update(chain[:-1])
    expected.update(n["entity_inn"] for n in demo.notes("foreign_founder_direct"))
    foreign_parent = {
        e["inn"] for e in demo.rows("registers/legal_entities.csv") if e["country"] != "KGZ"
    }
    # every entity with foreign participation was planted (or is itself foreign)
    assert _foreign_participation(demo) - foreign_parent == expected - foreign_parent


def test_cycles_and_near_misses(demo: Generated) -> None:
    founders = _founders_by_entity(demo)
    cycles = demo.notes("ownership_cycle")
    assert len(cycles) == SCALES["demo"].ownership_cycles
    for c in cycles:
        ring = c["entities"]
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            assert any(f["founder_id"] == b for f in founders[a])
    people = {r["pin"]: r for r in demo.rows("registers/population.csv")}
    misses = demo.notes("near_miss_foreign_sounding_founder")
    assert misses
    for m in misses:
        assert people[m["pin"]]["citizenship"] == "KGZ"
        assert any(f["founder_id"] == m["pin"] for f in founders[m["entity_inn"]])


def test_tax_debtors(demo: Generated) -> None:
    ents = {e["inn"] for e in demo.rows("registers/legal_entities.csv")}
    pins = {r["pin"] for r in demo.rows("registers/population.csv")}
    rows = demo.rows("registers/tax_debtors.csv")
    assert len({r["inn"] for r in rows}) > len(ents) * 0.01
    by_pin = 0
    for r in rows:
        assert r["inn"] in ents or r["inn"] in pins
        by_pin += r["inn"] in pins
        assert r["creditor"] in ("tax", "social_fund")
        assert re.fullmatch(r"\d+\.\d{2}", r["debt_kgs"]) and Decimal(r["debt_kgs"]) > 0
        assert r["as_of"].startswith("2026-")
    assert by_pin > 0


def test_person_registers(demo: Generated) -> None:
    pins = {r["pin"] for r in demo.rows("registers/population.csv")}
    for rel in ("convictions", "language_certificates", "diplomas"):
        rows = demo.rows(f"registers/{rel}.csv")
        assert rows and all(r["pin"] in pins for r in rows), rel
    assert {r["expunged"] for r in demo.rows("registers/convictions.csv")} == {"0", "1"}
    assert {r["level"] for r in demo.rows("registers/diplomas.csv")} == {
        "secondary",
        "vocational",
        "higher",
    }
    certs = [r["certificate_no"] for r in demo.rows("registers/language_certificates.csv")]
    assert len(set(certs)) == len(certs)
    for r in demo.rows("registers/diplomas.csv")[:2000]:
        assert ISO_RE.match(r["issued"]) and r["issued"] <= "2026-11-29"


def test_programmes_are_extractable(demo: Generated) -> None:
    parties = {p["code"]: p for p in demo.rows("election/parties.csv")}
    for code, party in parties.items():
        reader = pypdf.PdfReader(demo.root / "election/programmes" / f"{code}.pdf")
        assert 1 <= len(reader.pages) <= 2, code
        text = reader.pages[0].extract_text()
        assert SLOGAN_KY in text, code
        assert "өнүгүүсү" in text and "жаңы" in text and "үчүн" in text
        assert party["name_ky"] in text


def test_planted_json(demo: Generated) -> None:
    planted = demo.planted()
    assert isinstance(planted, list) and planted
    assert all("kind" in e or "rule" in e for e in planted)
    assert demo.summary["planted.json"] == len(planted)


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_deterministic(demo: Generated, tmp_path: Path) -> None:
    """The same seed gives the same tree, byte for byte, whatever the number of workers."""
    again = tmp_path / "again"
    generate(again, "demo", seed=2026, workers=2)
    digest = _digest(again)
    assert any(p.startswith("reports/") for p in digest)
    assert any(p.startswith("statements/") for p in digest)
    assert digest == _digest(demo.root)

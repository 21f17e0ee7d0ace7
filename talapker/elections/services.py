"""Writes of the elections app."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction

from talapker.audit.services import audit_record
from talapker.candidates.models import Candidate, person_ref
from talapker.core.names import name_key
from talapker.elections.folder import ElectionFolder, Programme, read_folder
from talapker.elections.models import Election
from talapker.elections.signals import election_loaded
from talapker.funds.models import Account, Fund
from talapker.parties.models import Party, party_name_key

PARTY_FIELDS = (
    "name_ky",
    "name_ru",
    "name_en",
    "registration_no",
    "leader",
    "founded",
    "website",
    "name_key",
)
CANDIDATE_FIELDS = (
    "pin",
    "surname",
    "name",
    "patronymic",
    "birth_date",
    "sex",
    "region",
    "name_key",
    "person_ref",
)
ELECTION_FIELDS = (
    "kind",
    "name_ky",
    "name_ru",
    "name_en",
    "campaign_start",
    "election_day",
    "rules",
)


def _assign(obj: models.Model, values: dict[str, Any], fields: tuple[str, ...]) -> bool:
    """Set the fields that differ; True if any did."""
    changed = False
    for name in fields:
        if getattr(obj, name) != values[name]:
            setattr(obj, name, values[name])
            changed = True
    return changed


def _sync(
    existing: dict[Any, Any],
    wanted: dict[Any, dict[str, Any]],
    fields: tuple[str, ...],
    make: Any,
    counts: Counter[str],
    label: str,
) -> dict[Any, Any]:
    """Create, update and delete rows so that `existing` becomes `wanted` (by natural key)."""
    created, changed = [], []
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            created.append(make(key, values))
        elif _assign(obj, values, fields):
            changed.append(obj)
    gone = [obj.pk for key, obj in existing.items() if key not in wanted]
    if created:
        type(created[0]).objects.bulk_create(created)
    if changed:
        type(changed[0]).objects.bulk_update(changed, list(fields))
    if gone:
        type(next(iter(existing.values()))).objects.filter(pk__in=gone).delete()
    counts[f"{label}_created"] += len(created)
    counts[f"{label}_updated"] += len(changed)
    counts[f"{label}_deleted"] += len(gone)
    return {key: existing.get(key) for key in wanted}


def _store_programme(party: Party, programme: Programme) -> bool:
    if party.programme_sha256 == programme.sha256:
        if party.programme_text == programme.text:
            return False
        # The same file, its text extracted anew (as when the extraction learned to keep
        # the paragraphs): the text alone changes.
        party.programme_text = programme.text
        party.save(update_fields=["programme_text"])
        return True
    # The file name carries the hash, so a load that rolls back never overwrites the file
    # that the committed row points at.
    name = f"{party.election.code}/{party.code}-{programme.sha256[:12]}.pdf"
    party.programme.save(name, ContentFile(programme.content), save=False)
    party.programme_sha256 = programme.sha256
    party.programme_text = programme.text
    party.save(update_fields=["programme", "programme_sha256", "programme_text"])
    return True


@transaction.atomic
def _apply(folder: ElectionFolder, actor: str, source: str) -> dict[str, int]:
    counts: Counter[str] = Counter()
    data = folder.election
    election = Election.objects.filter(code=data["code"]).first()
    if election is None:
        election = Election.objects.create(**data)
        counts["election_created"] += 1
    elif _assign(election, data, ELECTION_FIELDS):
        election.save()
        counts["election_updated"] += 1

    party_rows = {
        p.code: {
            **{k: getattr(p, k) for k in PARTY_FIELDS if k != "name_key"},
            "name_key": party_name_key(p.name_ky, p.name_ru, p.name_en),
        }
        for p in folder.parties
    }
    _sync(
        {p.code: p for p in election.parties.all()},
        party_rows,
        PARTY_FIELDS,
        lambda code, v: Party(election=election, code=code, **v),
        counts,
        "parties",
    )
    parties = {p.code: p for p in election.parties.all()}

    candidate_rows = {
        (c.party_code, c.position): {
            **{k: getattr(c, k) for k in CANDIDATE_FIELDS if k not in ("name_key", "person_ref")},
            "name_key": (key := name_key(c.surname, c.name, c.patronymic)),
            "person_ref": person_ref(c.pin, key),
        }
        for c in folder.candidates
    }
    existing_candidates = {
        (c.party.code, c.position): c
        for c in Candidate.objects.filter(party__election=election).select_related("party")
    }
    _sync(
        existing_candidates,
        candidate_rows,
        CANDIDATE_FIELDS,
        lambda key, v: Candidate(party=parties[key[0]], position=key[1], **v),
        counts,
        "candidates",
    )

    fund_codes = {a.fund for a in folder.accounts} | set(parties)
    fund_rows = {code: {"party": parties.get(code)} for code in fund_codes}
    _sync(
        {f.code: f for f in election.funds.all()},
        fund_rows,
        ("party",),
        lambda code, v: Fund(election=election, code=code, **v),
        counts,
        "funds",
    )
    funds = {f.code: f for f in election.funds.all()}
    account_rows = {
        a.number: {"fund": funds[a.fund], "bank": a.bank, "opened_on": a.opened_on}
        for a in folder.accounts
    }
    _sync(
        {a.number: a for a in Account.objects.filter(fund__election=election)},
        account_rows,
        ("fund", "bank", "opened_on"),
        lambda number, v: Account(number=number, **v),
        counts,
        "accounts",
    )

    for programme in folder.programmes:
        if _store_programme(parties[programme.party_code], programme):
            counts["programmes_updated"] += 1

    changes = {k: v for k, v in sorted(counts.items()) if v}
    if changes:
        election_loaded.send(sender=Election, election=election, changes=changes, actor=actor)
        audit_record(
            "election.loaded",
            actor=actor,
            object_type="election",
            object_id=election.code,
            data={"source": source, "changes": changes},
        )
    return changes


def election_load(directory: Path, *, actor: str = "command line") -> dict[str, int]:
    """Load an election folder atomically and idempotently; return what changed.

    The whole folder is read and checked first; then one transaction brings the database in
    line with it: new rows are created, changed rows updated, rows no longer in the folder
    removed. Loading the same folder again changes nothing. The ballot order (set by the lot
    draw) is kept.
    """
    folder = read_folder(Path(directory))
    return _apply(folder, actor, str(directory))

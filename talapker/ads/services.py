"""Importing an ad-library file: the path the command line and the demonstration share.

The file (and the rates file, if given) is read and checked in full first
(`formats.registry.read_ads`, `formats.rates.read`); then one transaction stores it: the
new rates, the import record, the new ads, the changed ads with a row of spend history
each, the payer matches of the whole election (`payers.payers_match`) and the audit event;
then it announces the import (`signals.ads_imported`), and compliance screens the election
after the commit. A refused file — an unknown party, a range upside down, a currency
without a rate, a date that does not exist, one ad twice with different values — stores
nothing, rates included.

The same ads file twice stores nothing the second time. A newer export of an ad already
held updates the ad and adds a spend row, so the ranges the library showed over time are
kept; an ad a newer file repeats unchanged only moves its `last_seen`.

An export of Meta or Google names no party: each ad is attributed by the party's names
(any of ky/ru/en, compared by name key) in its page name or payer, else in its text, or to
the party the caller names (`party`, `--party` on the command line). An ad that names no
party of the election, or more than one, is not stored and is listed in the result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.ads.formats import rates as rates_format
from talapker.ads.formats.model import AdFile, AdRow
from talapker.ads.formats.registry import read_ads
from talapker.ads.models import Ad, AdImport, AdSpend, Rate
from talapker.ads.parties import party_keys, party_named
from talapker.ads.payers import payers_match
from talapker.ads.signals import ads_imported
from talapker.audit.services import audit_record
from talapker.core.errors import InputError
from talapker.elections.models import Election
from talapker.parties.models import Party

Upload = str | Path | tuple[str, bytes]

HOME = "KGS"  # needs no rate
CENT = Decimal("0.01")
MAX_KGS = Decimal(10) ** 14  # ads.models.MONEY holds 14 digits before the point
CHUNK = 2_000  # ad ids looked up per query
# What a newer export may change about an ad: any difference makes it "updated".
TRACKED = (
    "source",
    "platform",
    "page_id",
    "page_name",
    "payer",
    "payer_id",
    "party_id",
    "start_date",
    "end_date",
    "text",
    "spend_lower",
    "spend_upper",
    "currency",
    "rate_kgs",
    "spend_lower_kgs",
    "spend_upper_kgs",
    "impressions_lower",
    "impressions_upper",
)


@dataclass(frozen=True)
class AdsImported:
    batch: AdImport
    new: int
    updated: int
    unchanged: int
    rates_new: int
    same_file: bool  # the very same file was imported before: nothing stored
    not_attributed: list[str] = field(default_factory=list)  # ad ids naming no party

    def summary(self) -> dict[str, object]:
        return {
            "election": self.batch.election.code,
            "file": self.batch.file_name,
            "format": self.batch.source,
            "sha256": self.batch.sha256,
            "ads": self.batch.rows,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "not_attributed": len(self.not_attributed),
            "rates_new": self.rates_new,
            "same_file": self.same_file,
        }


def ads_import(
    election: Election,
    upload: Upload,
    rates: Upload | None = None,
    *,
    actor: str,
    party: Party | None = None,
) -> AdsImported:
    """Store one ad-library file of `election` (see the module docstring): a path, or a
    (file name, bytes) pair. `rates` is a rates.csv stored with it in the same transaction.
    `party` attributes every ad of a Meta or Google export to that party. InputError names
    file, line, column and reason for bad input; nothing is then stored."""
    name, data = _load(upload)
    rate_file = _load(rates) if rates is not None else None
    rate_rows = rates_format.read(*rate_file) if rate_file else []
    ads = read_ads(name, data)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        rates_new = _rates_store(rate_file[0] if rate_file else "", rate_rows)
        earlier = AdImport.objects.filter(election=election, sha256=digest).first()
        if earlier is not None:
            if rates_new:
                audit_record(
                    "ads.rates_imported",
                    actor=actor,
                    object_type="ads.rate",
                    object_id=rate_file[0] if rate_file else "",
                    data={"rates_new": rates_new},
                )
            return AdsImported(earlier, 0, 0, earlier.rows, rates_new, same_file=True)
        attributed, loose = _attribute(election, ads, party)
        rate_of = _rates_for(ads, attributed)
        batch = AdImport.objects.create(
            election=election,
            source=ads.source,
            file_name=Path(name).name[:255],
            sha256=digest,
            rows=len(ads.rows),
            new=0,
            updated=0,
            unchanged=0,
            skipped=len(loose),
            imported_by=actor[:200],
        )
        new, updated, unchanged = _ads_store(election, batch, ads, attributed, rate_of)
        batch.new, batch.updated, batch.unchanged = new, updated, unchanged
        batch.save(update_fields=["new", "updated", "unchanged"])
        matched = payers_match(election)
        audit_record(
            "ads.imported",
            actor=actor,
            object_type="ads.adimport",
            object_id=str(batch.pk),
            data={
                "election": election.code,
                "file": batch.file_name,
                "format": batch.source,
                "sha256": digest,
                "ads": batch.rows,
                "new": new,
                "updated": updated,
                "unchanged": unchanged,
                "not_attributed": [row.ad_id for row in loose],
                "rates_new": rates_new,
                "payers_matched": matched,
            },
        )
        ads_imported.send(sender=AdImport, election=election, batch=batch, actor=actor)
    return AdsImported(
        batch, new, updated, unchanged, rates_new, False, [row.ad_id for row in loose]
    )


def _load(upload: Upload) -> tuple[str, bytes]:
    if isinstance(upload, tuple):
        return upload
    path = Path(upload)
    try:
        return str(path), path.read_bytes()
    except OSError as err:
        raise InputError(
            path, _("the file cannot be read: %(error)s") % {"error": err.strerror}
        ) from None


def _rates_store(name: str, rows: Sequence[rates_format.RateRow]) -> int:
    """Store the rates not yet held. An official rate is never revised: a rate that differs
    from the one held for its date and currency is refused at its line."""
    if not rows:
        return 0
    held = {
        (r.date, r.currency): r.rate_kgs
        for r in Rate.objects.filter(date__in={row.date for row in rows})
    }
    fresh = []
    for row in rows:
        known = held.get((row.date, row.currency))
        if known is None:
            fresh.append(Rate(date=row.date, currency=row.currency, rate_kgs=row.rate_kgs))
        elif known != row.rate_kgs:
            raise InputError(
                name,
                _("the rate of %(currency)s on %(date)s differs from the one held (%(rate)s)")
                % {"currency": row.currency, "date": row.date, "rate": known},
                line=row.line,
                column="rate_kgs",
            )
    Rate.objects.bulk_create(fresh)
    return len(fresh)


def _attribute(
    election: Election, ads: AdFile, party: Party | None
) -> tuple[list[tuple[AdRow, Party]], list[AdRow]]:
    """Each ad with its party; the ads of an export that name no party, or several."""
    parties = list(Party.objects.filter(election=election))
    if party is not None and party.election_id != election.pk:
        raise InputError(
            ads.name,
            _("party %(party)s does not stand in election %(election)s")
            % {"party": party.code, "election": election.code},
        )
    if ads.source == "csv":
        by_code = {p.code: p for p in parties}
        found = []
        for row in ads.rows:
            if row.party_code not in by_code:
                raise InputError(
                    ads.name,
                    _("no party with code “%(code)s” stands in election %(election)s")
                    % {"code": row.party_code, "election": election.code},
                    line=row.line,
                    column=ads.column("party_code"),
                )
            if party is not None and by_code[row.party_code] != party:
                raise InputError(
                    ads.name,
                    _("the ad is of party %(code)s, not of %(party)s as the import was asked")
                    % {"code": row.party_code, "party": party.code},
                    line=row.line,
                    column=ads.column("party_code"),
                )
            found.append((row, by_code[row.party_code]))
        return found, []
    if party is not None:
        return [(row, party) for row in ads.rows], []
    keys = party_keys(parties)
    found, loose = [], []
    for row in ads.rows:
        named = party_named(keys, row.page_name, row.payer) or party_named(keys, row.text)
        if named is None:
            loose.append(row)
        else:
            found.append((row, named))
    return found, loose


def _rates_for(
    ads: AdFile, attributed: Iterable[tuple[AdRow, Party]]
) -> dict[tuple[dt.date, str], Decimal]:
    """The rate of each (start date, currency) the ads need; a missing one is an error at
    the first ad that needs it, naming the date and the currency."""
    needed: dict[tuple[dt.date, str], AdRow] = {}
    for row, _party in attributed:
        if row.currency != HOME:
            needed.setdefault((row.start_date, row.currency), row)
    held = {
        (r.date, r.currency): r.rate_kgs
        for r in Rate.objects.filter(date__in={date for date, _c in needed})
    }
    for key, row in needed.items():
        if key not in held:
            raise InputError(
                ads.name,
                _(
                    "no official rate of %(currency)s on %(date)s, the ad's start date: "
                    "add it to rates.csv"
                )
                % {"currency": row.currency, "date": row.start_date},
                line=row.line,
                column=ads.column("currency"),
            )
    return {key: held[key] for key in needed}


def to_kgs(amount: Decimal, rate: Decimal) -> Decimal:
    """An amount in som at a rate: exact, rounded half up to the tyiyn."""
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def _values(
    ads: AdFile, row: AdRow, party: Party, rate_of: dict[tuple[dt.date, str], Decimal]
) -> dict[str, object]:
    rate = Decimal(1) if row.currency == HOME else rate_of[(row.start_date, row.currency)]
    lower, upper = to_kgs(row.spend_lower, rate), to_kgs(row.spend_upper, rate)
    if upper >= MAX_KGS:
        raise InputError(
            ads.name,
            _("the spend is too large to be real (%(kgs)s som)") % {"kgs": upper},
            line=row.line,
            column=ads.column("spend_upper"),
        )
    return {
        "source": ads.source,
        "platform": row.platform[:64],
        "page_id": row.page_id[:64],
        "page_name": row.page_name[:500],
        "payer": row.payer[:500],
        "payer_id": row.payer_id[:64],
        "party_id": party.pk,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "text": row.text,
        "spend_lower": row.spend_lower,
        "spend_upper": row.spend_upper,
        "currency": row.currency,
        "rate_kgs": rate,
        "spend_lower_kgs": lower,
        "spend_upper_kgs": upper,
        "impressions_lower": row.impressions_lower,
        "impressions_upper": row.impressions_upper,
    }


def _ads_store(
    election: Election,
    batch: AdImport,
    ads: AdFile,
    attributed: list[tuple[AdRow, Party]],
    rate_of: dict[tuple[dt.date, str], Decimal],
) -> tuple[int, int, int]:
    """Insert the new ads, update the changed ones; a spend row for each. (new, updated,
    unchanged)."""
    ids = [row.ad_id for row, _party in attributed]
    held: dict[str, Ad] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        held.update((ad.ad_id, ad) for ad in Ad.objects.filter(election=election, ad_id__in=chunk))
    now = timezone.now()
    created: list[Ad] = []
    changed: list[Ad] = []
    same: list[int] = []
    for row, party in attributed:
        values = _values(ads, row, party, rate_of)
        ad = held.get(row.ad_id)
        if ad is None:
            created.append(
                Ad(election=election, ad_id=row.ad_id, first_seen=batch, last_seen=batch, **values)
            )
        elif any(getattr(ad, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(ad, key, value)
            ad.last_seen = batch
            changed.append(ad)
        else:
            same.append(ad.pk)
    Ad.objects.bulk_create(created, batch_size=CHUNK)
    if changed:
        Ad.objects.bulk_update(changed, [*TRACKED, "last_seen"], batch_size=CHUNK)
    for start in range(0, len(same), CHUNK):
        Ad.objects.filter(pk__in=same[start : start + CHUNK]).update(last_seen=batch)
    if created and created[0].pk is None:  # backends that return no ids from bulk_create
        by_id = dict(
            Ad.objects.filter(election=election, first_seen=batch).values_list("ad_id", "pk")
        )
        for ad in created:
            ad.pk = by_id[ad.ad_id]
    AdSpend.objects.bulk_create(
        [_spend(ad, batch, now) for ad in (*created, *changed)], batch_size=CHUNK
    )
    return len(created), len(changed), len(same)


def _spend(ad: Ad, batch: AdImport, at: dt.datetime) -> AdSpend:
    return AdSpend(
        ad=ad,
        batch=batch,
        imported_at=at,
        end_date=ad.end_date,
        spend_lower=ad.spend_lower,
        spend_upper=ad.spend_upper,
        currency=ad.currency,
        spend_lower_kgs=ad.spend_lower_kgs,
        spend_upper_kgs=ad.spend_upper_kgs,
        impressions_lower=ad.impressions_lower,
        impressions_upper=ad.impressions_upper,
    )

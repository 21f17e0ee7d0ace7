"""What a donor's page shows: the names as filed, the money per fund, every gift, and for a
company who stands behind it (`owners.py`).

Everything is read from the funds' standing versions through the kept `FundDonor` rows, so
a correction replaces what it corrects and the totals agree with the funds' pages. The
page costs a fixed number of queries whatever the donor gave: the gifts are found through
the index on the contributions' donor id and paged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator

from talapker.disclosure.donors import ENTITY_KINDS
from talapker.disclosure.models import Donor, FundDonor
from talapker.disclosure.owners import Ownership, RelatedCompany, company_owners
from talapker.disclosure.owners import related_companies as companies_related
from talapker.elections.models import Election
from talapker.filings.models import Contribution
from talapker.registers.models import (
    LegalEntity,
    LegalForm,
    Person,
    RegisterKind,
    RegisterSnapshot,
)

PAGE_SIZE = 50
CENTS = Decimal(100)


def som(cents: int) -> Decimal:
    return (Decimal(cents) / CENTS).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Gift:
    """A contribution of the donor, with the fund it went to (from the kept rows)."""

    item: Contribution
    fund: FundDonor


@dataclass
class Company:
    """Who stands behind a company donor, from the founders register."""

    ownership: Ownership
    related: list[RelatedCompany]
    founders_as_of: dt.datetime | None

    @property
    def related_total(self) -> Decimal:
        return som(sum(c.cents for c in self.related))

    @property
    def others(self) -> list[RelatedCompany]:
        return [c for c in self.related if not c.is_this]


@dataclass
class DonorPage:
    donor: Donor
    names: list[str]
    kinds: list[str]
    funds: list[FundDonor]
    page: Page[Contribution]
    gifts: list[Gift]
    updated_at: dt.datetime | None = None
    # For a donor filed as a legal entity or a party: its row of the legal-entity register,
    # and its INN unless the number is a person's (a sole trader's INN is their PIN).
    entity: LegalEntity | None = None
    inn: str | None = None
    company: Company | None = None  # for a legal entity

    @property
    def name(self) -> str:
        """One name as filed, the one the API and the other pages give (the least in
        alphabetical order of the funds' kept names): the others are `other_names`."""
        return min(f.name for f in self.funds)

    @property
    def other_names(self) -> list[str]:
        return [name for name in self.names if name != self.name]

    @property
    def total(self) -> Decimal:
        return som(sum(f.cents for f in self.funds))

    @property
    def gift_count(self) -> int:
        return sum(f.gifts for f in self.funds)


def _register(number: str) -> tuple[LegalEntity | None, str | None]:
    """The register's row of an entity donor, and its INN if the INN may be published."""
    entity = LegalEntity.objects.filter(inn=number).first()
    personal = (
        entity is not None and entity.legal_form == LegalForm.SOLE_TRADER
    ) or Person.objects.filter(pin=number).exists()
    return entity, None if personal else number


def _company(election: Election, inn: str) -> Company:
    ownership = company_owners(inn)
    snapshot = (
        RegisterSnapshot.objects.filter(kind=RegisterKind.FOUNDERS)
        .order_by("-imported_at", "-id")
        .first()
    )
    return Company(
        ownership=ownership,
        related=companies_related(election, inn, ownership.tops),
        founders_as_of=snapshot.imported_at if snapshot else None,
    )


def donor_page(election: Election, ref: str, page_number: str | None) -> DonorPage:
    """The donor of `ref` in the election; `Donor.DoesNotExist` when the ref is unknown or
    the donor gave nothing that the funds' standing reports declare."""
    donor = Donor.objects.get(ref=ref)
    funds = list(
        FundDonor.objects.filter(donor=donor, election=election)
        .select_related("fund__party", "version__report")
        .order_by("fund__party__ballot_position", "fund__code")
    )
    if not funds:
        raise Donor.DoesNotExist
    by_version = {f.version_id: f for f in funds}
    rows = Contribution.objects.filter(donor_id=donor.donor_id, version_id__in=list(by_version))
    spellings = list(rows.order_by().values_list("donor_name", "donor_kind").distinct())
    names = sorted({name for name, _kind in spellings if name})
    kinds = sorted({kind for _name, kind in spellings})
    page = Paginator(rows.order_by("date", "version_id", "line"), PAGE_SIZE).get_page(page_number)
    found = DonorPage(
        donor=donor,
        names=names,
        kinds=kinds,
        funds=funds,
        page=page,
        gifts=[Gift(item, by_version[item.version_id]) for item in page.object_list],
        updated_at=max((f.version.filed_at for f in funds if f.version.filed_at), default=None),
    )
    if set(kinds) & set(ENTITY_KINDS):
        found.entity, found.inn = _register(donor.donor_id)
    if "legal_entity" in kinds:
        found.company = _company(election, donor.donor_id)
    return found

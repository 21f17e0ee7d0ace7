"""What the public pages keep beside the filings: donors told apart without being exposed.

A `Donor` is one PIN or INN as the reports file it, known to the public only by its `ref`,
a keyed hash of the number (`disclosure/donors.py`). A `FundDonor` is what one donor gave
one fund in the fund's standing version (its current final report, else its current
interim report): kept when a version is filed, so that per-donor totals across funds and
spellings are read from a few rows, never summed over a million contributions per view.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from talapker.elections.models import Election
from talapker.filings.models import ReportVersion
from talapker.funds.models import Fund


class Donor(models.Model):
    """A donor's pseudonym. The number itself never leaves the platform: pages, the API and
    exports show `ref` and, for a legal entity, the INN the law publishes."""

    ref = models.CharField(_("public id"), max_length=16, unique=True)
    donor_id = models.CharField(_("PIN or INN"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.ref


class FundDonor(models.Model):
    """One donor's gifts to one fund, in the fund's standing version (rebuilt with each
    filing of the fund; never edited otherwise). In tyiyn, exact on every database."""

    donor = models.ForeignKey(
        Donor, on_delete=models.CASCADE, related_name="funds", verbose_name=_("donor")
    )
    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="+", db_index=False,
        verbose_name=_("fund"),
    )  # fmt: skip
    # The fund's election, kept here so that an election's donors are one index range.
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="+", db_index=False,
        verbose_name=_("election"),
    )  # fmt: skip
    version = models.ForeignKey(
        ReportVersion, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("report version"),
    )  # fmt: skip
    # The donor kind as filed (the greatest code when one number is filed under several:
    # legal_entity over individual, party_own over legal_entity), one name as filed, and
    # the keys (core.names) of every spelling filed, comma-separated, for the name filter.
    kind = models.CharField(_("donor kind"), max_length=16)
    name = models.CharField(_("donor name"), max_length=500)
    name_keys = models.TextField(_("name keys"), blank=True)
    cents = models.BigIntegerField(_("total in tyiyn"))
    gifts = models.PositiveIntegerField(_("contributions"))

    class Meta:
        verbose_name = _("donor of a fund")
        verbose_name_plural = _("donors of funds")
        constraints = [
            models.UniqueConstraint(fields=["fund", "donor"], name="fund_donor_once"),
        ]
        indexes = [models.Index(fields=["election", "donor"], name="fund_donor_election")]

    def __str__(self) -> str:
        return f"{self.donor} → {self.fund}: {self.cents}"

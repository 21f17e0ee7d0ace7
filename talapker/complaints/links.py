"""Complaints linked to the money: a complaint about an ad without a stated payer, or about
foreign money, linked to the ads it is about and to the findings of the preliminary
analysis it bears on; a finding then cites the complaint that prompted it.

The link to an ad is the complaint's own (`Complaint.ads`). The link to a finding is the
finding's (`compliance.Finding.complaints`, since compliance stands above complaints): it is
reached here through that relation's reverse name, `complaint.findings`, so that this app
never imports compliance. Either link is made and undone by the staff handling the
complaint, of the complaint's own election, each with its audit event:

    complaints.ad_linked  complaints.ad_unlinked
    complaints.finding_linked  complaints.finding_unlinked
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from talapker.ads.models import Ad
from talapker.audit.services import audit_record
from talapker.complaints.models import Complaint


def _audit(complaint: Complaint, action: str, actor: str, data: dict[str, Any]) -> None:
    audit_record(
        f"complaints.{action}",
        actor=actor,
        object_type="complaint",
        object_id=complaint.tracking_code,
        data={"election": complaint.election.code, **data},
    )


def ad_find(complaint: Complaint, ad_id: str) -> Ad:
    """An ad of the complaint's election by its id in the ad library."""
    ad = Ad.objects.filter(election_id=complaint.election_id, ad_id=ad_id.strip()).first()
    if ad is None:
        raise ValidationError(
            _("No ad of this election has the id %(id)s.") % {"id": ad_id.strip()}, code="no_ad"
        )
    return ad


def complaint_ad_link(complaint: Complaint, ad: Ad, *, actor: str, link: bool = True) -> None:
    """Link the complaint to an ad of its election (or, with `link=False`, undo it)."""
    if ad.election_id != complaint.election_id:
        raise ValidationError(_("The ad is of another election."), code="election")
    with transaction.atomic():
        linked = complaint.ads.filter(pk=ad.pk).exists()
        if linked == link:
            return
        if link:
            complaint.ads.add(ad)
        else:
            complaint.ads.remove(ad)
        _audit(complaint, "ad_linked" if link else "ad_unlinked", actor, {"ad": ad.ad_id})


def finding_find(complaint: Complaint, pk: int) -> Any:
    """A finding of the complaint's election by its number (its id in the findings pages)."""
    finding = complaint.findings.model.objects.filter(
        election_id=complaint.election_id, pk=pk
    ).first()
    if finding is None:
        raise ValidationError(
            _("No finding of this election has the number %(number)s.") % {"number": pk},
            code="no_finding",
        )
    return finding


def complaint_finding_link(
    complaint: Complaint, finding_pk: int, *, actor: str, link: bool = True
) -> None:
    """Record that a finding of the complaint's election cites the complaint (or, with
    `link=False`, no longer does)."""
    finding = finding_find(complaint, finding_pk)
    with transaction.atomic():
        linked = complaint.findings.filter(pk=finding.pk).exists()
        if linked == link:
            return
        if link:
            complaint.findings.add(finding)
        else:
            complaint.findings.remove(finding)
        _audit(
            complaint,
            "finding_linked" if link else "finding_unlinked",
            actor,
            {"finding": finding.pk, "rule": finding.rule},
        )

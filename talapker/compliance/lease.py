"""One screening run per fund at a time (`ScreeningLease`).

A run merges its findings in many short transactions (`merge.py`), so that no other writer
waits long for the database; two runs of one fund must therefore not interleave, or an older
run's late writes could undo a newer one's. A run takes a lease on each of its funds, in the
order of their ids, renews it as it writes, and gives it back at the end. A lease whose holder
died (a killed worker) lapses after `LEASE_SECONDS`; sooner where the holder ran on the same
machine: the holder names its host and process, and a run that finds that process gone takes
the lease at once (a killed queue consumer made `talapker screen` wait ten minutes; the fault
harness found it). A run that finds a fund leased waits for it; the run that held it had
started earlier, on older data, so the waiting run still screens what is there once it ends.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.compliance.models import ScreeningLease

LEASE_SECONDS = 600  # far above a national screen (15 s), so only a dead holder lapses
WAIT_SECONDS = 900  # how long a run waits for another run of its funds before it gives up
POLL_SECONDS = 0.2


class ScreeningBusy(RuntimeError):
    """Another run held a fund for longer than a run waits."""


class Lease:
    """The leases a run holds; `renew()` keeps them from lapsing while it writes."""

    def __init__(self, fund_ids: Sequence[int]) -> None:
        self.fund_ids = tuple(sorted(set(fund_ids)))
        self.holder = holder_name()

    def renew(self) -> None:
        ScreeningLease.objects.filter(fund_id__in=self.fund_ids, holder=self.holder).update(
            expires_at=_expiry()
        )

    def release(self) -> None:
        ScreeningLease.objects.filter(fund_id__in=self.fund_ids, holder=self.holder).delete()


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=LEASE_SECONDS)


def holder_name() -> str:
    """`host pid token`: who holds a lease, so that a run on the same host can tell that the
    holder's process is gone (the token tells two runs of one process apart)."""
    return f"{socket.gethostname()[:40]} {os.getpid()} {secrets.token_hex(8)}"


def holder_gone(holder: str) -> bool:
    """Whether the holder ran on this host in a process that no longer exists. A holder on
    another host, or named the old way, is never taken for gone: its lease lapses instead."""
    host, _space, rest = holder.partition(" ")
    pid = rest.split(" ", 1)[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def _take(fund_id: int, holder: str) -> bool:
    """Take the fund's lease if it is free or lapsed (one short transaction)."""
    now = timezone.now()
    with transaction.atomic():
        taken = ScreeningLease.objects.filter(fund_id=fund_id, expires_at__lt=now).update(
            holder=holder, expires_at=_expiry()
        )
        if taken:
            return True
        leased = ScreeningLease.objects.filter(fund_id=fund_id)
        held = leased.values_list("holder", flat=True).first()
        if held is not None:
            if holder_gone(held):  # its process died: taken over at once
                return bool(
                    ScreeningLease.objects.filter(fund_id=fund_id, holder=held).update(
                        holder=holder, expires_at=_expiry()
                    )
                )
            return False
        try:
            with transaction.atomic():
                ScreeningLease.objects.create(fund_id=fund_id, holder=holder, expires_at=_expiry())
        except IntegrityError:  # another run took it between the two statements
            return False
    return True


@contextmanager
def screening_lease(fund_ids: Sequence[int], wait: float | None = None) -> Iterator[Lease]:
    """Hold the funds for one run; waits (`WAIT_SECONDS`) while another run holds any."""
    lease = Lease(fund_ids)
    deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
    taken: list[int] = []
    try:
        for fund_id in lease.fund_ids:
            while not _take(fund_id, lease.holder):
                if time.monotonic() > deadline:
                    raise ScreeningBusy(_("another screening of the fund is still running"))
                time.sleep(POLL_SECONDS)
            taken.append(fund_id)
        yield lease
    finally:
        if taken:
            lease.release()

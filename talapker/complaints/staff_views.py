"""The staff's pages of complaints, under /{lang}/staff/complaints/.

Complaint handlers (the staff of a body: a commission, the prosecutor's office, the police,
national security) see their body's queue and complaints only; auditors and administrators
see every complaint. The public is sent to the login page; a signed-in user of another role
gets 403; a complaint another body handles is 404 to a handler, as one that does not exist.

- the queue: open complaints first, the nearest deadline first, overdue ones marked; filters
  by election, state, category, region, body and "overdue".
- a complaint: what was reported, where and when, the complainant's name and contact if
  given, the files (photos shown, PDFs and videos only downloaded), its history, and the
  steps: take, ask the complainant, forward, decide, join to a main complaint, link ads and
  findings.
- a file: an image inline (re-encoded, nothing but pixels), anything else as an attachment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from talapker.accounts.decorators import role_required
from talapker.accounts.models import COMMISSION_ROLES, Role
from talapker.accounts.permissions import is_auditor
from talapker.complaints import handling, links
from talapker.complaints.models import OPEN_STATES, Attachment, Body, Complaint, FileKind
from talapker.complaints.overdue import complaints_escalate, is_overdue, overdue_q
from talapker.complaints.places import region_label
from talapker.complaints.selectors import (
    bodies_visible_to,
    complaint_for_staff,
    queue,
    visible_to,
)
from talapker.complaints.staff_forms import (
    AdLinkForm,
    AskForm,
    DecideForm,
    FindingLinkForm,
    ForwardForm,
    JoinForm,
    QueueFilterForm,
)
from talapker.core.busy import write_if_free
from talapker.core.forms import form_saved
from talapker.elections.models import Election

COMPLAINTS_PER_PAGE = 100
complaint_staff = role_required(Role.HANDLER, *COMMISSION_ROLES)


def _escalate_if_due() -> None:
    """Escalate what is overdue before the queue is read, if the lock is free at once (the
    consumer's task escalates otherwise: overdue.py)."""
    if Complaint.objects.filter(overdue_q(), escalated_at__isnull=True).exists():
        write_if_free(complaints_escalate)


@never_cache
@complaint_staff  # before the method check: whoever is not staff is refused whatever the method
@require_safe
def complaint_queue(request: HttpRequest) -> HttpResponse:
    """The complaints the user handles, open ones first by deadline."""
    _escalate_if_due()
    bodies = bodies_visible_to(request.user)
    elections = list(Election.objects.order_by("-election_day", "code"))
    filter_form = QueueFilterForm(request.GET, elections=elections, bodies=bodies)
    chosen = filter_form.chosen()
    complaints = queue(request.user, chosen)
    page = Paginator(complaints, COMPLAINTS_PER_PAGE).get_page(request.GET.get("page"))
    mine = visible_to(request.user)
    context = {
        "filter_form": filter_form,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
        "page": page,
        "rows": [_row(c) for c in page.object_list],
        "bodies": bodies,
        "auditor": is_auditor(request.user),
        "counts": {
            "open": mine.filter(state__in=OPEN_STATES).count(),
            "overdue": mine.filter(overdue_q()).count(),
        },
    }
    return render(request, "complaints/staff_queue.html", context)


def _row(complaint: Complaint) -> dict[str, Any]:
    return {
        "complaint": complaint,
        "region": region_label(complaint.region),
        "overdue": is_overdue(complaint),
    }


DONE = {
    "take": gettext_lazy("You are examining the complaint now."),
    "forward": gettext_lazy("The complaint is forwarded."),
    "ask": gettext_lazy("The question is on the complaint's tracking page."),
    "decide": gettext_lazy("The complaint is decided."),
    "join": gettext_lazy("The complaint is joined to the main complaint."),
    "link-ad": gettext_lazy("The ad is linked."),
    "unlink-ad": gettext_lazy("The ad is no longer linked."),
    "link-finding": gettext_lazy("The finding is linked."),
    "unlink-finding": gettext_lazy("The finding is no longer linked."),
}


def _forms(data: Any, action: str, bodies: list[Body]) -> dict[str, Form]:
    """Every step's form, the one posted bound to what was sent."""
    makers: dict[str, Callable[[Any], Form]] = {
        "forward": lambda d: ForwardForm(d, bodies=bodies),
        "ask": AskForm,
        "decide": DecideForm,
        "join": JoinForm,
        "link-ad": AdLinkForm,
        "link-finding": FindingLinkForm,
    }
    return {name: make(data if name == action else None) for name, make in makers.items()}


def _save(request: HttpRequest, complaint: Complaint, action: str, data: dict[str, Any]) -> None:
    """Take the step `action` with the form's data; ValidationError when it does not fit."""
    actor = request.user.get_username()
    if action == "take":
        handling.complaint_take(complaint, actor=actor)
    elif action == "forward":
        handling.complaint_forward(complaint, data["body"], data["reason"], actor=actor)
    elif action == "ask":
        handling.complaint_ask(complaint, data["question"], actor=actor)
    elif action == "decide":
        handling.complaint_decide(
            complaint, data["outcome"], data["answer"], public=data["public"], actor=actor
        )
    elif action == "join":
        main = visible_to(request.user).filter(tracking_code=data["main"]).first()
        if main is None:
            raise ValidationError(_("No complaint you handle has this tracking code."))
        handling.complaint_join(complaint, main, actor=actor)
    elif action in ("link-ad", "unlink-ad"):
        ad = links.ad_find(complaint, data["ad_id"])
        links.complaint_ad_link(complaint, ad, actor=actor, link=action == "link-ad")
    else:
        link = action == "link-finding"
        links.complaint_finding_link(complaint, data["finding"], actor=actor, link=link)


def _saved_without_form(request: HttpRequest, complaint: Complaint, action: str) -> bool:
    """Take and the unlinking buttons carry no form: a refusal is a message on the page."""
    data = {"ad_id": request.POST.get("ad", ""), "finding": _number(request.POST.get("finding"))}
    try:
        _save(request, complaint, action, data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


def _number(text: str | None) -> int:
    try:
        return int(text or "0")
    except ValueError:
        return 0


@never_cache
@complaint_staff
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_page(request: HttpRequest, code: str) -> HttpResponseBase:
    """One complaint and the steps on it."""
    complaint = complaint_for_staff(request.user, code)
    others = [b for b in Body.objects.order_by("kind", "code") if b.pk != complaint.body_id]
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _forms(request.POST or None, action, others)
    status = 200
    if action:
        form = forms.get(action)
        if action not in DONE:
            saved = False
        elif form is None:
            saved = _saved_without_form(request, complaint, action)
        else:
            saved = form_saved(form, lambda data: _save(request, complaint, action, data))
        if saved:
            messages.success(request, DONE[action])
            if visible_to(request.user).filter(pk=complaint.pk).exists():
                return redirect("complaintstaff:complaint", complaint.tracking_code)
            return redirect("complaintstaff:queue")  # forwarded out of the handler's sight
        status = 400
    elif request.method == "POST":
        status = 400
    complaint.refresh_from_db()
    context = {
        "complaint": complaint,
        "region": region_label(complaint.region),
        "overdue": is_overdue(complaint),
        "open": complaint.state in OPEN_STATES,
        "steps": list(complaint.steps.select_related("body").order_by("at", "pk")),
        "attachments": list(complaint.attachments.order_by("pk")),
        "duplicates": list(complaint.duplicates.order_by("filed_at")),
        "ads": list(complaint.ads.order_by("ad_id")),
        "findings": list(complaint.findings.order_by("pk")),
        "forms": {name.replace("-", "_"): form for name, form in forms.items()},
        "auditor": is_auditor(request.user),
    }
    return render(request, "complaints/staff_complaint.html", context, status=status)


@never_cache
@complaint_staff
@require_safe
def attachment_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A file of a complaint: a photo inline (Pillow wrote it: pixels only), a PDF or a
    video only as a download, never rendered on our origin."""
    complaint = complaint_for_staff(request.user, code)
    found = get_object_or_404(Attachment, complaint=complaint, pk=pk)
    try:
        handle = found.file.open("rb")
    except OSError:
        raise Http404 from None
    stored = str(found.file.name or "")
    extension = "." + stored.rsplit(".", 1)[-1] if "." in stored else ""
    response = FileResponse(
        handle,
        as_attachment=found.kind != FileKind.IMAGE,
        filename=f"{complaint.tracking_code}-{found.pk}{extension}",
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

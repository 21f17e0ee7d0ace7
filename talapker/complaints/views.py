"""The public pages of complaints.

- `/complaints/`: the form to file a complaint (signed in or not: nothing of the user is
  kept), with the box to follow one by its tracking code (sent by POST to
  `/complaints/find/`, so that no code is guessed through the address bar's history).
- `/complaints/<code>/`: following a complaint: its state, the body examining it, the
  deadline, the steps, the staff's question with the form to answer it, and the decision
  with its reasoned answer. Never the complainant's name or contact, nor who handled it.
- `/elections/<election>/complaints/`: the statistics of an election's complaints.

Filing, replying and missed codes are limited per client address (`limits.py`); over the
limit the page answers 429 in its language, with what was typed still in the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from talapker.complaints.deadlines import elections_open_for_complaints, last_day_to_file
from talapker.complaints.filing import ComplaintData, complaint_file, complaint_reply
from talapker.complaints.forms import ComplaintForm, FindForm, ReplyForm
from talapker.complaints.limits import FILINGS, FINDS, REPLIES, WAIT, over_limit, too_many_text
from talapker.complaints.models import Complaint, State
from talapker.complaints.overdue import is_overdue
from talapker.complaints.places import region_label
from talapker.complaints.selectors import tracking
from talapker.complaints.statistics import complaint_statistics
from talapker.core.forms import form_saved
from talapker.elections.models import Election
from talapker.voters.requests import tracking_code_clean


def _too_many(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context["too_many"] = too_many_text()
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(WAIT)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponseBase:
    """The form to report a violation."""
    elections = elections_open_for_complaints()
    form = ComplaintForm(elections=elections)
    context: dict[str, Any] = {
        "elections": [(e, last_day_to_file(e)) for e in elections],
        "find_form": FindForm(),
    }
    status = 200
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, elections=elections)
        context["form"] = form
        if over_limit(request, "file", FILINGS):
            return _too_many(request, "complaints/file.html", context)
        filed: list[Complaint] = []
        if form_saved(form, lambda data: filed.append(complaint_file(_data(data)))):
            code = filed[0].tracking_code
            messages.success(
                request,
                _(
                    "Your complaint is recorded. Keep its tracking code, %(code)s: it is the "
                    "only way to follow it, and the address of this page holds it."
                )
                % {"code": code},
            )
            return redirect("complaints:complaint", code)
        status = 400
    context["form"] = form
    return render(request, "complaints/file.html", context, status=status)


def _data(cleaned: dict[str, Any]) -> ComplaintData:
    return ComplaintData(
        election=cleaned["election"],
        category=cleaned["category"],
        region=cleaned["region"],
        occurred_on=cleaned["occurred_on"],
        occurred_time=cleaned.get("occurred_time"),
        text=cleaned["text"],
        district=cleaned.get("district") or "",
        precinct=cleaned.get("precinct") or "",
        name=cleaned.get("name") or "",
        contact=cleaned.get("contact") or "",
        language=(get_language() or "ky")[:2],
        files=cleaned.get("attachments") or (),
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_find(request: HttpRequest) -> HttpResponseBase:
    """Find a complaint by its tracking code (sent by POST), then its page."""
    form = FindForm()
    status = 200
    if request.method == "POST":
        form = FindForm(request.POST)
        if over_limit(request, "find", FINDS):
            return _too_many(request, "complaints/find.html", {"form": form})
        status = 400
        if form.is_valid():
            code = form.cleaned_data["code"]
            if Complaint.objects.filter(tracking_code=code).exists():
                return redirect("complaints:complaint", code)
            form.add_error(
                "code", _("No complaint has this tracking code. Check it and try again.")
            )
            status = 404
    return render(request, "complaints/find.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def complaint_detail(request: HttpRequest, code: str) -> HttpResponseBase:
    """Following a complaint; while the staff wait for the complainant, the form to answer."""
    clean = tracking_code_clean(code)
    if clean is not None and clean != code:
        return redirect("complaints:complaint", clean)
    complaint = (
        Complaint.objects.select_related("election", "body").filter(tracking_code=clean).first()
        if clean
        else None
    )
    if complaint is None:
        if over_limit(request, "find", FINDS):
            return _too_many(request, "complaints/find.html", {"form": FindForm()})
        raise Http404(_("No complaint has this tracking code."))
    form = ReplyForm()
    status = 200
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES)
        if over_limit(request, "reply", REPLIES):
            return _too_many(request, "complaints/detail.html", _detail(complaint, form))
        if form_saved(
            form,
            lambda data: complaint_reply(complaint, data["text"], data.get("attachments") or ()),
        ):
            messages.success(request, _("Your answer is recorded."))
            return redirect("complaints:complaint", complaint.tracking_code)
        status = 400
    return render(request, "complaints/detail.html", _detail(complaint, form), status=status)


def _detail(complaint: Complaint, form: ReplyForm) -> dict[str, Any]:
    followed = tracking(complaint)
    return {
        "complaint": complaint,
        "tracking": followed,
        "shown": followed.shown,
        "region": region_label(complaint.region),
        "overdue": is_overdue(followed.shown),
        "reply_form": form if complaint.state == State.WAITING else None,
    }


@require_safe
def complaint_statistics_page(request: HttpRequest, election: str) -> HttpResponse:
    """An election's complaints in figures, and the answers made public."""
    found = get_object_or_404(Election, code=election)
    context = {
        "election": found,
        "stats": complaint_statistics(found),
        "open": found in elections_open_for_complaints(),
    }
    return render(request, "complaints/statistics.html", context)

"""The commission's results page (`/{lang}/staff/results/{election}/`): upload protocols
(one JSON file of one protocol or a list) and approve the results."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from talapker.accounts.decorators import staff_only
from talapker.core.errors import InputError
from talapker.elections.models import Election
from talapker.results import checks
from talapker.results.approval import ApprovalRefused, approve
from talapker.results.files import import_protocols
from talapker.results.models import Approval, Channel
from talapker.results.reading import MAX_BYTES
from talapker.results.standings import standing


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Protocols (JSON)"),
        help_text=gettext_lazy("One protocol, or a list of protocols, as formats.md writes them."),
    )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (the commission's decision)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I confirm: the commission approved these results"), required=True
    )


@never_cache
@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def staff_results(request: HttpRequest, election: str) -> HttpResponseBase:
    found = get_object_or_404(Election, code=election)
    upload, approval = UploadForm(), ApproveForm()
    status = 200
    actor = request.user.get_username()
    if request.method == "POST" and "upload" in request.POST:
        upload = UploadForm(request.POST, request.FILES)
        status = 400
        if upload.is_valid():
            part = upload.cleaned_data["file"]
            try:
                if part.size > MAX_BYTES * 4096:
                    raise InputError(part.name, _("the file is too large"))
                done = import_protocols(
                    found, [(part.name, part.read())], channel=Channel.UPLOAD, actor=actor
                )
            except InputError as err:
                upload.add_error("file", err.localized())
            else:
                messages.success(
                    request,
                    _("%(new)s protocols received, %(same)s unchanged.")
                    % {"new": done.received, "same": done.unchanged},
                )
                return redirect("resultstaff:results", found.code)
    if request.method == "POST" and "approve" in request.POST:
        approval = ApproveForm(request.POST)
        status = 400
        if approval.is_valid():
            try:
                approve(found, actor=actor, note=approval.cleaned_data["note"])
            except ApprovalRefused as err:
                approval.add_error(None, str(err))
            else:
                messages.success(request, _("The results are approved."))
                return redirect("resultstaff:results", found.code)
    context: dict[str, Any] = {
        "election": found,
        "now": standing(found),
        "approved": Approval.objects.filter(election=found).first(),
        "upload": upload,
        "approval": approval,
        "titles": checks.TITLES,
    }
    return render(request, "results/staff_results.html", context, status=status)

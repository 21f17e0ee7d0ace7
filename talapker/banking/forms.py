"""Forms of the staff pages: uploading a statement, filtering a fund's transactions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talapker.banking.models import Transaction
from talapker.banking.statements import DEFAULT_LIMITS
from talapker.elections.models import Election

# The statement parsers refuse anything larger; the page stops reading the upload there.
MAX_BYTES = DEFAULT_LIMITS.max_bytes


class SizeCapHandler(FileUploadHandler):
    """Stops receiving an uploaded file once it passes `cap` bytes, so that an oversized
    upload is neither kept in memory nor written to disk; the rest of the request body is
    read and dropped, and the form then reports the file as too large."""

    def __init__(self, request: HttpRequest, cap: int) -> None:
        super().__init__(request)
        self.cap = cap
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.cap:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the handlers after this one build the file


def too_large_message() -> str:
    return gettext("The file is larger than %(size)s, the most a statement may be.") % {
        "size": filesizeformat(MAX_BYTES)
    }


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Statement file"),
        allow_empty_file=True,  # the importer says why an empty file is no statement
        help_text=_(
            "SWIFT MT940, ISO 20022 camt.053 or CSV; the format is recognised from the content."
        ),
    )
    election = forms.ModelChoiceField(
        label=_("Election"),
        queryset=Election.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Any election (found from the account)"),
        help_text=_("Only needed when the same account number is used in several elections."),
    )

    def __init__(self, *args: Any, too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_BYTES:
            raise forms.ValidationError(too_large_message(), code="too_large")
        return upload

    def full_clean(self) -> None:
        super().full_clean()
        if self.too_large and self.is_bound:
            # The upload was stopped at the cap, so the field looks empty: say why instead.
            self.errors.pop("file", None)
            self.add_error("file", forms.ValidationError(too_large_message(), code="too_large"))


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *Transaction.Status.choices],
    )

    def chosen(self) -> str:
        """The chosen status, or "" for all (an unknown value shows all)."""
        if self.is_valid():
            return str(self.cleaned_data.get("status") or "")
        return ""

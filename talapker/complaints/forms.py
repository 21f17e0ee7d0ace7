"""The complainant's forms: filing a complaint, finding it by its tracking code, replying to
the staff's question. They check shapes and files; whether the complaint may be filed (the
election open, the station known) is `filing.complaint_file`'s to say."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talapker.complaints.models import CONTACT_MAX, TEXT_MAX, Category
from talapker.complaints.places import region_choices
from talapker.complaints.uploads import MAX_BYTES, MAX_FILES, CheckedFile, files_check, upload_read
from talapker.elections.models import Election
from talapker.voters.request_forms import RequestFindForm

ACCEPT = "image/jpeg,image/png,image/webp,video/mp4,video/quicktime,video/webm,application/pdf"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); checked together by
    `uploads.files_check`, which judges each by its content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ACCEPT, "class": "complaint-files"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> tuple[CheckedFile, ...]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(uploads) > MAX_FILES:
            raise ValidationError(
                _("At most %(max)s files can be sent at once.") % {"max": MAX_FILES}
            )
        return tuple(files_check([upload_read(upload) for upload in uploads]))


def _files_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Photos, videos or documents"),
        required=False,
        help_text=_(
            "Up to %(files)s files of at most %(mb)s MB each: photos (JPEG, PNG, WEBP), videos "
            "(MP4, WEBM) or PDF documents. The location is removed from photos before anyone "
            "sees them."
        )
        % {"files": MAX_FILES, "mb": MAX_BYTES // (1024 * 1024)},
    )


class ComplaintForm(forms.Form):
    """What happened, where and when; who to contact, only if the complainant wishes."""

    election = forms.ChoiceField(label=_("Election"), choices=())
    category = forms.ChoiceField(
        label=_("What kind of violation"), choices=Category.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What happened"),
        max_length=TEXT_MAX,
        help_text=_("Who did what, and who saw it. Up to %(max)s characters.") % {"max": TEXT_MAX},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    region = forms.ChoiceField(label=_("Region"), choices=())
    district = forms.CharField(
        label=_("District, town or village"),
        max_length=200,
        required=False,
    )
    precinct = forms.CharField(
        label=_("Number of the polling station"),
        max_length=16,
        required=False,
        help_text=_("If it happened at or near a polling station."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    occurred_on = forms.DateField(
        label=_("Day it happened"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    occurred_time = forms.TimeField(
        label=_("Time it happened"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    attachments = _files_field()
    name = forms.CharField(
        label=_("Your name"),
        max_length=CONTACT_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=_("Phone or e-mail"),
        max_length=CONTACT_MAX,
        required=False,
        help_text=_(
            "Only if you want to be contacted. Only the staff examining the complaint see it. "
            "Leave your name and contact empty to stay anonymous."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )

    def __init__(self, data: Any = None, files: Any = None, *, elections: list[Election]) -> None:
        super().__init__(data, files, initial={"occurred_on": timezone.localdate()})
        self.elections = {e.code: e for e in elections}
        election = self.fields["election"]
        assert isinstance(election, forms.ChoiceField)
        election.choices = [(e.code, e.name) for e in elections]
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", "—"), *region_choices()]

    def clean_election(self) -> Election:
        found = self.elections.get(self.cleaned_data["election"])
        if found is None:
            raise ValidationError(_("Choose an election."))
        return found


# The same code as a request to vote abroad has (voters/requests.py), found the same way.
FindForm = RequestFindForm


class ReplyForm(forms.Form):
    """The complainant's answer to the staff's question, on the tracking page."""

    text = forms.CharField(
        label=_("Your answer"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachments = _files_field()

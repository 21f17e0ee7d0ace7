"""The forms of the requests to vote abroad: the voter's request, finding a request by its
tracking code, and the staff's queue filter and decision. They check shapes only; who may
ask, and when, is `requests.request_create`'s to say."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from talapker.core.countries import country_name
from talapker.core.i18n import localized
from talapker.core.identifiers import is_pin
from talapker.elections.models import Election
from talapker.voters.models import Precinct, RequestState
from talapker.voters.requests import REASON_MAX, tracking_code_clean
from talapker.voters.widgets import BlankInput

ANY = ""


def station_label(station: Precinct) -> str:
    return f"{localized(station, 'name')} ({station.code})"


class AbroadRequestForm(forms.Form):
    """A voter's request: the election, who they are, and the station abroad (grouped by
    country, so that the page works without JavaScript)."""

    election = forms.CharField(label=_("Election"), widget=forms.Select)
    pin = forms.CharField(
        label=_("PIN"),
        max_length=14,
        help_text=_("The 14-digit personal identification number of your passport."),
        widget=BlankInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        help_text=_("YYYY-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    country = forms.ChoiceField(label=_("Country"), choices=())
    precinct = forms.ChoiceField(label=_("Polling station abroad"), choices=())

    def __init__(
        self,
        data: Any = None,
        *,
        elections: list[Election],
        stations: list[Precinct],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.stations = {s.code: s for s in stations}
        self.fields["election"].widget.choices = [(e.code, e.name) for e in elections]  # type: ignore[attr-defined]
        countries = sorted({s.country for s in stations}, key=lambda c: country_name(c))
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [(ANY, "—"), *((c, country_name(c)) for c in countries)]
        precinct = self.fields["precinct"]
        assert isinstance(precinct, forms.ChoiceField)
        by_country = sorted(stations, key=lambda s: (country_name(s.country), s.code))
        precinct.choices = [
            (ANY, "—"),
            *(
                (country_name(code), [(s.code, station_label(s)) for s in group])
                for code, group in groupby(by_country, key=lambda s: s.country)
            ),
        ]

    def clean_election(self) -> Election:
        code = self.cleaned_data["election"]
        election = Election.objects.filter(code=code).first()
        if election is None:
            raise ValidationError(_("Choose an election."))
        return election

    def clean_pin(self) -> str:
        pin = "".join(self.cleaned_data["pin"].split())
        if not is_pin(pin):
            raise ValidationError(_("A PIN is 14 digits."))
        return pin

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        station = self.stations.get(data.get("precinct") or "")
        if station is not None and data.get("country") and station.country != data["country"]:
            self.add_error("precinct", _("This station is not in the country you chose."))
        return data


class RequestFindForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        help_text=_("Eight letters and digits, as XXXX-XXXX."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = tracking_code_clean(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(_("A tracking code is eight letters and digits, as XXXX-XXXX."))
        return code


class RequestQueueFilterForm(forms.Form):
    """Which requests the staff queue shows; an unknown value shows all."""

    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[(ANY, _("any")), *RequestState.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[(ANY, _("any"))])

    def __init__(self, data: Any, *, countries: list[str]) -> None:
        super().__init__(data)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [(ANY, _("any")), *((c, country_name(c)) for c in countries)]

    def chosen(self) -> dict[str, str]:
        self.is_valid()  # the valid fields count; the others show all
        return {name: str(self.cleaned_data.get(name) or ANY) for name in ("state", "country")}


class RequestDecisionForm(forms.Form):
    """Approve or refuse a waiting request (a refusal needs its reason: the service says so)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("approve")), ("refuse", _("refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX,
        help_text=_("Needed for a refusal; the voter sees it."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

"""`/{lang}/voters/`: "am I on the voter list?" (lookup.py says what an answer may tell).

The PIN and the birth date travel only in the body of a POST (with the CSRF token), never in
the URL, and are not written back into the page: the answer shows the station alone. The
page is `private, no-store` (core/http/policy.py: not a public namespace).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from talapker.core.forms import DAY_FORMATS
from talapker.elections.models import Election
from talapker.voters.lookup import (
    lookup_default,
    lookup_elections,
    lookup_limit,
    voter_lookup,
)
from talapker.voters.widgets import BlankInput


class LookupForm(forms.Form):
    """The PIN is not checked here: a malformed one is "not found" like any other."""

    pin = forms.CharField(
        label=_("Personal identification number (PIN)"),
        help_text=_("14 digits, as in your passport or ID card."),
        strip=True,
        widget=BlankInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        help_text=_("Day, month and year: for example 15.03.1985."),
        input_formats=list(DAY_FORMATS),
        error_messages={"invalid": _("Write the date of birth as day.month.year: 15.03.1985.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "bday"}),
    )
    election = forms.ChoiceField(label=_("Election"))

    def __init__(self, *args: Any, elections: list[Election], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["election"]
        assert isinstance(field, forms.ChoiceField)  # for the type checker
        field.choices = [(e.code, e.name) for e in elections]
        if len(elections) < 2:  # nothing to choose: the one election, carried along
            field.widget = forms.HiddenInput()


def abroad_link() -> str:
    """The request to vote abroad: its page once it is served, its address until then."""
    try:
        return reverse("voters:abroad-request")
    except NoReverseMatch:
        return f"/{get_language()}/voters/abroad/"


@sensitive_post_parameters("pin", "birth_date")
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """The form; on POST, the voter's station or the one "not found"."""
    elections = lookup_elections()
    chosen = lookup_default(elections, timezone.localdate())
    initial = {"election": chosen.code if chosen else ""}
    context: dict[str, Any] = {"elections": elections, "abroad": abroad_link()}
    refusal = None
    if request.method == "POST":
        form = LookupForm(request.POST, elections=elections)
        if form.is_valid():
            by_code = {e.code: e for e in elections}
            election = by_code[form.cleaned_data["election"]]
            initial = {"election": election.code}
            refusal = lookup_limit(request)
            if refusal is not None:
                context["refused"] = refusal.text
            else:
                pin, born = form.cleaned_data["pin"], form.cleaned_data["birth_date"]
                context["station"] = voter_lookup(election.code, pin, born)
                context["asked"], context["election"] = True, election
            form = LookupForm(initial=initial, elections=elections)  # nothing echoed back
    else:
        form = LookupForm(initial=initial, elections=elections)
    context["form"] = form
    if refusal is None:
        return render(request, "voters/lookup.html", context)
    response = render(request, "voters/lookup.html", context, status=429)
    response["Retry-After"] = str(refusal.wait)
    return response

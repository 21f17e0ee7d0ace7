"""The public register of findings: `/{lang}/elections/{election}/findings/`.

The confirmed findings one by one, 50 a page, filtered by party, rule and severity through a
plain GET form (no JavaScript); the open ones only as counts per fund and rule; the dismissed
ones only as a number. What is published and why: `disclosure/findings.py`.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from talapker.disclosure import findings, selectors
from talapker.disclosure.views import _not_found_if_missing


class FindingFilterForm(forms.Form):
    """The register's filters; a value the election does not offer is refused, not guessed."""

    party = forms.ChoiceField(label=_("Party"), required=False)
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), required=False)

    def __init__(self, data: object, choices: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        every = {"party": _("All parties"), "rule": _("All rules"), "severity": _("All severities")}
        for name, field in self.fields.items():
            field.choices = [("", every[name]), *choices[name]]  # type: ignore[attr-defined]

    def filters(self) -> findings.Filters:
        """The valid choices; a refused one filters nothing (the form says why)."""
        self.is_valid()
        chosen = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        return findings.Filters(**chosen)


@require_safe
@_not_found_if_missing
def findings_register(request: HttpRequest, election: str) -> HttpResponse:
    found = selectors.election_get(code=election)
    funds = findings.party_funds(found)
    form = FindingFilterForm(request.GET, findings.filter_choices(found, funds))
    chosen = form.filters()
    page = Paginator(findings.confirmed_findings(found, chosen), findings.PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "election": found,
        "form": form,
        "filtered": bool(chosen.query()),
        "page": page,
        "confirmed": [findings.public_finding(f, found.code) for f in page.object_list],
        "open_counts": findings.open_counts(found, funds, chosen),
        "dismissed": findings.dismissed_count(found, chosen),
        "as_of": findings.as_of(found),
    }
    return render(request, "disclosure/findings.html", context)

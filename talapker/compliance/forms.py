"""The auditors' forms on findings: the queue's filter, the review and the party's response."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from talapker.candidates.models import Decision
from talapker.compliance.models import Review, Severity

ALL = "all"


class QueueFilterForm(forms.Form):
    """Which findings the queue shows; an unknown value falls back to the default."""

    review = forms.ChoiceField(
        label=_("Review"), required=False, choices=[*Review.choices, (ALL, _("any"))]
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("any")), *Severity.choices]
    )
    fund = forms.ChoiceField(label=_("Fund"), required=False, choices=[("", _("any"))])

    def __init__(self, data: Any, *, funds: list[tuple[str, str]]) -> None:
        super().__init__(data)
        fund = self.fields["fund"]
        assert isinstance(fund, forms.ChoiceField)
        fund.choices = [("", _("any")), *funds]

    def chosen(self) -> dict[str, str]:
        """review (default open, "all" for any), severity and fund ("" for any)."""
        chosen = {"review": Review.OPEN.value, "severity": "", "fund": ""}
        self.is_valid()  # the fields that are valid count; the others keep their default
        for name in chosen:
            value = self.cleaned_data.get(name) or ""
            if value:
                chosen[name] = str(value)
        return chosen


class ReviewForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="review")
    review = forms.ChoiceField(label=_("Decision"), choices=Review.choices)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the decision.")},
    )


class ResponseForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="response")
    response = forms.CharField(
        label=_("The party's response"), widget=forms.Textarea(attrs={"rows": 3})
    )
    refunded_amount = forms.DecimalField(
        label=_("Amount refunded, som"), required=False, max_digits=16, decimal_places=2
    )
    refunded_on = forms.DateField(
        label=_("Refunded on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("YYYY-MM-DD"),
    )


class CandidateDecisionForm(forms.Form):
    """The commission's decision on a candidate; a refusal names one of the rules found."""

    decision = forms.ChoiceField(label=_("Decision"), choices=())
    rule = forms.ChoiceField(
        label=_("Rule the refusal rests on"),
        required=False,
        choices=(),
        help_text=_("Needed for a refusal: one of the findings above."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the decision.")},
    )

    def __init__(self, *args: Any, rules: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        rule = self.fields["rule"]
        assert isinstance(decision, forms.ChoiceField) and isinstance(rule, forms.ChoiceField)
        decision.choices = Decision.choices
        rule.choices = [("", "—"), *rules]

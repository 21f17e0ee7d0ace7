"""The staff's forms: the queue's filter and one form per step on a complaint (the page
posts `action` to say which). They check shapes only; `handling.py` and `links.py` say
whether the step fits the complaint."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from talapker.complaints.models import TEXT_MAX, Body, Category, Outcome, State
from talapker.complaints.places import region_choices
from talapker.core.i18n import localized
from talapker.elections.models import Election
from talapker.voters.requests import tracking_code_clean

ANY = ""
SHOW = [("open", _("open")), ("overdue", _("overdue")), ("all", _("all"))]


class QueueFilterForm(forms.Form):
    """Which complaints the queue shows; an unknown value shows all of that field."""

    show = forms.ChoiceField(label=_("Show"), required=False, choices=SHOW)
    election = forms.ChoiceField(label=_("Election"), required=False, choices=())
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[(ANY, _("any")), *State.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[(ANY, _("any")), *Category.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=())
    body = forms.ChoiceField(label=_("Body"), required=False, choices=())

    def __init__(self, data: Any, *, elections: list[Election], bodies: list[Body]) -> None:
        super().__init__(data)
        self._choices("election", [(e.code, e.name) for e in elections])
        self._choices("region", region_choices())
        self._choices("body", [(b.code, localized(b, "name")) for b in bodies])
        if len(bodies) < 2:
            del self.fields["body"]

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(ANY, _("any")), *choices]

    def chosen(self) -> dict[str, str]:
        self.is_valid()  # the valid fields count; the others show all
        chosen = {name: str(self.cleaned_data.get(name) or ANY) for name in self.fields}
        chosen["show"] = chosen["show"] or "open"
        return chosen


class ForwardForm(forms.Form):
    body = forms.ChoiceField(label=_("Forward to"), choices=())
    reason = forms.CharField(
        label=_("Why"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data: Any = None, *, bodies: list[Body]) -> None:
        super().__init__(data, prefix="forward")
        self.bodies = {b.code: b for b in bodies}
        body = self.fields["body"]
        assert isinstance(body, forms.ChoiceField)
        body.choices = [(b.code, localized(b, "name")) for b in bodies]

    def clean_body(self) -> Body:
        return self.bodies[self.cleaned_data["body"]]


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Question to the complainant"),
        max_length=TEXT_MAX,
        help_text=_("Shown on the complaint's tracking page, where the complainant answers."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="ask")


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    answer = forms.CharField(
        label=_("Reasoned answer"),
        max_length=TEXT_MAX,
        help_text=_(
            "The complainant reads it on the tracking page. Write it without personal data "
            "if it is to be published."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    public = forms.BooleanField(label=_("Publish the answer"), required=False)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="decide")


class JoinForm(forms.Form):
    main = forms.CharField(
        label=_("Tracking code of the main complaint"),
        max_length=20,
        help_text=_("This complaint is joined to it and closed; its complainant follows that one."),
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="join")

    def clean_main(self) -> str:
        code = tracking_code_clean(self.cleaned_data["main"])
        if code is None:
            raise ValidationError(_("A tracking code is eight letters and digits, as XXXX-XXXX."))
        return code


class AdLinkForm(forms.Form):
    ad_id = forms.CharField(label=_("Ad id in the ad library"), max_length=64)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="ad")


class FindingLinkForm(forms.Form):
    finding = forms.IntegerField(label=_("Number of the finding"), min_value=1)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="finding")

"""Forms of the review queue."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.reconcile.models import DecisionKind

KEY = r"^[rp][0-9]{1,12}$"


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (k.value, k.label)
            for k in (
                DecisionKind.ACCEPT,
                DecisionKind.REJECT,
                DecisionKind.SPLIT,
                DecisionKind.MERGE,
            )
        ],
    )
    left_key = forms.RegexField(label=_("Record"), regex=KEY, max_length=20)
    right_key = forms.RegexField(label=_("Other record"), regex=KEY, max_length=20, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RegisterForm(forms.Form):
    cluster = forms.MultipleChoiceField(label=_("Persons"), choices=[])

    def __init__(self, *args: object, clusters: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["cluster"].choices = [(c, c) for c in clusters]  # type: ignore[attr-defined]

"""Forms of the documents section on the person's page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pcmt.documents.models import AttachmentKind
from pcmt.documents.selectors import episode_choices


class AttachmentForm(forms.Form):
    episode = forms.ChoiceField(label=_("Episode"))
    kind = forms.ChoiceField(label=_("Kind of scan"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A scan as PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, person_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["episode"].choices = episode_choices(person_id)  # type: ignore[attr-defined]

    def episode_key(self) -> tuple[str, int]:
        label, _sep, pk = self.cleaned_data["episode"].partition(":")
        return label, int(pk)


class AttachmentRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for removal"), max_length=300)

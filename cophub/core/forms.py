"""Form fields that follow the Thai rules (people type ๒๕๖๑ as often as 2561)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.core.thai import arabic_digits


class ThaiIntegerField(forms.IntegerField):
    """An integer that may be typed in Thai digits.

    A text box with a numeric keyboard, not ``type=number``: browsers refuse Thai
    digits in number inputs, and people type ๒๕๖๙ as often as 2569.
    """

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def widget_attrs(self, widget):
        # Skip IntegerField's min/max/step attributes, which only a number input takes.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if isinstance(value, str):
            value = arabic_digits(value.strip()).replace(",", "")
        return super().to_python(value)


class LinesField(forms.CharField):
    """A textarea where each non-empty line is one item of an ordered list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, max_lines: int = 50, **kwargs):
        self.max_lines = max_lines
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One per line, in order."))
        super().__init__(strip=True, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        lines = [" ".join(line.split()) for line in text.splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > self.max_lines:
            raise forms.ValidationError(_("At most %(n)d lines."), params={"n": self.max_lines})
        return lines

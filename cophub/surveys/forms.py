from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.core.forms import ThaiDateTimeField, ThaiIntegerField
from cophub.surveys.models import Question, ScoringPolicy


class SurveySettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    intro = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    opens_at = ThaiDateTimeField(label=_("Opens"), required=False)
    closes_at = ThaiDateTimeField(label=_("Closes"), required=False)
    attendees_only = forms.BooleanField(
        label=_("Attendees only"),
        required=False,
        help_text=_(
            "Only participants who checked in can answer, each once, from the activity's QR "
            "code. Answers stay anonymous: the system records that a participant answered, "
            "never which answer is theirs."
        ),
    )

    def __init__(self, *args, attendees_only_fixed: bool = False, **kwargs):
        """``attendees_only_fixed``: the activity takes no registrations, or people have
        answered; the page says why next to the field."""
        super().__init__(*args, **kwargs)
        self.fields["attendees_only"].disabled = attendees_only_fixed

    def clean(self):
        data = super().clean()
        for name in ("opens_at", "closes_at"):
            if data.get(name) and not 2000 <= data[name].year <= 2200:
                self.add_error(name, _("Give a date between 2000 and 2200 (Common Era)."))
                data[name] = None
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data


class QuestionForm(forms.Form):
    position = ThaiIntegerField(
        label=_("Order"),
        min_value=1,
        max_value=999,
        widget=forms.TextInput(attrs={"class": "narrow-input", "inputmode": "numeric"}),
    )
    code = forms.RegexField(
        regex=r"^[a-z][a-z0-9_-]*$",
        error_messages={"invalid": _("Start with a letter; use a–z, 0–9, - and _ only.")},
        label=_("Code"),
        max_length=20,
        help_text=_("Keep the code when rewording, so answers count together."),
    )
    section = forms.CharField(label=_("Section"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    required = forms.BooleanField(label=_("Required"), required=False)
    profile = forms.BooleanField(label=_("Respondent profile"), required=False)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For choices: one per line, as value=label."),
    )

    def clean_options(self):
        rows = []
        for line in (self.cleaned_data.get("options") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            value, sep, label = line.partition("=")
            value, label = value.strip(), (label.strip() if sep else value.strip())
            if not value or not label:
                raise forms.ValidationError(_("Write each option as value=label."))
            rows.append({"value": value[:100], "label": label[:200]})
        return rows

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
            and len(data.get("options") or []) < 2
        ):
            self.add_error("options", _("A choice question needs at least two options."))
        return data


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        codes = [f.cleaned_data["code"] for f in self.kept_forms()]
        duplicates = {c for c in codes if codes.count(c) > 1}
        if duplicates:
            raise forms.ValidationError(
                _("Each question needs its own code: %(codes)s"),
                params={"codes": ", ".join(sorted(duplicates))},
            )
        if not codes:
            raise forms.ValidationError(_("A survey needs at least one question."))

    def kept_forms(self):
        return [
            f
            for f in self.forms
            if f.cleaned_data and f.cleaned_data.get("code") and not f.cleaned_data.get("DELETE")
        ]

    def questions(self) -> list[dict]:
        kept = sorted(self.kept_forms(), key=lambda f: f.cleaned_data["position"])
        return [
            {
                k: f.cleaned_data[k]
                for k in ("code", "section", "kind", "text", "required", "profile", "options")
            }
            for f in kept
        ]


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=1,
    can_delete=True,
    max_num=100,
    validate_max=True,
)


def question_initial(questions) -> list[dict]:
    return [
        {
            "position": q.position, "code": q.code, "section": q.section, "kind": q.kind, "text": q.text,
            "required": q.required, "profile": q.profile,
            "options": "" if q.kind == Question.Kind.LIKERT else "\n".join(f"{o['value']}={o['label']}" for o in q.options),
        }
        for q in questions
    ]  # fmt: skip


class ScoringForm(forms.Form):
    levels = forms.ChoiceField(
        label=_("Level ranges"), choices=ScoringPolicy.Levels.choices, widget=forms.RadioSelect
    )
    percent = forms.ChoiceField(
        label=_("Percentage"), choices=ScoringPolicy.Percent.choices, widget=forms.RadioSelect
    )

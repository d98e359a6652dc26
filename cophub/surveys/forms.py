from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.core.forms import ThaiDateTimeField
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
    """One question in the editor. No codes: the service makes them (services/questions.py)."""

    text = forms.CharField(label=_("Question"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For a choice question: one choice per line. Rewording a choice keeps the "
            "answers already given to it."
        ),
    )
    section = forms.CharField(
        label=_("Section"),
        max_length=200,
        required=False,
        help_text=_("Questions with the same section are shown under one heading."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)
    profile = forms.BooleanField(
        label=_("About the respondent"),
        required=False,
        help_text=_("Such as organisation type: counted, never listed as a comment."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "question")
        super().__init__(*args, **kwargs)

    def clean_choices(self):
        labels = []
        for line in (self.cleaned_data.get("choices") or "").splitlines():
            label = " ".join(line.split())
            if not label:
                continue
            if len(label) > 200:
                raise forms.ValidationError(_("Keep each choice within 200 characters."))
            if label in labels:
                raise forms.ValidationError(
                    _("“%(choice)s” is written twice."), params={"choice": label}
                )
            labels.append(label)
        return labels

    def clean(self):
        data = super().clean()
        if data.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if len(data.get("choices") or []) < 2:
                self.add_error("choices", _("A choice question needs at least two choices."))
        else:
            data["choices"] = []
        return data

    @staticmethod
    def initial_of(question: Question) -> dict:
        return {
            "text": question.text, "kind": question.kind, "section": question.section,
            "required": question.required, "profile": question.profile,
            "choices": "\n".join(o["label"] for o in question.options) if question.is_choice else "",
        }  # fmt: skip


class SurveyStartForm(forms.Form):
    """Where a new survey's questions come from: the standard template, one of the
    organisation's templates, or an earlier activity's survey."""

    STANDARD = "standard"
    source = forms.ChoiceField(label=_("Start from"), required=False)  # none: the standard

    def __init__(self, *args, templates=(), activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {f"t{t.pk}": t for t in templates}
        self.activities = {f"a{a.pk}": a for a in activities}
        choices = [(self.STANDARD, _("The standard Thai government satisfaction survey"))]
        if self.templates:
            choices.append(
                (_("The organisation's templates"),
                 [(k, f"{t.title} ({t.organization})") for k, t in self.templates.items()])
            )  # fmt: skip
        if self.activities:
            choices.append(
                (_("Copy the survey of an earlier activity"),
                 [(k, f"{a.program.title}: {a.title}") for k, a in self.activities.items()])
            )  # fmt: skip
        self.fields["source"].choices = choices
        self.fields["source"].initial = self.STANDARD

    def sources(self) -> dict:
        """The keyword arguments of ``survey_create`` for the chosen source."""
        key = self.cleaned_data["source"]
        if key in self.templates:
            return {"template": self.templates[key]}
        if key in self.activities:
            return {"copy_from": self.activities[key]}
        return {}


class TemplateSaveForm(forms.Form):
    title = forms.CharField(label=_("Template name"), max_length=300)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "template")
        super().__init__(*args, **kwargs)


class ScoringForm(forms.Form):
    levels = forms.ChoiceField(
        label=_("Level ranges"), choices=ScoringPolicy.Levels.choices, widget=forms.RadioSelect
    )
    percent = forms.ChoiceField(
        label=_("Percentage"), choices=ScoringPolicy.Percent.choices, widget=forms.RadioSelect
    )


class ResponseRangeForm(forms.Form):
    """A range of minutes of submissions to remove (services/flood.py); both ends included."""

    start = ThaiDateTimeField(label=_("From (minute)"))
    end = ThaiDateTimeField(label=_("To (minute)"))

import datetime as dt

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_filters_follow_the_screen_language():
    with translation.override("th"):
        assert render("{{ n|number }} {{ y|be_year }}", n=1234, y=2561) == "๑,๒๓๔ ๒๕๖๑"
        assert render("{{ d|thaidate }}", d=dt.date(2018, 3, 5)) == "๕ มีนาคม ๒๕๖๑"
    with translation.override("en"):
        assert render("{{ n|number }} {{ y|be_year }}", n=1234, y=2561) == "1,234 2561"
        assert render("{{ d|thaidate }}", d=dt.date(2018, 3, 5)) == "5 Mar 2018"


def test_formal_filter_is_always_thai():
    with translation.override("en"):
        assert render("{{ n|thai_digits }}", n=36) == "๓๖"


def test_empty_values_render_empty():
    assert render("[{{ n|number }}][{{ d|thaidate }}][{{ n|digits }}]", n=None, d=None) == "[][][]"

"""Districts (อำเภอ, and Bangkok's เขต) of a province, from the ``geothai`` package.

geothai carries the Department of Provincial Administration's list of 928 districts on
DOPA codes; our provinces are keyed by the same two-digit codes (``provinces.json``), so a
province's districts are ``geothai.districts(province.code)``. Nothing is copied into
the database: the package is the reference, and a new release of it is a new list
(docs/decisions.md, "Districts from geothai").
"""

from __future__ import annotations

import difflib
import re
from functools import cache

import geothai
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cophub.core.thai import thai_sorted
from cophub.orgs.models import Province

# What people write before a district's name, and the marks names differ by. "อ." needs
# its dot: without it อ is the first letter of names such as อ่างทอง.
_PREFIX = re.compile(r"^(?:กิ่งอำเภอ|อำเภอ|เขต|อ\.|ข\.)")
_MARKS = re.compile(r"[\s.'’\-]+")
_CAPITAL = ("เมือง", "mueang", "muang")  # "อ.เมือง": the capital district, code XX01
BANGKOK = "10"  # whose districts are เขต, with no capital district


def _key(text: str) -> str:
    text = (text or "").replace("\u200b", "").strip().casefold()
    return _MARKS.sub("", _PREFIX.sub("", text.lstrip()).strip())


@cache
def _districts(province_code: str) -> tuple:
    return tuple(geothai.districts(province_code))


def district_names(province: Province | None) -> list[str]:
    """The Thai names of a province's districts in dictionary order; none without one."""
    if province is None:
        return []
    return thai_sorted(d.name_th for d in _districts(province.code))


def district_of(province: Province, written: str) -> str | None:
    """The district's official Thai name for what a person wrote, if it is one of the
    province's: "อ.เมือง", "อำเภอเมืองเชียงใหม่", "Mueang Chiang Mai" and "เมืองเชียงใหม่"
    all give เมืองเชียงใหม่; "บางรัก" in Bangkok gives เขตบางรัก."""
    key = _key(written)
    if not key:
        return None
    for d in _districts(province.code):
        if key in (_key(d.name_th), _key(d.name_en)):
            return d.name_th
        if key in _CAPITAL and d.code.endswith("01") and province.code != BANGKOK:
            return d.name_th
    return None


def district_suggestions(province: Province, written: str, n: int = 3) -> list[str]:
    """The province's districts whose names are nearest to what was written."""
    names = {_key(d.name_th): d.name_th for d in _districts(province.code)}
    near = difflib.get_close_matches(_key(written), names, n=n, cutoff=0.5)
    return [names[k] for k in near]


def district_checked(province: Province | None, written: str) -> str:
    """The official name of the district written for a place in ``province`` ("" for none).

    The one rule for every way a site is entered (the activity form, the program
    document): a district needs its province and must be one of that province's. The
    ValidationError is keyed by the field at fault, "province" or "district", and names
    the nearest districts when there are any.
    """
    written = (written or "").strip()
    if not written:
        return ""
    if province is None:
        raise ValidationError(
            {"province": _("Choose the province of district %(district)s.") % {"district": written}}
        )
    official = district_of(province, written)
    if official is None:
        message = _("%(province)s has no district %(district)s.") % {
            "province": province.name_th, "district": written}  # fmt: skip
        near = district_suggestions(province, written)
        if near:
            message += " " + _("Did you mean %(names)s?") % {"names": ", ".join(near)}
        raise ValidationError({"district": message})
    return official

"""Reads for organisations and provinces, including name look-ups used by imports."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import F, Q

from cophub.accounts.models import User
from cophub.core.thai import thai_sorted
from cophub.orgs.models import Organization, Province

_PROVINCE_PREFIX = re.compile(r"^\s*(จังหวัด|จ\.)\s*")


def province_by_name(name: str) -> Province | None:
    """Find a province by its Thai name (with or without จังหวัด/จ.) or English name."""
    text = _PROVINCE_PREFIX.sub("", name or "").strip()
    if not text:
        return None
    return (
        Province.objects.filter(name_th=text).first()
        or Province.objects.filter(name_en__iexact=text).first()
        or (Province.objects.filter(name_th="กรุงเทพมหานคร").first() if text == "กทม." else None)
    )


def province_by_pk(pk: int) -> Province | None:
    return Province.objects.filter(pk=pk).first()


def organization_by_name(name: str) -> Organization | None:
    """Find an organisation by its exact name, abbreviation or code."""
    text = " ".join((name or "").split())
    if not text:
        return None
    return (
        Organization.objects.filter(name=text).order_by("pk").first()
        or Organization.objects.filter(short_name=text).order_by("pk").first()
        or Organization.objects.filter(code=text).first()
    )


def organization_choices():
    return Organization.objects.exclude(kind=Organization.Kind.EXTERNAL).select_related("parent")


def staff_list(*, query: str = "", role: str = "") -> list:
    """Accounts with their staff record, for the admins' page, in Thai name order.
    One query: the organisation's name rides along as an annotation."""
    users = User.objects.annotate(
        organization_name=F("person__organization__name"),
        position=F("person__position"),
    )
    if role:
        users = users.filter(role=role)
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query)
            | Q(last_name__icontains=query) | Q(email__icontains=query)
        )  # fmt: skip
    people = list(users[:500])
    for u in people:
        u.display_name = u.get_full_name() or u.username
    return thai_sorted(people, key=lambda u: u.display_name)


# --- matching what people write to the reference tree ------------------------------------
# Participant lists name organisations every way: in full, with or without กรม/สำนักงาน,
# by abbreviation with or without dots (สป.มท., สปมท, ปภ.), as a provincial or district
# office (ที่ทำการปกครองจังหวัดเชียงใหม่, สนง.พช.อำเภอแม่ริม), shortened with ฯ (โยธาฯ).
# OrganizationMatcher loads the tree once and answers from memory, so a list of 5,000
# rows costs two queries however many organisations it names.
_KEY_DROP = re.compile(r"[\s.\-–—_,:;'\"/\\()\[\]*]+")
_ORG_TYPE_WORDS = ("สำนักงาน", "สนง", "กรม", "ที่ทำ")  # what precedes a unit's own name
_BANGKOK = ("กรุงเทพมหานคร", "กรุงเทพฯ", "กรุงเทพ", "กทม")
# What is left of a local office's name once its place is cut off, where it is not the
# department's own name: สำนักงานจังหวัด (and the ศาลากลาง) is the Office of the Permanent
# Secretary's, ที่ว่าการอำเภอ the Department of Provincial Administration's.
_OFFICE_OF = {"สำนักงาน": "OPS", "ศาลากลาง": "OPS", "ที่ว่าการ": "DOPA"}
# Abbreviations in common use that the reference data does not carry.
_EXTRA_SHORT = {"สป": "OPS", "มท": "MOI", "กรมปค": "DOPA", "สนงปลัดมท": "OPS"}


def org_key(text: str) -> str:
    """A name as matched: case folded, without spaces, dots, dashes or brackets."""
    return _KEY_DROP.sub("", (text or "").replace("\u200b", "").casefold())


def _stem(key: str) -> str:
    """The unit's own name in a key: กรมการปกครอง, ที่ทำการปกครอง → ปกครอง."""
    for word in _ORG_TYPE_WORDS:
        if key.startswith(word) and len(key) > len(word):
            key = key[len(word) :]
            break
    if key.startswith("การ") and len(key) > 3:
        key = key[3:]
    return key


@dataclass
class OrgMatch:
    """What a written organisation came to: the unit (or None), the province its name
    gave, and the nearest names when nothing matched."""

    organization: Organization | None
    province: Province | None = None
    suggestions: list[str] = field(default_factory=list)


class OrganizationMatcher:
    """The reference tree in memory; ``match(text)`` for each row of a list."""

    def __init__(self, organizations: list[Organization], provinces: list[Province]):
        self.by_pk = {o.pk: o for o in organizations}
        self.provinces = provinces
        self._province_keys = sorted(
            ((org_key(p.name_th), p) for p in provinces), key=lambda kp: -len(kp[0])
        )
        bangkok = next((p for p in provinces if p.name_th == _BANGKOK[0]), None)
        if bangkok is not None:
            self._province_keys += [(org_key(b), bangkok) for b in _BANGKOK[1:]]
        self._exact: dict[str, list[Organization]] = {}
        self._stems: dict[str, list[Organization]] = {}
        by_code = {o.code: o for o in organizations if o.code}
        for org in organizations:
            for written in (org.name, org.short_name, org.code or "", org.name_en):
                self._add(self._exact, org_key(written), org)
            self._add(self._stems, _stem(org_key(org.name)), org)
        for short, code in _EXTRA_SHORT.items():
            if code in by_code and short not in self._exact:
                self._add(self._exact, short, by_code[code])
        self._office_of = {k: by_code[c] for k, c in _OFFICE_OF.items() if c in by_code}
        # Local offices in the tree: (department, province) → the office.
        self._offices: dict[tuple[int, int], list[Organization]] = {}
        for org in organizations:
            if org.kind == Organization.Kind.OFFICE and org.parent_id and org.province_id:
                self._offices.setdefault((org.parent_id, org.province_id), []).append(org)
        self._names = {org_key(o.name): o.name for o in organizations}
        self._names.update({_stem(org_key(o.name)): o.name for o in organizations})
        self._cache: dict[str, OrgMatch] = {}

    @classmethod
    def load(cls) -> OrganizationMatcher:
        return cls(list(Organization.objects.all()), list(Province.objects.all()))

    @staticmethod
    def _add(index: dict, key: str, org: Organization) -> None:
        if key and org not in index.setdefault(key, []):
            index[key].append(org)

    def province(self, text: str) -> Province | None:
        """A province written with or without จังหวัด/จ., in Thai or English."""
        key = org_key(_PROVINCE_PREFIX.sub("", text or ""))
        if not key:
            return None
        for p_key, province in self._province_keys:
            if key == p_key:
                return province
        return next((p for p in self.provinces if org_key(p.name_en) == key), None)

    def province_suggestions(self, text: str) -> list[str]:
        key = org_key(_PROVINCE_PREFIX.sub("", text or ""))
        names = {org_key(p.name_th): p.name_th for p in self.provinces}
        return [names[k] for k in difflib.get_close_matches(key, names, n=3, cutoff=0.5)]

    def match(self, text: str) -> OrgMatch:
        key = org_key(text)
        if key not in self._cache:
            self._cache[key] = self._match(text, key)
        return self._cache[key]

    def _match(self, text: str, key: str) -> OrgMatch:
        if not key:
            return OrgMatch(None)
        # "กรมการปกครอง (ปค.)": the name outside the brackets, else the one inside.
        inside = re.search(r"\(([^)]*)\)", text)
        if inside:
            for part in (re.sub(r"\([^)]*\)", " ", text), inside.group(1)):
                found = self._unit(org_key(part))
                if found:
                    return self.placed(found, None)
        found = self._unit(key)
        if found:
            return self.placed(found, None)
        unit_key, province = self._cut_place(key)
        if unit_key != key:
            found = self._unit(unit_key) or self._office_of.get(unit_key)
            if found:
                return self.placed(found, province)
        return OrgMatch(None, None, self.suggestions(unit_key or key))

    def _unit(self, key: str) -> Organization | None:
        """The one unit a key names, preferring a department over its offices."""
        if not key:
            return None
        abbreviated = key.endswith("ฯ")
        key = key.rstrip("ฯ")
        stem = _stem(key)
        for index, k in ((self._exact, key), (self._stems, stem), (self._exact, stem)):
            found = self._one(index.get(k, []))
            if found:
                return found
        if abbreviated and len(_stem(key)) >= 3:
            # โยธาฯ: the one unit whose own name begins so.
            start = _stem(key)
            return self._one(
                [o for s, orgs in self._stems.items() if s.startswith(start) for o in orgs]
            )
        return None

    @staticmethod
    def _one(orgs: list[Organization]) -> Organization | None:
        if len(orgs) > 1:
            top = [o for o in orgs if o.kind != Organization.Kind.OFFICE]
            orgs = top if len(top) == 1 else orgs
        return orgs[0] if len(orgs) == 1 else None

    def _cut_place(self, key: str) -> tuple[str, Province | None]:
        """Cut ``อำเภอ…`` and ``จังหวัด…`` (or a province's name at the end) off a key."""
        province = None
        for marker in ("จังหวัด", "จ"):
            at = key.rfind(marker)
            while at > 0:
                rest = key[at + len(marker) :]
                hit = next((p for k, p in self._province_keys if rest.startswith(k)), None)
                if hit:
                    province, key = hit, key[:at]
                    break
                at = key.rfind(marker, 0, at)
            if province:
                break
        if province is None:
            hit = next(
                ((k, p) for k, p in self._province_keys if key.endswith(k) and key != k), None
            )
            if hit:
                key, province = key[: -len(hit[0])], hit[1]
        at = key.find("อำเภอ", 1)
        if at > 0:
            key = key[:at]
        return key, province

    def placed(self, org: Organization, province: Province | None) -> OrgMatch:
        """A department named with a province is its office there, if the tree has one."""
        if province is not None:
            offices = self._offices.get((org.pk, province.pk), [])
            if len(offices) == 1:
                return OrgMatch(offices[0], province)
        return OrgMatch(org, province)

    def suggestions(self, key: str) -> list[str]:
        near = difflib.get_close_matches(key.rstrip("ฯ"), self._names, n=6, cutoff=0.5)
        out: list[str] = []
        for k in near:
            if self._names[k] not in out:
                out.append(self._names[k])
        return out[:3]


def organization_subtree_ids(roots) -> set[int]:
    """The ids of ``roots`` (organisations or ids) and of every unit below them.

    One query a level of the tree (ministry → department → office is three).
    """
    found = {r.pk if isinstance(r, Organization) else int(r) for r in roots}
    frontier = set(found)
    while frontier:
        below = set(
            Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = below - found
        found |= frontier
    return found

"""The person whose data is exported or erased, and the redaction of their identifiers.

``Subject`` is taken before anything changes: the identifiers a section looks for (the
name as written in each form, e-mail, telephone) are those the person had, not the
pseudonym they get at the end of an erasure.

A whole name, an e-mail or a telephone is the person's wherever it appears. A first or
last name alone (and the username) is looked for only in rows about the person, and
only as whole words of Thai word segmentation: "ชาย" of สมชาย is no name in "ชายหาด",
"ใจดี" is no word of "วิทยากรใจดีมาก" (วิทยากร|ใจ|ดีมาก). A surname that is itself a
dictionary word (ใจดี, มั่นคง) is still that word in "อาจารย์ใจดีและเก่ง", and nobody is
called by their surname alone in Thai, so alone it is matched only as a whole value (a
``last_name`` in an audit row's changes). Rewriting others' words would change what
they said and the word counts of their answers.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.files.storage import Storage
from django.db import transaction

from cophub.accounts.models import User
from cophub.core import thai, thaitext
from cophub.orgs.models import Person

# Stored data, not interface text: the same words in every language, so they are not
# translated (a report printed in English still shows the same anonymous rows).
ERASED_NAME = "ผู้ถูกลบข้อมูล"
ERASED_TEXT = "[ข้อความถูกลบตามคำขอของเจ้าของข้อมูล]"
MIN_PART = 3  # a name part shorter than this is too likely to be part of other words


def pseudonym(person_id: int) -> str:
    return f"{ERASED_NAME} #{person_id}"


def _phone_forms(phone: str) -> set[str]:
    """The number as written, its bare digits and the Thai-digit forms of both."""
    phone = phone.strip()
    if not phone:
        return set()
    digits = re.sub(r"\D", "", thai.arabic_digits(phone))
    forms = {phone, thai.arabic_digits(phone), thai.thai_digits(phone)}
    if len(digits) >= 6:
        forms |= {digits, thai.thai_digits(digits)}
    return {f for f in forms if f}


@dataclass(frozen=True)
class Subject:
    person: Person
    user: User | None
    names: tuple[str, ...]  # whole-name forms and contacts: redacted wherever they appear
    parts: tuple[str, ...]  # first and last name alone: whole words, in rows about the person
    # The username: any JSON string that is exactly it ({"user": "somchai"} in the audit
    # rows of a team or a community), wherever it is; as text it may be others' word.
    handles: tuple[str, ...] = ()
    whole_only: frozenset[str] = frozenset()  # parts matched only as a whole value

    @classmethod
    def of(cls, person: Person) -> Subject:
        user = person.user
        names: set[str] = set()
        for prefix, first, last in [
            (person.prefix, person.first_name, person.last_name),
            ("", person.first_name, person.last_name),
            ("", user.first_name, user.last_name) if user else ("", "", ""),
        ]:
            if first.strip() and last.strip():
                names.add(thai.person_name(prefix, first, last))
                names.add(f"{first.strip()}{last.strip()}")
            elif first.strip() and prefix.strip():  # no last name: "นายสมชาย" is still theirs
                names.add(thai.person_name(prefix, first, ""))
        for email in (person.email, user.email if user else ""):
            if email.strip():
                names.add(email.strip())
        names |= _phone_forms(person.phone) | _phone_forms(person.mobile)
        # The username too: in rows about them only, as it may be part of others' words.
        parts = {
            p.strip()
            for p in (person.first_name, person.last_name)
            + ((user.first_name, user.last_name, user.username) if user else ())
            if len(p.strip()) >= MIN_PART
        }
        longest_first = lambda s: tuple(sorted(s, key=lambda x: (-len(x), x)))  # noqa: E731
        handles = (user.username,) if user and user.username.strip() else ()
        surnames = {person.last_name.strip(), user.last_name.strip() if user else ""}
        whole_only = frozenset(p for p in surnames & parts if thaitext.is_dictionary_word(p))
        return cls(
            person, user, longest_first(names), longest_first(parts - names), handles, whole_only
        )

    @property
    def number(self) -> int:
        return self.person.pk

    @property
    def pseudonym(self) -> str:
        return pseudonym(self.person.pk)

    @property
    def email_pseudonym(self) -> str:
        return f"erased-{self.person.pk}@invalid"

    def terms(self, *, parts: bool) -> tuple[str, ...]:
        return self.names + (self.parts if parts else ())

    def mentions(self, text: str, *, parts: bool = False) -> bool:
        low = text.casefold()
        if not any(term.casefold() in low for term in self.terms(parts=parts)):
            return False
        return self.redact(text, parts=parts) != text

    def redact(self, text: str, *, parts: bool = False) -> str:
        """``text`` with every identifier (longest first) replaced by the pseudonym; an
        e-mail address by the pseudonymous address, so the text still reads as one."""
        for term in self.names:
            stand_in = self.email_pseudonym if "@" in term else self.pseudonym
            text = re.sub(re.escape(term), lambda _m, s=stand_in: s, text, flags=re.IGNORECASE)
        if parts:
            for part in self.parts:
                text = self._redact_part(text, part)
        return text

    def _redact_part(self, text: str, part: str) -> str:
        whole = text.strip()
        if whole.casefold() == part.casefold():
            return text.replace(whole, self.pseudonym)
        if part in self.whole_only:
            return text
        found = list(re.finditer(re.escape(part), text, flags=re.IGNORECASE))
        if not found:
            return text
        bounds = thaitext.word_bounds(text)
        for m in reversed(found):
            if m.start() in bounds and m.end() in bounds:
                text = text[: m.start()] + self.pseudonym + text[m.end() :]
        return text

    def redact_value(self, value, *, parts: bool = False):
        """A JSON value with every string in it redacted (keys too); a string that is
        exactly the username is replaced whole."""
        if isinstance(value, str):
            if value.strip().casefold() in {h.casefold() for h in self.handles}:
                return self.pseudonym
            return self.redact(value, parts=parts)
        if isinstance(value, list):
            return [self.redact_value(v, parts=parts) for v in value]
        if isinstance(value, dict):
            return {
                self.redact(str(k), parts=parts): self.redact_value(v, parts=parts)
                for k, v in value.items()
            }
        return value

    def json_forms(self, *, parts: bool = False) -> list[str]:
        """Each term as it is spelled inside stored JSON: raw (PostgreSQL's jsonb prints
        Thai as it is) and ``\\uXXXX``-escaped (Django's JSONField on SQLite)."""
        forms: list[str] = []
        for term in self.terms(parts=parts):
            forms += [term, json.dumps(term)[1:-1]]
        return list(dict.fromkeys(forms))

    def handle_forms(self) -> list[str]:
        """The username as a whole JSON string, quotes included, in both spellings."""
        return list(dict.fromkeys(f for h in self.handles for f in (f'"{h}"', json.dumps(h))))


@dataclass
class Erasure:
    """One erasure as the sections see it: the subject, and what they did."""

    subject: Subject
    counts: Counter = field(default_factory=Counter)

    def delete_file_on_commit(self, storage: Storage, name: str) -> None:
        """Files go once the database change has committed: a rolled-back erasure must
        not have lost the files its rows still point at."""
        if name:
            transaction.on_commit(lambda: storage.delete(name))

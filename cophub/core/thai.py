"""The Thai rules, in one place: digits, B.E. years, fiscal years, dates, names, sort order.

Everything else (templates, reports, imports, the API) calls these functions;
nothing else converts years or digits on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from pythainlp.util import collate

BE_OFFSET = 543  # พ.ศ. = ค.ศ. + 543
FISCAL_YEAR_START_MONTH = 10  # the Thai government fiscal year runs 1 Oct – 30 Sep
# The B.E. fiscal years the system accepts (2500 = 1956/57, 2700 = 2156/57): wide enough for
# every record and plan, narrow enough to catch a C.E. year typed where B.E. belongs.
FISCAL_YEAR_MIN, FISCAL_YEAR_MAX = 2500, 2700

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")

MONTHS_FULL = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip

# The five levels of Thai government satisfaction forms, highest first: the score a
# respondent picks, the English key a recorded summary stores, the Thai word shown.
RATING_LEVELS = (
    (5, "highest", "มากที่สุด"),
    (4, "high", "มาก"),
    (3, "medium", "ปานกลาง"),
    (2, "low", "น้อย"),
    (1, "lowest", "น้อยที่สุด"),
)

T = TypeVar("T")


# --- digits -----------------------------------------------------------------
def thai_digits(value: object) -> str:
    """Write every Arabic digit of ``value`` as a Thai digit (๐–๙)."""
    return str(value).translate(_TO_THAI)


def arabic_digits(value: str) -> str:
    """Write every Thai digit as an Arabic one (for parsing what people type)."""
    return value.translate(_TO_ARABIC)


def on_thai_screen() -> bool:
    """Is the active language Thai (the default)? Then numbers show in Thai digits."""
    from django.utils.translation import get_language

    return (get_language() or "th").startswith("th")


def screen_digits(value: object) -> str:
    """``value`` as text in the digits of the screen: Thai digits on a Thai screen."""
    return thai_digits(value) if on_thai_screen() else str(value)


def screen_digit_system() -> str:
    """``"thai"`` or ``"arabic"``, for the ``digits=`` argument of the date functions."""
    return "thai" if on_thai_screen() else "arabic"


def thai_number(value: int | float | Decimal, places: int | None = None) -> str:
    """A number with thousands separators in Thai digits: 1234.5 → ๑,๒๓๔.๕."""
    if places is not None:
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{value:,.{places}f}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = f"{Decimal(str(value)).normalize():,f}"
    return thai_digits(text)


def screen_number(value: int | float | Decimal, places: int | None = None) -> str:
    """``thai_number`` in the screen's digits: ๑,๒๓๔ on a Thai screen, 1,234 otherwise."""
    text = thai_number(value, places)
    return text if on_thai_screen() else arabic_digits(text)


# --- years ------------------------------------------------------------------
def be_year(ce_year: int) -> int:
    """Buddhist Era year for a Common Era year: 2018 → 2561."""
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    """Common Era year for a B.E. year: 2561 → 2018."""
    return be - BE_OFFSET


def fiscal_year(day: dt.date) -> int:
    """The Thai fiscal year (in B.E.) that ``day`` falls in.

    A fiscal year is named by the B.E. year it ends in: 1 Oct 2017 – 30 Sep 2018 is 2561.
    """
    ce = day.year + 1 if day.month >= FISCAL_YEAR_START_MONTH else day.year
    return be_year(ce)


def parse_fiscal_year(text: str) -> int | None:
    """A B.E. fiscal year typed in either digit system, or None if it is not one."""
    text = arabic_digits(str(text).strip())
    if not (text.isascii() and text.isdigit()):
        return None
    year = int(text)
    return year if FISCAL_YEAR_MIN <= year <= FISCAL_YEAR_MAX else None


def fiscal_year_bounds(fy_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year ``fy_be`` (B.E.)."""
    end_ce = ce_year(fy_be)
    return dt.date(end_ce - 1, FISCAL_YEAR_START_MONTH, 1), dt.date(end_ce, 9, 30)


# --- dates ------------------------------------------------------------------
def thai_date(day: dt.date, *, style: str = "long", digits: str = "thai") -> str:
    """A date the Thai way.

    ``long``: ๕ มีนาคม พ.ศ. ๒๕๖๑ (government documents);
    ``medium``: ๕ มีนาคม ๒๕๖๑; ``short``: ๕ มี.ค. ๖๑.
    ``digits="arabic"`` keeps Arabic digits (for screens in English).
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    year = be_year(day.year)
    if style == "long":
        text = f"{day.day} {MONTHS_FULL[day.month - 1]} พ.ศ. {year}"
    elif style == "medium":
        text = f"{day.day} {MONTHS_FULL[day.month - 1]} {year}"
    elif style == "short":
        text = f"{day.day} {MONTHS_ABBR[day.month - 1]} {year % 100:02d}"
    else:
        raise ValueError(f"unknown date style: {style}")
    return thai_digits(text) if digits == "thai" else text


def thai_date_range(start: dt.date, end: dt.date | None, *, digits: str = "thai") -> str:
    """``๑๒–๑๓ มีนาคม ๒๕๖๑``, ``๓๐ กันยายน – ๑ ตุลาคม ๒๕๖๑``, or a single date."""
    if end is None or end == start:
        return thai_date(start, style="medium", digits=digits)
    if (start.year, start.month) == (end.year, end.month):
        text = f"{start.day}–{thai_date(end, style='medium', digits='arabic')}"
    elif start.year == end.year:
        text = (
            f"{start.day} {MONTHS_FULL[start.month - 1]} – "
            f"{thai_date(end, style='medium', digits='arabic')}"
        )
    else:
        text = (
            f"{thai_date(start, style='medium', digits='arabic')} – "
            f"{thai_date(end, style='medium', digits='arabic')}"
        )
    return thai_digits(text) if digits == "thai" else text


# --- names ------------------------------------------------------------------
# Prefixes written without a space before the first name (นายสมชาย); ranks and
# academic titles are usually followed by a space (ดร. สมชาย).
_JOINED_PREFIXES = {"นาย", "นาง", "นางสาว", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง"}


# Typed dates: "๓ ต.ค. ๒๕๖๘", "3 ตุลาคม 2568", "3/10/2568", "03-10-68", "2025-10-03".
# A year of 2400 or more is B.E., a lower one C.E.; two digits are B.E. 25xx, as people
# write them ("๓/๑๐/๖๘"). An ISO date (year first) is C.E., as every machine writes it.
# Either way the date must fall in C.E. DATE_YEAR_MIN–DATE_YEAR_MAX (B.E. 2443–2743).
_MONTH_BY_NAME = {
    **{name: i for i, name in enumerate(MONTHS_FULL, 1)},
    **{abbr.replace(".", ""): i for i, abbr in enumerate(MONTHS_ABBR, 1)},
}
_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_NAMED_DATE = re.compile(
    r"(\d{1,2})\s*([ก-๛.]+?)\.?\s*(?:พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)?\s*(\d{2}|\d{4})"
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(?:เวลา\s*)?(\d{1,2})\s*[:.]\s*(\d{2})\s*(?:น\.?)?")


class ThaiDateError(ValueError):
    """A typed date the rules cannot read."""


# The years a typed date may fall in (C.E.; B.E. 2443–2743). Python's dates reach 1–9999,
# but a date at either edge breaks arithmetic later (a breach found on 31 Dec 9999 has no
# 72-hour deadline) and no date this service keeps is that far off: outside, it is a typo.
DATE_YEAR_MIN = 1900
DATE_YEAR_MAX = 2200


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return ce_year(2500 + year)
    return ce_year(year) if year >= 2400 else year


def parse_thai_date(text: str) -> dt.date:
    """The date a person typed, in Thai or Arabic digits, B.E. or C.E. (see above)."""
    value = " ".join(arabic_digits(str(text or "")).split())
    if m := _ISO_DATE.fullmatch(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC_DATE.fullmatch(value):
        day, month, year = int(m[1]), int(m[2]), _year(m[3])
    elif m := _NAMED_DATE.fullmatch(value):
        month = _MONTH_BY_NAME.get(m[2].replace(".", "").replace(" ", ""))
        if month is None:
            raise ThaiDateError(value)
        day, year = int(m[1]), _year(m[3])
    else:
        raise ThaiDateError(value)
    if not DATE_YEAR_MIN <= year <= DATE_YEAR_MAX:
        raise ThaiDateError(value)
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ThaiDateError(value) from exc


def parse_thai_datetime(text: str) -> dt.datetime:
    """A date as ``parse_thai_date`` reads it, then an optional time ("09:00", "9.30 น.");
    no time is the start of the day. Naive: the caller makes it aware."""
    value = " ".join(arabic_digits(str(text or "")).replace("T", " ").split())
    moment = dt.time()
    if m := re.search(r"\s+" + _TIME.pattern + r"$", value):
        hour, minute = int(m[1]), int(m[2])
        if hour > 23 or minute > 59:
            raise ThaiDateError(value)
        moment, value = dt.time(hour, minute), value[: m.start()]
    return dt.datetime.combine(parse_thai_date(value), moment)


def person_name(prefix: str, first_name: str, last_name: str) -> str:
    """Thai name formatting: นายสมชาย ใจดี, ดร. สมหญิง รักงาน."""
    prefix, first_name, last_name = prefix.strip(), first_name.strip(), last_name.strip()
    if not prefix:
        head = first_name
    elif prefix in _JOINED_PREFIXES:
        head = f"{prefix}{first_name}"
    else:
        head = f"{prefix} {first_name}"
    return f"{head} {last_name}".strip()


# --- sort order -------------------------------------------------------------
def thai_sorted(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """Sort in Thai dictionary order (leading vowels เ แ โ ใ ไ do not count first).

    PyThaiNLP's ``collate`` sorts strings only, so rank the distinct keys once
    and sort the items by rank.
    """
    items = list(items)
    ranks = {text: i for i, text in enumerate(collate({key(item) for item in items}))}
    return sorted(items, key=lambda item: ranks[key(item)])


# --- splitting a written name -------------------------------------------------
# Titles and ranks a name may start with, as people write them. Several may follow one
# another (ผศ.ดร., ว่าที่ ร.ต. หญิง, พล.ต.อ. ดร.); the title kept is all of them, as written.
_NAME_TITLES = (
    # everyday
    "นาย", "นาง", "นางสาว", "น.ส.", "นส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง",
    "คุณ", "คุณหญิง", "ท่านผู้หญิง", "หม่อมราชวงศ์", "ม.ร.ว.", "หม่อมหลวง", "ม.ล.",
    # academic and medical
    "ดร.", "ศ.", "รศ.", "ผศ.", "ศาสตราจารย์", "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์",
    "นพ.", "พญ.", "ทพ.", "ทพญ.", "ภก.", "ภญ.", "สพ.ญ.", "น.สพ.", "พ.ญ.", "น.พ.",
    # acting ranks (ว่าที่ …) and the army
    "ว่าที่", "ว่าที่ร้อยตรี", "ว่าที่ร้อยโท", "ว่าที่ร้อยเอก",
    "ร.ต.", "ร.ท.", "ร.อ.", "พ.ต.", "พ.ท.", "พ.อ.", "พล.ต.", "พล.ท.", "พล.อ.",
    "ร้อยตรี", "ร้อยโท", "ร้อยเอก", "พันตรี", "พันโท", "พันเอก",
    "ส.ต.", "ส.ท.", "ส.อ.", "จ.ส.ต.", "จ.ส.ท.", "จ.ส.อ.",
    "สิบตรี", "สิบโท", "สิบเอก", "จ่าสิบตรี", "จ่าสิบโท", "จ่าสิบเอก",
    # the police
    "ร.ต.ต.", "ร.ต.ท.", "ร.ต.อ.", "พ.ต.ต.", "พ.ต.ท.", "พ.ต.อ.", "พล.ต.ต.", "พล.ต.ท.", "พล.ต.อ.",
    "ส.ต.ต.", "ส.ต.ท.", "ส.ต.อ.", "จ.ส.ต.", "ด.ต.",
    "ร้อยตำรวจตรี", "ร้อยตำรวจโท", "ร้อยตำรวจเอก", "พันตำรวจตรี", "พันตำรวจโท", "พันตำรวจเอก",
    "พลตำรวจตรี", "พลตำรวจโท", "พลตำรวจเอก", "ดาบตำรวจ", "จ่าสิบตำรวจ",
    # the navy and air force
    "ร.ต.หญิง", "น.ต.", "น.ท.", "น.อ.", "พล.ร.ต.", "พล.ร.ท.", "พล.ร.อ.", "พล.อ.ต.", "พล.อ.ท.",
    "พล.อ.อ.", "นาวาตรี", "นาวาโท", "นาวาเอก", "เรือตรี", "เรือโท", "เรือเอก",
    "เรืออากาศตรี", "เรืออากาศโท", "เรืออากาศเอก", "ร.ท.หญิง", "ร.อ.หญิง",
    # English
    "Mr.", "Mrs.", "Ms.", "Miss", "Mr", "Mrs", "Ms", "Dr.", "Dr", "Prof.", "Assoc. Prof.",
    "Asst. Prof.", "Assoc.Prof.", "Asst.Prof.",
)  # fmt: skip
# A rank held by a woman: หญิง follows the rank (ร.ต.หญิง, พ.ต.ท. หญิง).
_AFTER_RANK = "หญิง"
# Titles that are also the start of common first names (คุณวุฒิ, คุณากร): a title only
# when a space follows.
_SPACED_ONLY = frozenset({"คุณ"})
_RANKS = frozenset(t for t in _NAME_TITLES if "." in t and t not in {"น.ส.", "ด.ช.", "ด.ญ."})
# Characters no Thai word can begin with: following and above/below vowels, tone marks.
# นางสาวิตรี is นาง + สาวิตรี, because "ิตรี" cannot be a name.
_NOT_WORD_START = "ะัาำิีึืฺุู็่้๊๋์ํ๎ๅ"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NAME_SPACES = {ord("\u00a0"): " ", ord("\u3000"): " ", ord("\t"): " "}


def _titles_by_first_letter() -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for title in _NAME_TITLES:
        folded = title.casefold()
        index.setdefault(folded[0], []).append((title, folded))
    return index


_TITLES_BY_FIRST = _titles_by_first_letter()


def _title_at(text: str, start: int) -> int:
    """The end of the longest title written at ``start``, or ``start`` if none is."""
    best = start
    for title, folded in _TITLES_BY_FIRST.get(text[start].casefold()[:1], ()):
        end = start + len(title)
        if text[start:end].casefold() == folded:
            candidate = end
        elif (
            title.endswith(".")
            and text[start : end - 1].casefold() == folded[:-1]
            and (end - 1 == len(text) or text[end - 1] == " ")
        ):
            candidate = end - 1  # "น.ส สมหญิง": the last dot left out before a space
        else:
            continue
        following = text[candidate : candidate + 1]
        # A title glued to the name (นายสมชาย) ends where a word can start; a Latin title
        # (Mr) and คุณ must be followed by a space, or the title by its own dot.
        glued = bool(following) and following != " " and not title.endswith(".")
        if glued and (
            title in _SPACED_ONLY or title.isascii() or following in _NOT_WORD_START + "."
        ):
            continue
        if candidate > best:
            best = candidate
    return best


def split_thai_name(text: str) -> tuple[str, str, str]:
    """Split a written name into (title, first name, last name).

    ``"ว่าที่ ร.ต. หญิง สมศรี ณ อยุธยา"`` → ``("ว่าที่ ร.ต. หญิง", "สมศรี", "ณ อยุธยา")``.
    Titles and ranks may be glued to the name or followed by spaces, several in a row;
    the title keeps them as written (spaces made single). The first word after the title
    is the first name and the rest, however many words, the last name.
    """
    text = " ".join((text or "").translate(_INVISIBLE).translate(_NAME_SPACES).split())
    pos = 0
    while pos < len(text):
        end = _title_at(text, pos)
        if end == pos:
            # หญิง only as part of a rank: หญิงไทย is a name.
            rank_before = text[:pos].rstrip().rsplit(" ", 1)[-1]
            after_rank = any(rank_before.endswith(r) for r in _RANKS)
            if after_rank and text.startswith(_AFTER_RANK, pos):
                follow = text[pos + len(_AFTER_RANK) : pos + len(_AFTER_RANK) + 1]
                if not follow or follow == " " or follow not in _NOT_WORD_START:
                    end = pos + len(_AFTER_RANK)
        if end == pos:
            break
        pos = end
        while pos < len(text) and text[pos] == " ":
            pos += 1
    title, rest = text[:pos].strip(), text[pos:].split(" ")
    if not rest[0]:
        # Nothing but a title: take it as a name, not a name-less title.
        words = text.split(" ")
        return "", words[0] if words else "", " ".join(words[1:])
    return title, rest[0], " ".join(rest[1:])

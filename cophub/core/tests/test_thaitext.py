"""thaitext's shortcut past PyThaiNLP's ``normalize`` must give exactly what it gives."""

import json
import random
from pathlib import Path

import pytest
from pythainlp.util import normalize

from cophub.core.thaitext import thai_normalize_fast

CORPUS = Path(__file__).parents[2] / "search/relevance/corpus.jsonl"

# One case (at least) for every rule of ``normalize``: each must take the long way.
RULES = [
    "ก\u200bข",  # zero-width space
    "ก\u200cข",  # zero-width non-joiner
    "ก  ข",  # doubled space
    "ก\n\nข",  # blank line
    "ก \nข",
    "ก\n ข",
    " ก",  # leading and trailing space
    "ก ",
    "ก\t",
    "พ ุ่ม",  # a space before a mark
    "คำ ่ที่สอง",  # a dangling mark after a space
    "่ก",  # a dangling mark at the start
    "เเปลก",  # two sara e
    "นานาาา",  # a repeated vowel
    "ดีีีี",
    "กา า",  # repeated across a space
    "ก่่",  # doubled tone marks
    "ก้่",
    "ก่ิ",  # tone mark before an above vowel
    "ก์ุ",  # thanthakhat before a below vowel
    "นํ้า",  # nikhahit and sara aa
    "กํา",
    "กๅ",  # lakkhangyao
    "กา่",  # a tone mark after a following vowel
]


@pytest.mark.parametrize("text", RULES)
def test_every_rule_of_normalize_is_applied(text):
    assert thai_normalize_fast(text) == normalize(text)


def test_text_normalize_leaves_alone_is_handed_back_as_it_is():
    for text in ["", "ได้ความรู้ดีมาก", "สถานที่สะดวก อาหารอร่อย", "น้ำ ไฟ\nถนน", "AND 😀"]:
        assert thai_normalize_fast(text) == normalize(text) == text


def test_the_corpus_and_random_strings_of_thai_marks_and_spaces_give_what_normalize_gives():
    texts = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        texts += [item["title"], item["body"]]
    # Strings packed with the characters the rules are about, so every rule and every
    # pair of neighbouring rules is met many times over.
    alphabet = "กขคฤฦเแโาำะๅัิีึืุู่้๊๋์ํ็ฺ  \n\u200b\u200ca1"
    rng = random.Random(17)
    texts += ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(20_000)]
    # Text as the index builds it: fields joined by newlines, some empty, markup blanked out.
    texts += ["\n".join(rng.choice(["", " ", t, f" {t}  "]) for t in texts[:4]) for _ in range(500)]
    differ = [t for t in texts if thai_normalize_fast(t) != normalize(t)]
    assert differ == []

"""The frequent words count each word once per comment (surveys/words.py), but the word
cells stored before that fix counted every repetition: one comment saying a word a
thousand times still led the list. Recount them: each response's ``_word`` cells from
its own comments, and each survey's ``_word`` tallies from the responses already folded
(those not folded yet are added by the next fold, from the cells rewritten here).

It calls the current ``comment_words`` on purpose: the point is to store what the code
now computes. Only the word cells change; the other cells and tallies are left as they
are. Response rows are written with ``update`` (no ``auto_now``): an attendees-only
answer keeps the day-only times it has."""

from collections import Counter

from django.db import migrations

WORD = "_word"  # as surveys/tallies.py names the comment-word cells
TEXT_KINDS = ("short_text", "long_text")
BATCH = 1000


def recount_words(apps, schema_editor):
    from cophub.surveys.words import comment_words

    Response = apps.get_model("surveys", "Response")
    Question = apps.get_model("surveys", "Question")
    Tally = apps.get_model("surveys", "Tally")
    commented: dict[int, list[str]] = {}  # version → codes of its counted comments
    for version_id, code in Question.objects.filter(kind__in=TEXT_KINDS, profile=False).values_list(
        "version_id", "code"
    ):
        commented.setdefault(version_id, []).append(code)
    survey_ids = (
        Response.objects.filter(
            version__questions__kind__in=TEXT_KINDS, version__questions__profile=False
        )
        .values_list("survey_id", flat=True)
        .distinct()
    )
    for survey_id in sorted(set(survey_ids)):
        folded: Counter = Counter()
        changed = []
        rows = Response.objects.filter(survey_id=survey_id).values_list(
            "pk", "version_id", "answers", "cells", "tallied"
        )
        for pk, version_id, answers, cells, tallied in rows.iterator(chunk_size=BATCH):
            kept = [row for row in cells if row[0] != WORD]
            words: Counter = Counter()
            for code in commented.get(version_id, ()):
                value = (answers or {}).get(code)
                if isinstance(value, str):
                    words.update(comment_words(value))
            new = sorted(kept + [[WORD, word, n] for word, n in words.items() if n])
            if tallied:
                folded.update(words)
            if new != sorted(cells):
                changed.append(Response(pk=pk, cells=new))
        for i in range(0, len(changed), BATCH):
            Response.objects.bulk_update(changed[i : i + BATCH], ["cells"])
        Tally.objects.filter(survey_id=survey_id, code=WORD).delete()
        Tally.objects.bulk_create(
            Tally(survey_id=survey_id, code=WORD, value=word, count=n)
            for word, n in sorted(folded.items())
            if n
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_respondent_ids_per_survey")]

    operations = [
        migrations.RunPython(recount_words, migrations.RunPython.noop, elidable=True),
    ]

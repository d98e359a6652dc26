"""Respondent and client ids become per survey (surveys/clients.py): the stored ones are
re-keyed as SHA-256 of the old id with the survey's id, the very hash the code now
computes from the old site-wide cookie, so a phone that answered before still finds and
edits its answer, while one phone's ids in two surveys can no longer be joined.

The hash is copied here on purpose: a migration must keep computing what it computed
when it was written. One way: the old ids are not kept anywhere to go back to."""

import hashlib
import uuid

from django.db import migrations

BATCH = 1000


def _digest(purpose: bytes, survey_id: int, value: str) -> uuid.UUID:
    data = b"cophub/survey-" + purpose + b"\0" + str(survey_id).encode() + b"\0" + value.encode()
    return uuid.UUID(bytes=hashlib.sha256(data).digest()[:16], version=4)


def rekey(apps, schema_editor):
    Response = apps.get_model("surveys", "Response")
    rows = list(
        Response.objects.values_list(
            "pk", "survey_id", "client_id", "respondent", "survey__attendees_only"
        )
    )
    changed = []
    for pk, survey_id, client_id, respondent, attendees_only in rows:
        row = Response(pk=pk, client_id=_digest(b"client", survey_id, str(client_id)))
        # An attendees-only answer's respondent is already a per-survey hash of its ticket.
        row.respondent = (
            respondent
            if attendees_only or respondent is None
            else _digest(b"respondent", survey_id, str(respondent))
        )
        changed.append(row)
    for i in range(0, len(changed), BATCH):
        Response.objects.bulk_update(changed[i : i + BATCH], ["client_id", "respondent"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_drafts_and_templates")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop, elidable=False)]

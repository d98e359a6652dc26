"""Reference data: the 77 provinces and the Ministry of Interior's departments and
state enterprises (from cophub/orgs/data/). Re-running is harmless: rows are
matched by code and updated."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Province = apps.get_model("orgs", "Province")
    Organization = apps.get_model("orgs", "Organization")
    for p in json.loads((DATA / "provinces.json").read_text(encoding="utf-8")):
        Province.objects.update_or_create(
            code=p["code"],
            defaults={"name_th": p["name_th"], "name_en": p["name_en"], "region": p["region"]},
        )
    moi = json.loads((DATA / "moi_organizations.json").read_text(encoding="utf-8"))
    m = moi["ministry"]
    ministry, _ = Organization.objects.update_or_create(
        code=m["code"],
        defaults={"name": m["name_th"], "name_en": m["name_en"], "short_name": m["short_th"],
                  "kind": "ministry", "scope": "central"},
    )
    for u in moi["units"]:
        Organization.objects.update_or_create(
            code=u["code"],
            defaults={"name": u["name_th"], "name_en": u["name_en"], "short_name": u["short_th"],
                      "kind": u["kind"], "parent": ministry, "scope": "central"},
        )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

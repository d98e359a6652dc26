"""Reference data: the 77 provinces and the Ministry of Interior's departments and
state enterprises, from the JSON files in ``data/``.

Loaded by migration 0002; tests that flush the database (browser tests) load it
again. Rows are matched by code and updated, so loading twice is harmless.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def load_reference_data(Province, Organization) -> None:
    """Takes the model classes so a migration can pass its historical models."""
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
    )  # fmt: skip
    for u in moi["units"]:
        Organization.objects.update_or_create(
            code=u["code"],
            defaults={"name": u["name_th"], "name_en": u["name_en"], "short_name": u["short_th"],
                      "kind": u["kind"], "parent": ministry, "scope": "central"},
        )  # fmt: skip

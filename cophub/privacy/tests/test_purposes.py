"""The register of purposes: every model holding personal data declares why, on what basis."""

from __future__ import annotations

from django.apps import apps
from django.utils import translation

from cophub.privacy.purposes import PURPOSES, RECORDS, Basis, consent_purposes, purpose_of

PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone")


def _holds_personal_data(model) -> bool:
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False):
            continue
        if field.is_relation and field.related_model is not None:
            if field.related_model._meta.label_lower in ("accounts.user", "orgs.person"):
                return True
        elif any(name in field.name for name in PERSONAL_FIELDS):
            return True
    return False


def test_every_model_with_peoples_details_has_a_purpose():
    missing = [
        m._meta.label_lower
        for m in apps.get_models()
        if m.__module__.startswith("cophub.") and _holds_personal_data(m)
        and m._meta.label_lower not in RECORDS
    ]  # fmt: skip
    assert missing == [], f"declare their purpose in privacy/purposes.py RECORDS: {missing}"


def test_every_record_names_a_declared_purpose():
    assert set(RECORDS.values()) <= set(PURPOSES)
    assert purpose_of("programs.registration").basis == Basis.PUBLIC_TASK
    assert purpose_of("surveys.response").basis == Basis.STATISTICS
    assert purpose_of("programs.activity") is None


def test_consent_is_the_basis_only_where_it_can_be_refused():
    assert {p.code for p in consent_purposes()} == {"optional_contact", "photo"}
    # Attendance, certificates and follow-up rest on the public task, not on consent.
    for code in ("participation", "certificate", "follow_up"):
        assert PURPOSES[code].basis == Basis.PUBLIC_TASK
    # The consented mobile alone: the work telephone the agency listed is the public task's.
    assert PURPOSES["optional_contact"].clears == ("mobile",)
    assert "phone" not in PURPOSES["optional_contact"].clears


def test_each_basis_names_its_section_in_thai():
    with translation.override("th"):
        assert [str(b.label) for b in Basis] == [
            "ภารกิจของรัฐ (มาตรา ๒๔ (๔))",
            "ความยินยอม (มาตรา ๑๙)",
            "สถิติที่ไม่ระบุตัวบุคคล (มาตรา ๒๔ (๑))",
            "หน้าที่ตามกฎหมาย (มาตรา ๒๔ (๖))",
        ]

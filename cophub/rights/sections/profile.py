"""The person's own record (orgs.Person) and account (accounts.User): exported first,
erased last, so every other section still finds the names it must look for.

Erased, the person keeps their row (registrations and counts point at it) under a
pseudonym; the account is deactivated with an unusable password, and its sessions,
API tokens and log-in records (django-axes) are deleted.
"""

from __future__ import annotations

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from cophub.accounts.models import ApiToken
from cophub.rights.registry import section
from cophub.rights.sections._rows import plain
from cophub.rights.subject import ERASED_NAME, Erasure, Subject


def sessions_of(user_id: int) -> list[str]:
    """The keys of the live sessions logged in as this user (a session keeps its user
    only inside its signed data, so each one is decoded)."""
    keys = []
    for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        if s.get_decoded().get("_auth_user_id") == str(user_id):
            keys.append(s.session_key)
    return keys


@section("profile", title=pgettext_lazy("personal data", "Profile"), order=10)
class Profile:
    erase_order = 1000

    @staticmethod
    def export(subject: Subject) -> list[dict]:
        p, u = subject.person, subject.user
        row = {
            "prefix": p.prefix, "first_name": p.first_name, "last_name": p.last_name,
            "position": p.position, "organization": str(p.organization or ""),
            "email": p.email, "phone": p.phone, "mobile": p.mobile,
        }  # fmt: skip
        if u is not None:
            row |= {
                "username": u.username, "account_first_name": u.first_name,
                "account_last_name": u.last_name, "account_email": u.email,
                "role": u.get_role_display(), "active": u.is_active,
                "joined": plain(u.date_joined), "last_login": plain(u.last_login),
            }  # fmt: skip
            for t in ApiToken.objects.filter(user=u):
                row.setdefault("api_tokens", []).append(
                    {"name": t.name, "created": plain(t.created_at), "revoked": plain(t.revoked_at)}
                )
        return [row]

    @staticmethod
    def erase(erasure: Erasure) -> int:
        subject = erasure.subject
        p, u = subject.person, subject.user
        p.prefix, p.first_name, p.last_name = "", ERASED_NAME, f"#{p.pk}"
        p.position, p.email, p.phone, p.mobile = "", "", "", ""
        fields = ["prefix", "first_name", "last_name", "position", "email", "phone", "mobile"]
        p.save(update_fields=fields)
        erasure.counts["people"] += 1
        if u is None:
            return 1
        old_username = u.username
        u.username = f"erased-{u.pk}"
        u.first_name, u.last_name, u.email = ERASED_NAME, f"#{p.pk}", ""
        u.is_active = u.is_staff = u.is_superuser = False
        u.set_unusable_password()
        u.save()
        erasure.counts["accounts"] += 1
        erasure.counts["api_tokens"] += ApiToken.objects.filter(user=u).delete()[0]
        store = import_module(settings.SESSION_ENGINE).SessionStore
        for key in sessions_of(u.pk):
            store(session_key=key).delete()  # the cached_db engine drops the cache copy too
            erasure.counts["sessions"] += 1
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            erasure.counts["login_records"] += model.objects.filter(
                username__iexact=old_username
            ).delete()[0]
        return 1

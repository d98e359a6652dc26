"""Certificates in the API: the public check (rate limited), issuing as a job, revoking."""

from __future__ import annotations

from ninja import Router, Schema

from cophub.certificates import selectors, services
from cophub.certificates.models import Certificate
from cophub.certificates.views import VERIFY_PER_MINUTE
from cophub.core.errors import DomainError
from cophub.core.ratelimit import allow, client_address
from cophub.core.schemas import Error
from cophub.programs.models import Activity

router = Router()


class Verified(Schema):
    status: str
    name: str | None
    activity: str
    dates: str
    issuer: str
    number: str
    issued_on: str


class RevokeIn(Schema):
    reason: str


@router.get("/verify/{code}", auth=None, response={200: Verified, 404: Error, 429: Error},
            summary="Check a certificate by its code (public; an unknown code is a plain 404)")  # fmt: skip
def verify(request, code: str):
    if not allow(f"certverify:{client_address(request)}", limit=VERIFY_PER_MINUTE, window=60):
        raise DomainError("rate_limited")
    c = selectors.by_code(code)
    if c is None:
        raise DomainError("not_found")
    facts = selectors.public_facts(c)
    return {k: facts[k] for k in Verified.model_fields}


def _activity(request, activity_id: int) -> Activity:
    activity = Activity.objects.select_related("program").filter(pk=activity_id).first()
    if activity is None or not selectors.may_manage(request.auth, activity):
        raise DomainError("not_found")
    return activity


@router.post("/activities/{activity_id}/certificate-jobs", response={202: dict, 404: Error},
             summary="Issue the activity's certificates (a job)")  # fmt: skip
def issue(request, activity_id: int):
    job = services.certificates_issue_start(
        actor=request.auth, activity=_activity(request, activity_id)
    )
    return 202, {"id": str(job.pk), "state": job.state}


@router.post(
    "/certificates/{code}/revoke", response={200: Verified, 400: Error, 404: Error, 409: Error}
)
def revoke(request, code: str, payload: RevokeIn):
    c = Certificate.objects.select_related("activity__program").filter(code=code).first()
    if c is None or not selectors.may_manage(request.auth, c.activity):
        raise DomainError("not_found")
    c = services.certificate_revoke(actor=request.auth, certificate=c, reason=payload.reason)
    facts = selectors.public_facts(c)
    return {k: facts[k] for k in Verified.model_fields}

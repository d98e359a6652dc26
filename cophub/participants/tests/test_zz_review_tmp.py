import json, uuid
import datetime as dt
import pytest
from django.utils import timezone
from cophub.orgs.models import Organization, Person
from cophub.participants.models import RegistrationPolicy, Quota
from cophub.programs.models import Registration
from cophub.accounts.models import User
from cophub.testing import UserFactory


def test_nul_in_search_post(door_client, activity, participant):
    r = door_client.post(f"/participants/activities/{activity.pk}/checkin/search/" if False else
        __import__("django.urls", fromlist=["reverse"]).reverse("participants:checkin_search", args=[activity.pk]),
        {"registration": "x", "nonce": "y", "q": "a\x00b"}, HTTP_HX_REQUEST="true")
    print("search bad reg", r.status_code)
    reg = Registration.objects.create(activity=activity, person=participant.person_set.first() if hasattr(participant,'person_set') else Person.objects.get(user=participant))
    from django.urls import reverse
    r = door_client.post(reverse("participants:checkin_search", args=[activity.pk]),
        {"registration": reg.pk, "nonce": str(uuid.uuid4()), "q": "a\x00b"}, HTTP_HX_REQUEST="true")
    print("search nul q", r.status_code)


def test_api_register_nul_position(participant_client, activity):
    r = participant_client.post(f"/api/v1/activities/{activity.pk}/registrations",
        data=json.dumps({"position": "a\x00b"}), content_type="application/json")
    print("api nul position", r.status_code, r.content[:200])


def test_api_register_long_position(participant_client, activity):
    r = participant_client.post(f"/api/v1/activities/{activity.pk}/registrations",
        data=json.dumps({"position": "a" * 5000}), content_type="application/json")
    print("api long position", r.status_code, r.content[:200])


def test_api_register_big_org(participant_client, activity):
    r = participant_client.post(f"/api/v1/activities/{activity.pk}/registrations",
        data=json.dumps({"organization_id": 2**70}), content_type="application/json")
    print("api big org", r.status_code, r.content[:200])


def test_api_register_wrong_types(participant_client, activity):
    for body in ['[]', '"x"', '{"position": 5}', '{"organization_id": "abc"}', '{"position": null, "organization_id": [1]}']:
        r = participant_client.post(f"/api/v1/activities/{activity.pk}/registrations",
            data=body, content_type="application/json")
        print("api body", body, r.status_code, r.content[:150])


def test_self_register_switch_org_bypasses_target(participant_client, activity, dopa):
    from django.urls import reverse
    other = Organization.objects.exclude(pk=dopa.pk).first()
    pol = activity.registration_policy
    pol.who = RegistrationPolicy.Who.TARGET_ORGANIZATIONS
    pol.save()
    pol.target_organizations.set([other])
    r = participant_client.post(f"/api/v1/activities/{activity.pk}/registrations",
        data=json.dumps({"organization_id": other.pk}), content_type="application/json")
    print("switch org target", r.status_code, r.content[:200])


def test_self_register_switch_org_bypasses_quota(participant_client, activity, dopa):
    other = Organization.objects.exclude(pk=dopa.pk).exclude(parent=dopa).first()
    pol = activity.registration_policy
    Quota.objects.create(policy=pol, organization=dopa, seats=0)
    r = participant_client.post(f"/api/v1/activities/{activity.pk}/registrations",
        data=json.dumps({}), content_type="application/json")
    print("quota 0 own org", r.status_code, r.content[:120])
    r = participant_client.post(f"/api/v1/activities/{activity.pk}/registrations",
        data=json.dumps({"organization_id": other.pk}), content_type="application/json")
    print("quota bypass by switching org", r.status_code, r.content[:120])


def test_checkin_api_nul_and_scanned(door_client, activity):
    r = door_client.post("/api/v1/checkins", data=json.dumps({"code": "abc", "nonce": str(uuid.uuid4()), "activity": 2**62}), content_type="application/json")
    print("checkin big activity", r.status_code, r.content[:150])
    r = door_client.post("/api/v1/checkins", data=json.dumps({"code": "abc", "nonce": str(uuid.uuid4()), "scanned_at": "2999-12-31T23:59:59-14:00"}), content_type="application/json")
    print("checkin far scanned", r.status_code, r.content[:150])
    r = door_client.post("/api/v1/checkins", data=json.dumps({"code": "abc", "nonce": str(uuid.uuid4()), "scanned_at": "2000-01-01T00:00:00+14:00"}), content_type="application/json")
    print("checkin 2000", r.status_code, r.content[:150])


def test_gate_nul(participant_client, activity):
    from django.urls import reverse
    pol = activity.registration_policy
    r = participant_client.post(reverse("participants:gate", args=[pol.activity_code]), {"action": "checkin", "nonce": "\x00"})
    print("gate nul nonce", r.status_code)
    r = participant_client.get("/a/" + "x"*5000 + "/")
    print("gate long code", r.status_code)

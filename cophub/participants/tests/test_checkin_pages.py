"""The door's pages: who may open them, the name search in Thai, check-in from the search,
the activity's QR and its poster, and the decoder the page serves itself."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import uuid
from pathlib import Path

import pytest
import typst
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cophub.core.audit import AuditLog
from cophub.orgs.models import Person
from cophub.participants.models import CheckIn, RegistrationPolicy
from cophub.programs.models import Registration
from cophub.testing import ActivityFactory, RegistrationFactory, UserFactory, count_queries

pytestmark = pytest.mark.django_db
R = Registration.Status
ROOT = Path(__file__).resolve().parents[3]
VENDOR = ROOT / "cophub/participants/static/participants/vendor"


@pytest.fixture
def open_door(activity):
    now = timezone.now()
    RegistrationPolicy.objects.filter(activity=activity).update(
        checkin_opens_at=now - dt.timedelta(hours=1), checkin_closes_at=now + dt.timedelta(hours=3)
    )
    activity.refresh_from_db()
    return activity


@pytest.fixture
def people(open_door, participant, dopa):
    """สมชาย ใจดี (the participant), สมหญิง ใจดี, and วิชัย สมใจ (cancelled)."""
    somchai = RegistrationFactory(
        activity=open_door, person=participant.person, status=R.REGISTERED
    )
    somying = RegistrationFactory(
        activity=open_door, status=R.REGISTERED,
        person=Person.objects.create(prefix="นางสาว", first_name="สมหญิง", last_name="ใจดี", organization=dopa),
    )  # fmt: skip
    wichai = RegistrationFactory(
        activity=open_door, status=R.CANCELLED,
        person=Person.objects.create(prefix="นาย", first_name="วิชัย", last_name="สมใจ", organization=dopa),
    )  # fmt: skip
    return somchai, somying, wichai


def urls(activity_id: int) -> list[str]:
    return [
        reverse(f"participants:{name}", args=[activity_id])
        for name in ("checkin", "checkin_search", "checkin_poster", "activity_qr")
    ]


# --- who may open what ---------------------------------------------------------------------
def test_a_stranger_is_sent_to_log_in(stranger_client, activity):
    for url in urls(activity.pk):
        answer = stranger_client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/"), url


def test_a_member_and_another_organiser_are_forbidden(
    member_client, other_client, participant_client, activity
):
    for client in (member_client, other_client, participant_client):
        for url in urls(activity.pk):
            assert client.get(url).status_code == 403, url


def test_the_organiser_a_facilitator_and_an_admin_may(
    organiser_client, door_client, sysadmin, client, activity
):
    client.force_login(sysadmin)
    for c in (organiser_client, door_client, client):
        for url in urls(activity.pk):
            assert c.get(url).status_code == 200, url


def test_an_unknown_activity_is_404(door_client):
    for url in urls(999_999):
        assert door_client.get(url).status_code == 404


def test_a_member_cannot_check_in_from_the_search(member_client, people):
    somchai = people[0]
    answer = member_client.post(
        reverse("participants:checkin_search", args=[somchai.activity_id]),
        {"registration": somchai.pk, "nonce": str(uuid.uuid4())},
    )
    assert answer.status_code == 403
    somchai.refresh_from_db()
    assert somchai.status == R.REGISTERED


def test_no_get_writes_anything(door_client, people):
    """Every route of the door, read: no INSERT, UPDATE or DELETE (the policy row included)."""
    activity = people[0].activity
    other = ActivityFactory(program=activity.program)  # no policy: the poster must not make one
    with CaptureQueriesContext(connection) as queries:
        for a in (activity, other):
            for url in urls(a.pk):
                door_client.get(url)
                door_client.get(url, {"q": "สม"}, HTTP_HX_REQUEST="true")
        door_client.get(urls(activity.pk)[1], {"part": "counter"})
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)
    ]
    assert writes == []
    assert not RegistrationPolicy.objects.filter(activity=other).exists()


# --- the page -------------------------------------------------------------------------------
def test_the_page_is_made_for_the_door(door_client, people):
    activity = people[0].activity
    html = door_client.get(reverse("participants:checkin", args=[activity.pk])).content.decode()
    assert 'id="door-video"' in html and "playsinline" in html
    assert 'data-api="/api/v1/checkins"' in html and f'data-activity="{activity.pk}"' in html
    # The decoder is the app's own static file, never a CDN.
    assert "/static/participants/vendor/barcode-detector.js" in html
    assert "/static/participants/vendor/zxing_reader.wasm" in html
    assert "cdn" not in html.lower() and "unpkg" not in html and "jsdelivr" not in html
    strings = json.loads(re.search(r'id="door-strings"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert strings["head_ok"] == "เช็คอินแล้ว"
    assert "เช็คอินแล้ว ๐ จาก ๒ คน" in html  # the cancelled one holds no seat
    assert "เช็คอินได้ตั้งแต่" in html


def test_the_counter_counts_who_came(door_client, people):
    somchai = people[0]
    Registration.objects.filter(pk=somchai.pk).update(
        status=R.ATTENDED, checked_in_at=timezone.now()
    )
    answer = door_client.get(
        reverse("participants:checkin_search", args=[somchai.activity_id]), {"part": "counter"}
    )
    assert "เช็คอินแล้ว ๑ จาก ๒ คน" in answer.content.decode()


# --- the name search ----------------------------------------------------------------------
def search(client, activity, q, htmx=True):
    url = reverse("participants:checkin_search", args=[activity.pk])
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.get(url, {"q": q}, **extra)


def names(answer) -> list[str]:
    return re.findall(r"<b>([^<]+)</b>", answer.content.decode())


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("สมช", ["นายสมชาย ใจดี"]),
        ("ใจดี", ["นายสมชาย ใจดี", "นางสาวสมหญิง ใจดี"]),
        ("สม", ["นายวิชัย สมใจ", "นายสมชาย ใจดี", "นางสาวสมหญิง ใจดี"]),  # Thai order: ว before ส
        ("นางสาวสมหญิง", ["นางสาวสมหญิง ใจดี"]),  # the title typed in front
        ("สมหญิง ใจ", ["นางสาวสมหญิง ใจดี"]),
        ("  หญิง  ", ["นางสาวสมหญิง ใจดี"]),
    ],
)
def test_search_by_part_of_a_thai_name(door_client, people, q, found):
    answer = search(door_client, people[0].activity, q)
    assert answer.status_code == 200
    assert names(answer) == found


def test_search_finds_nobody_of_another_activity(door_client, people):
    elsewhere = RegistrationFactory(
        activity=ActivityFactory(program=people[0].activity.program), status=R.REGISTERED,
        person=Person.objects.create(first_name="ประยุทธ", last_name="มั่นคง"),
    )  # fmt: skip
    answer = search(door_client, people[0].activity, "ประยุทธ")
    assert names(answer) == [] and 'data-testid="search-none"' in answer.content.decode()
    assert elsewhere.person.full_name not in answer.content.decode()


def test_search_rows_say_what_can_be_done(door_client, people):
    somchai, somying, _wichai = people
    moment = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(9, 30)))
    Registration.objects.filter(pk=somying.pk).update(status=R.ATTENDED, checked_in_at=moment)
    html = search(door_client, somchai.activity, "สม").content.decode()
    assert html.count('data-testid="search-checkin"') == 1  # only สมชาย may still check in
    assert "เช็คอินแล้ว ๐๙.๓๐ น." in html
    assert "ยกเลิก" in html  # วิชัย's status


def test_search_without_htmx_is_the_whole_page(door_client, people):
    answer = search(door_client, people[0].activity, "สมชาย", htmx=False)
    html = answer.content.decode()
    assert 'id="door-video"' in html and "นายสมชาย ใจดี" in html


def test_search_query_count_is_fixed(door_client, open_door, dopa):
    for i in range(12):
        RegistrationFactory(
            activity=open_door, status=R.REGISTERED,
            person=Person.objects.create(first_name=f"สมศักดิ์{i}", last_name="รักงาน", organization=dopa),
        )  # fmt: skip
    url = reverse("participants:checkin_search", args=[open_door.pk])
    door_client.get(url, {"q": "สม"}, HTTP_HX_REQUEST="true")  # warm the session
    # session, user, activity (+program, policy), the program's team (is the door on it?),
    # the matching people, the counter
    n = count_queries(lambda: door_client.get(url, {"q": "สม"}, HTTP_HX_REQUEST="true"))
    assert n == 6
    few = count_queries(lambda: door_client.get(url, {"q": "สมศักดิ์1"}, HTTP_HX_REQUEST="true"))
    assert few == n


# --- check in from the search -----------------------------------------------------------
def checkin_post(client, registration, nonce=None, htmx=True, q="สมชาย"):
    url = reverse("participants:checkin_search", args=[registration.activity_id])
    data = {"registration": registration.pk, "nonce": str(nonce or uuid.uuid4()), "q": q}
    return client.post(url, data, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))


def test_check_in_from_the_search(door_client, door, people):
    somchai = people[0]
    answer = checkin_post(door_client, somchai)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'data-status="ok"' in html and "นายสมชาย ใจดี" in html and "กรมการปกครอง" in html
    assert 'hx-swap-oob="true"' in html and "เช็คอินแล้ว ๑ จาก ๒ คน" in html
    somchai.refresh_from_db()
    assert somchai.status == R.ATTENDED
    row = CheckIn.objects.get()
    assert (row.method, row.by, row.registration) == ("search", door, somchai)


def test_a_double_tap_is_one_check_in(door_client, people):
    somchai, nonce = people[0], uuid.uuid4()
    first, second = (
        checkin_post(door_client, somchai, nonce),
        checkin_post(door_client, somchai, nonce),
    )
    assert 'data-status="ok"' in first.content.decode()
    assert 'data-status="ok"' in second.content.decode()  # the same answer, not "already"
    assert CheckIn.objects.count() == 1
    assert AuditLog.objects.filter(action="registration.checked_in").count() == 1


def test_check_in_from_the_search_without_javascript(door_client, people):
    answer = checkin_post(door_client, people[0], htmx=False)
    assert answer.status_code == 302
    assert (
        answer["Location"]
        == reverse("participants:checkin", args=[people[0].activity_id])
        + "?q=%E0%B8%AA%E0%B8%A1%E0%B8%8A%E0%B8%B2%E0%B8%A2"
    )
    page = door_client.get(answer["Location"]).content.decode()
    assert "นายสมชาย ใจดี: เช็คอินเรียบร้อย" in page


def test_a_cancelled_person_is_refused_from_the_search_too(door_client, people):
    html = checkin_post(door_client, people[2]).content.decode()
    assert 'data-status="refused"' in html and "การลงทะเบียนนี้ถูกยกเลิกแล้ว" in html


@pytest.mark.parametrize(
    "data",
    [{}, {"registration": "x", "nonce": str(uuid.uuid4())}, {"registration": "1", "nonce": "nope"}],
)
def test_a_bad_search_post_is_400(door_client, people, data):
    url = reverse("participants:checkin_search", args=[people[0].activity_id])
    answer = door_client.post(url, data)
    assert answer.status_code == 400
    assert "เลือกผู้เข้าร่วมจากรายชื่อ" in answer.content.decode()
    assert not CheckIn.objects.exists()


def test_a_registration_of_another_activity_is_404(door_client, people):
    elsewhere = RegistrationFactory(activity=ActivityFactory(), status=R.REGISTERED)
    url = reverse("participants:checkin_search", args=[people[0].activity_id])
    answer = door_client.post(url, {"registration": elsewhere.pk, "nonce": str(uuid.uuid4())})
    assert answer.status_code == 404
    assert not CheckIn.objects.exists()


# --- the activity's own QR ---------------------------------------------------------------
def decode_svg(svg: bytes) -> str:
    """Rasterise with Typst (already a dependency) and read it back with zbarimg."""
    source = b'#set page(width: 10cm, height: 10cm, margin: 0cm)\n#image(bytes(sys.inputs.qr), format: "svg", width: 100%)'
    png = typst.compile(source, format="png", ppi=150, sys_inputs={"qr": svg.decode()})
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-"], input=png, capture_output=True, check=True
    )
    return out.stdout.decode().strip()


def test_the_activity_qr_opens_the_gate(door_client, activity, settings):
    settings.SITE_URL = "https://cophub.example.go.th"
    answer = door_client.get(reverse("participants:activity_qr", args=[activity.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "image/svg+xml"
    code = activity.registration_policy.activity_code
    assert decode_svg(answer.content) == f"https://cophub.example.go.th/a/{code}/"


def test_without_a_policy_the_qr_is_404_and_the_poster_says_what_to_do(
    organiser_client, door_client, organiser
):
    bare = ActivityFactory(program__owner=organiser)
    assert (
        organiser_client.get(reverse("participants:activity_qr", args=[bare.pk])).status_code == 404
    )
    html = organiser_client.get(
        reverse("participants:checkin_poster", args=[bare.pk])
    ).content.decode()
    assert "กรุณาตั้งค่าการลงทะเบียนก่อน" in html
    assert reverse("participants:policy", args=[bare.pk]) in html
    # A facilitator cannot set registration up: no link, but who can.
    html = door_client.get(reverse("participants:checkin_poster", args=[bare.pk])).content.decode()
    assert reverse("participants:policy", args=[bare.pk]) not in html
    assert not RegistrationPolicy.objects.filter(activity=bare).exists()


def test_the_poster_is_big_and_thai(door_client, activity):
    start = dt.date(2026, 12, 10)
    type(activity).objects.filter(pk=activity.pk).update(
        start_date=start, end_date=start + dt.timedelta(days=1)
    )
    html = door_client.get(
        reverse("participants:checkin_poster", args=[activity.pk])
    ).content.decode()
    assert reverse("participants:activity_qr", args=[activity.pk]) in html
    assert "๑๐–๑๑ ธันวาคม ๒๕๖๙" in html  # B.E., Thai digits
    assert "สแกนเพื่อเช็คอิน" in html
    assert f"/a/{activity.registration_policy.activity_code}/" in html


# --- the decoder the page serves ------------------------------------------------------------
def test_the_vendored_decoder_is_what_package_lock_pins():
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    versions = json.loads((VENDOR / "versions.json").read_text())
    assert versions == {
        "barcode-detector": lock["node_modules/barcode-detector"]["version"],
        "zxing-wasm": lock["node_modules/zxing-wasm"]["version"],
    }
    js = (VENDOR / "barcode-detector.js").read_text()
    # The wasm is the very build the JavaScript was made for (it carries its SHA-256).
    assert hashlib.sha256((VENDOR / "zxing_reader.wasm").read_bytes()).hexdigest() in js
    assert versions["zxing-wasm"] in js
    for name in ("LICENSE.barcode-detector", "LICENSE.zxing-wasm"):
        assert "MIT License" in (VENDOR / name).read_text()
    installed = ROOT / "node_modules/barcode-detector/dist/iife/ponyfill.js"
    if installed.exists():  # after `make vendor`: byte for byte what npm installed
        assert installed.read_bytes() == (VENDOR / "barcode-detector.js").read_bytes()


def test_the_static_files_are_found(client):
    from django.contrib.staticfiles import finders

    for name in (
        "checkin.js",
        "checkin.css",
        "vendor/barcode-detector.js",
        "vendor/zxing_reader.wasm",
    ):
        assert finders.find(f"participants/{name}"), name
    assert settings.STATIC_URL


def test_a_facilitator_put_on_the_team_later_may_open_the_door(activity, client):
    """The global facilitator role opens no door; a place on the program's team does."""
    from cophub.testing import join_team

    user = UserFactory(role="facilitator")
    client.force_login(user)
    url = reverse("participants:checkin", args=[activity.pk])
    assert client.get(url).status_code == 403
    join_team(activity.program, user)
    assert client.get(url).status_code == 200

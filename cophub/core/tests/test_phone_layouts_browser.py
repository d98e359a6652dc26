"""Phone layouts at 390 px, in a real browser, on the demo site: no element wider than
the screen on the pages people open on a phone; the search results on the first screen;
the activity form's sites added and removed in place."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from cophub.demo.services import DEMO_PASSWORD, demo_load
from cophub.knowledge.models import Community, KnowledgeItem
from cophub.programs.models import Activity, Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# docs/screens/phone.py sets COPHUB_SCREENS=1 to keep the pictures these tests take.
SCREENS = Path(__file__).resolve().parents[3] / "docs" / "screens"


def keep_screenshot(page, name: str) -> None:
    if os.environ.get("COPHUB_SCREENS") == "1":
        page.screenshot(path=str(SCREENS / name))  # the first screen, as a phone shows it


# Every element's box against the screen, and every line of text against the screen and
# the boxes that clip it: a table scrolled inside its wrapper or a name running out of
# its cell is what a phone cuts off ("พระนครศรีอยุธ…"). Text hidden on purpose for screen
# readers (clipped to 1 px) is left out.
WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  const say = (what, text, right) =>
    wide.push(`${what} right=${Math.round(right)} ${(text || "").trim().replace(/\\s+/g, " ").slice(0, 40)}`);
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 0.5 || box.width > width + 0.5) {
      say(`${el.tagName.toLowerCase()}.${el.className}`, el.textContent, box.right);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || !node.parentElement) continue;
    let limit = width;
    let hidden = false;
    for (let a = node.parentElement; a; a = a.parentElement) {
      const style = getComputedStyle(a);
      const box = a.getBoundingClientRect();
      if (style.clip !== "auto" || box.width <= 1 || style.display === "none") { hidden = true; break; }
      if (style.overflowX !== "visible") limit = Math.min(limit, box.right);
    }
    if (hidden || node.parentElement.closest("select, option, template, datalist")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const line of range.getClientRects()) {
      if (line.width > 0 && line.right > limit + 1) { say("text", node.textContent, line.right); break; }
    }
  }
  return {width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}"""


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def demo(reference_data):
    program = demo_load()
    ayutthaya = Site.objects.filter(province__name_th="พระนครศรีอยุธยา").first()
    item = KnowledgeItem.objects.order_by("pk").first()
    community = Community.objects.order_by("pk").first()
    activity = ayutthaya.activity if ayutthaya else Activity.objects.filter(program=program).first()
    return {"program": program, "activity": activity, "community": community, "item": item}


def phone_pages(demo) -> list[str]:
    from cophub.accounts.models import User

    member = User.objects.get(username="member")
    return [
        reverse("programs:detail", args=[demo["program"].pk]),
        reverse("programs:activity", args=[demo["activity"].pk]),
        reverse("programs:activity_edit", args=[demo["activity"].pk]),
        reverse("search:search") + "?q=การบริการ",
        reverse("knowledge:communities"),
        reverse("knowledge:community", args=[demo["community"].pk]),
        reverse("knowledge:item", args=[demo["item"].pk]),
        reverse("orgs:staff"),
        reverse("orgs:staff_create"),
        reverse("orgs:staff_edit", args=[member.pk]),
        reverse("orgs:staff_import"),
        reverse("participants:checkin", args=[demo["activity"].pk]),
        *certificate_pages(),
    ]


def certificate_pages() -> list[str]:
    """The demo training's certificates: the organiser's list and design, one's check."""
    from cophub.certificates.models import Certificate
    from cophub.demo.services import TRAINING_TITLE

    held = Certificate.objects.filter(activity__program__title=TRAINING_TITLE).first()
    return [
        reverse("certificates:activity", args=[held.activity_id]),
        reverse("certificates:design", args=[held.activity_id]),
        reverse("certificates:verify", args=[held.code]),
    ]


def test_nothing_is_wider_than_a_phone(phone, demo):
    log_in(phone, "admin")
    wide_pages = {}
    for url in phone_pages(demo):
        response = phone.goto(url)
        assert response.status == 200, url
        found = phone.evaluate(WIDER_THAN_SCREEN)
        assert found["width"] == 390
        if found["wide"] or found["scroll"] > 390:
            wide_pages[url] = found
    assert wide_pages == {}
    phone.goto(reverse("programs:detail", args=[demo["program"].pk]))
    keep_screenshot(phone, "program-phone.png")


def test_the_respondent_page_on_a_phone(phone, demo):
    """The page a participant opens from the QR (its layout is the respondent page's own
    work; here it is pictured for docs/screens)."""
    from cophub.accounts.models import User
    from cophub.testing import survey_for

    survey = survey_for(demo["activity"], User.objects.get(username="organiser"))
    response = phone.goto(reverse("surveys:respond", args=[survey.token]))
    assert response.status == 200
    assert phone.locator("h1").first.is_visible()
    assert phone.locator("form fieldset").count() > 0  # the questions are there
    keep_screenshot(phone, "respondent-phone.png")


def test_search_results_start_on_the_first_screen_with_the_filters_folded(phone, demo):
    log_in(phone, "admin")
    phone.goto(reverse("search:search") + "?q=การบริการ")
    filters = phone.locator("details.search-filters")
    assert filters.get_attribute("open") is None
    first = phone.locator("[data-testid=results] li").first
    assert first.bounding_box()["y"] < 844  # the top of the first result is on screen
    filters.locator("summary").click()
    assert phone.get_by_label("ประเภท").is_visible()


def test_the_filters_are_open_on_a_desktop(page, demo):
    log_in(page, "admin")
    page.goto(reverse("search:search") + "?q=การบริการ")
    assert page.locator("details.search-filters").get_attribute("open") is not None


def test_sites_are_added_and_removed_in_place_and_saved_in_one_save(page, demo):
    log_in(page, "admin")
    activity = demo["activity"]
    saved = activity.sites.count()
    page.goto(reverse("programs:activity_edit", args=[activity.pk]))
    rows = page.locator("[data-site]")
    assert rows.count() == saved + 1  # the saved sites and one empty new row
    new_row = rows.nth(saved)
    assert new_row.get_by_role("checkbox").count() == 0  # no ลบ box on a new row
    assert new_row.get_by_role("button", name="เอาสถานที่นี้ออก").is_visible()

    add = page.get_by_role("button", name="เพิ่มสถานที่")
    add.click()
    add.click()
    assert rows.count() == saved + 3
    rows.nth(saved + 1).get_by_role("button", name="เอาสถานที่นี้ออก").click()
    assert rows.count() == saved + 2
    assert page.locator("#id_sites-TOTAL_FORMS").input_value() == str(saved + 2)

    for i, (name, province, district) in enumerate(
        [("ศูนย์ราชการสะดวก", "นนทบุรี", "ปากเกร็ด"), ("ที่ว่าการอำเภอ", "เชียงใหม่", "แม่ริม")]
    ):
        row = rows.nth(saved + i)
        row.get_by_label("ชื่อสถานที่").fill(name)
        row.get_by_label("จังหวัด").select_option(label=province)
        # The district box now offers the province's districts.
        options = page.locator(f"#sites-{saved + i}-district-list option")
        options.first.wait_for(state="attached")
        assert district in options.evaluate_all("os => os.map(o => o.value)")
        row.get_by_label("อำเภอ").fill(district)
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_url(f"**/activities/{activity.pk}/")
    names = list(activity.sites.order_by("position").values_list("name", "district"))
    assert names[-2:] == [("ศูนย์ราชการสะดวก", "ปากเกร็ด"), ("ที่ว่าการอำเภอ", "แม่ริม")]
    assert len(names) == saved + 2

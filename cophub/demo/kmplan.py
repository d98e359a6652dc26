"""The demo's KM plan: OPS's plan for last fiscal year, the year of the demo's training,
so its indicators show actuals computed from the demo's own data (the training's
attendees and certificates) beside targets, one reached and one not."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from cophub.accounts.models import User
from cophub.core.thai import fiscal_year, thai_digits
from cophub.kmplan import services as km
from cophub.kmplan.models import KmPlan
from cophub.orgs.models import Organization

AREAS = [
    ("การถอดบทเรียนและเขียนองค์ความรู้จากการปฏิบัติงาน",
     "บุคลากรถอดบทเรียนจากงานของตนและเผยแพร่ในคลังความรู้ได้",
     [("identify", "สำรวจความรู้ที่จำเป็นต่อการปฏิบัติงานของแต่ละกอง", [10, 11]),
      ("create", "อบรมเชิงปฏิบัติการการถอดบทเรียน", [7, 8]),
      ("share", "เวทีแลกเปลี่ยนเรียนรู้ชุมชนนักปฏิบัติ", [2, 5, 8]),
      ("learn", "ติดตามการนำความรู้ไปใช้ในงาน", [9])]),
    ("การให้บริการประชาชนแบบเบ็ดเสร็จ", "ทุกหน่วยให้บริการได้ตามมาตรฐานเดียวกัน",
     [("access", "รวบรวมคู่มือการให้บริการไว้ในคลังความรู้", [1, 2, 3])]),
]  # fmt: skip
INDICATORS = [
    ("จำนวนกิจกรรมชุมชนนักปฏิบัติ", "activities", "2", ""),
    ("จำนวนผู้เข้าร่วมกิจกรรม", "participants", "5", ""),
    ("จำนวนเกียรติบัตรที่ออกให้ผู้ผ่านการอบรม", "certificates", "5", ""),
    ("ค่าเฉลี่ยความพึงพอใจของผู้เข้าร่วม", "satisfaction_mean", "4.00", ""),
    ("ร้อยละของผู้ตอบที่นำความรู้ไปใช้", "adoption_rate", "60", ""),
]


def demo_km_plan(organiser: User) -> KmPlan | None:
    ops = Organization.objects.filter(code="OPS").first()
    year = fiscal_year(timezone.localdate()) - 1
    if ops is None or KmPlan.objects.filter(organization=ops, fiscal_year=year).exists():
        return None
    plan = km.plan_create(
        actor=organiser, organization=ops, fiscal_year=year,
        title=f"แผนการจัดการความรู้ สำนักงานปลัดกระทรวงมหาดไทย ประจำปีงบประมาณ {thai_digits(year)}",
        approved_by="ปลัดกระทรวงมหาดไทย",
    )  # fmt: skip
    for name, goal, steps in AREAS:
        area = km.area_create(actor=organiser, plan=plan, name=name, goal=goal)
        for step, description, months in steps:
            km.planned_activity_create(
                actor=organiser, area=area, step=step, description=description, months=months,
                responsible=organiser,
            )  # fmt: skip
    for name, kind, target, unit in INDICATORS:
        km.indicator_create(
            actor=organiser, plan=plan, name=name, kind=kind, target=Decimal(target), unit=unit
        )
    km.indicator_create(
        actor=organiser, plan=plan, name="จำนวนนวัตกรรมที่หน่วยงานนำไปใช้จริง", kind="manual",
        target=Decimal(2), unit="เรื่อง", manual_actual=Decimal(1),
    )  # fmt: skip
    return plan

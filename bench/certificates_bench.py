"""500 certificates of one activity: the render a run does (QR codes, one Typst document,
the split into one PDF per person), against one Typst compile of one page, same run.

    .venv/bin/python bench/certificates_bench.py
"""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cophub.settings")
import django

django.setup()

from cophub.certificates import pdf  # noqa: E402

LAYOUT = {
    "title": "เกียรติบัตร", "logo": "", "issuer": "กรมส่งเสริมการปกครองท้องถิ่น กระทรวงมหาดไทย",
    "heading": "เกียรติบัตร", "opening": "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า",
    "reason": "ได้เข้าร่วมการศึกษาดูงาน",
    "activity": "ครั้งที่ ๑ เรื่อง การบริหารจัดการขยะชุมชนแบบมีส่วนร่วม",
    "program": "โครงการชุมชนนักปฏิบัติ ประจำปีงบประมาณ พ.ศ. ๒๕๖๙",
    "when": "ระหว่างวันที่ ๑๒–๑๓ มีนาคม ๒๕๖๙", "place": "ศูนย์เรียนรู้ อำเภอเมือง จังหวัดเชียงใหม่",
    "signatories": [
        {"name": "นายสมชาย ใจดี", "position": "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น", "signature": ""},
        {"name": "นางสาวน้ำฝน ศรีสุข", "position": "ผู้อำนวยการกองส่งเสริม", "signature": ""},
    ],
}  # fmt: skip


def pages(n):
    return [
        pdf.Page(name=f"นางสาวน้ำผึ้ง ทองคำ{i}", number=f"๐{i:02d}/๒๕๖๙", issued="๑ ธันวาคม ๒๕๖๙",
                 code=f"{'x' * 40}{i:04d}")
        for i in range(n)
    ]  # fmt: skip


def timed(func):
    t = time.perf_counter()
    result = func()
    return time.perf_counter() - t, result


if __name__ == "__main__":
    one, _ = timed(lambda: pdf.render(LAYOUT, pages(1)))
    many = pages(500)
    draw, merged = timed(lambda: pdf.render(LAYOUT, many))
    cut, files = timed(lambda: pdf.split(merged, ["เกียรติบัตร"] * 500))
    print(f"baseline, one page, one compile: {one:.3f} s")
    print(f"500 certificates: QR + one document {draw:.2f} s, split {cut:.2f} s, "
          f"total {draw + cut:.2f} s ({len(files)} files); 500 single compiles would be "
          f"about {one * 500:.1f} s")  # fmt: skip
    if os.environ.get("CERT_PICTURE"):
        with open(os.environ["CERT_PICTURE"], "wb") as fh:
            fh.write(pdf.render(LAYOUT, pages(1)[:1]))

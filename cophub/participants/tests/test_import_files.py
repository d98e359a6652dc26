"""Reading participant lists: every kind of file, encoding and header layout.

The builders here (``xlsx``, ``csv_bytes``, ``PEOPLE``) are shared by the other
``test_import_*`` modules.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from cophub.core.errors import DomainError
from cophub.participants.importing.headers import find_columns
from cophub.participants.importing.reading import decode, read_table

HEADER = ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "หน่วยงาน", "อีเมล", "โทรศัพท์"]
PEOPLE = [
    ["๑", "นายสมชาย ใจดี", "นักวิเคราะห์นโยบายและแผน", "กรมการปกครอง", "somchai@example.go.th", "๐๘๑-๒๓๔-๕๖๗๘"],
    ["๒", "นางสาวสมหญิง รักงาน", "นักทรัพยากรบุคคล", "ปภ.", "somying@example.go.th", "021234567"],
    ["๓", "ว่าที่ ร.ต. หญิง สมศรี ณ อยุธยา", "เจ้าพนักงานปกครอง", "ที่ทำการปกครองจังหวัดเชียงใหม่", "", "0891234567"],
]  # fmt: skip
TITLE = "รายชื่อผู้เข้าร่วมโครงการแลกเปลี่ยนเรียนรู้ ปีงบประมาณ ๒๕๖๙"


def xlsx(rows: list[list], *, title_rows: int = 0, sheet: str = "รายชื่อ") -> bytes:
    """A workbook whose first sheet holds ``rows``, after a title and blank rows."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title_rows:
        ws.append([TITLE])
        for _ in range(title_rows - 1):
            ws.append([])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    text = "\r\n".join(delimiter.join(str(c) for c in row) for row in rows) + "\r\n"
    return text.encode(encoding)


def table(data: bytes):
    return read_table(io.BytesIO(data), size=len(data))


def error_code(data: bytes) -> str:
    with pytest.raises(DomainError) as caught:
        columns = find_columns(table(data).rows)
        raise AssertionError(f"read without an error: {columns}")
    return caught.value.code


# --- kinds of file -------------------------------------------------------------------
def test_xlsx_with_a_title_row_finds_the_header_below_it():
    data = table(xlsx([HEADER, *PEOPLE], title_rows=2))
    assert (data.format, data.sheet) == ("xlsx", "รายชื่อ")
    columns = find_columns(data.rows)
    assert columns.row == 3
    assert columns.index == {
        "seq": 0, "full": 1, "position": 2, "organization": 3, "email": 4, "phone": 5
    }  # fmt: skip
    assert columns.header("email") == "E (อีเมล)"
    assert data.rows[1][0] == 3 and data.rows[2] == (4, PEOPLE[0])


def test_xlsx_numbers_and_empty_rows_keep_their_row_numbers():
    rows = [
        HEADER,
        [1, "นายสมชาย ใจดี", None, None, None, 812345678.0],
        [],
        [None],
        [3, "นางสมศรี มีสุข"],
    ]
    data = table(xlsx(rows))
    assert [n for n, _cells in data.rows] == [1, 2, 5]
    assert data.rows[1][1] == ["1", "นายสมชาย ใจดี", "", "", "", "812345678"]


def _xlsx_with(text: str) -> bytes:
    """A workbook whose B2 holds ``text`` exactly as Excel writes it (openpyxl escapes it)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["ชื่อ-สกุล", "ตำแหน่ง"], ["นายสมชาย ใจดี", "MARK"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info).replace(b"MARK", text.encode()))
    return out.getvalue()


def test_excel_escapes_in_a_cell_are_decoded():
    """Excel writes a cell's line break as _x000D_ and a newline, a tab as _x0009_, and
    text that reads "_x0000_" as _x005F_x0000_: none of these is a control character."""
    cells = table(_xlsx_with("นักทรัพยากร_x000D_\nบุคคล_x0009_ชำนาญการ _x005F_x0000_")).rows[1][1]
    assert cells[1] == "นักทรัพยากร\r\nบุคคล\tชำนาญการ _x0000_"


@pytest.mark.parametrize("escape", ["_x0000_", "_x001F_", "_xD800_"])
def test_a_control_character_in_a_cell_is_refused_naming_the_cell(escape):
    with pytest.raises(DomainError) as caught:
        table(_xlsx_with(f"นัก{escape}วิเคราะห์"))
    assert caught.value.code == "import_control_character"
    assert caught.value.params == {"cell": "B2"}


def test_a_control_character_in_a_csv_is_refused_naming_the_cell():
    with pytest.raises(DomainError) as caught:
        table(csv_bytes([["ชื่อ-สกุล", "ตำแหน่ง"], ["นายสมชาย ใจดี", "นัก\x01วิเคราะห์"]]))
    assert (caught.value.code, caught.value.params) == ("import_control_character", {"cell": "B2"})


def test_csv_in_utf8_with_a_byte_order_mark():
    data = table(b"\xef\xbb\xbf" + csv_bytes([HEADER, *PEOPLE]))
    assert (data.format, data.encoding) == ("csv", "utf-8-sig")
    assert data.rows[0][1] == HEADER  # the mark is not part of the first header
    assert data.rows[3][1][1] == "ว่าที่ ร.ต. หญิง สมศรี ณ อยุธยา"


def test_csv_in_utf8_without_a_mark():
    data = table(csv_bytes([HEADER, *PEOPLE]))
    assert data.encoding == "utf-8"
    assert data.rows[1][1][1] == "นายสมชาย ใจดี"


def test_csv_in_windows_874_from_older_thai_excel():
    raw = csv_bytes([HEADER, *PEOPLE], encoding="cp874")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really not UTF-8
    data = table(raw)
    assert data.encoding == "cp874"
    assert data.rows[2][1] == PEOPLE[1]
    assert find_columns(data.rows).index["organization"] == 3


def test_tis620_text_reads_as_windows_874():
    assert decode("ชื่อ-สกุล".encode("tis-620")) == ("ชื่อ-สกุล", "cp874")


def test_utf16_unicode_text_with_tabs():
    data = table(csv_bytes([HEADER, *PEOPLE], encoding="utf-16", delimiter="\t"))
    assert data.rows[1][1][1] == "นายสมชาย ใจดี"


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_delimiters_are_found(delimiter):
    data = table(csv_bytes([HEADER, *PEOPLE], delimiter=delimiter))
    assert data.rows[1][1] == PEOPLE[0]


def test_quoted_cells_with_commas_and_line_breaks():
    raw = 'ชื่อ-สกุล,หน่วยงาน,ตำแหน่ง\r\n"นายสมชาย ใจดี","กรมการปกครอง","นักวิเคราะห์, ชำนาญการ\nพิเศษ"\r\n'
    data = table(raw.encode())
    assert data.rows[1] == (2, ["นายสมชาย ใจดี", "กรมการปกครอง", "นักวิเคราะห์, ชำนาญการ\nพิเศษ"])


# --- files that are refused ------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"   \r\n", b",,,\r\n,,\r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(content):
    with pytest.raises(DomainError) as caught:
        read_table(io.BytesIO(content), size=len(content))
    assert caught.value.code == "import_empty_file"


def test_an_empty_workbook_is_refused():
    with pytest.raises(DomainError) as caught:
        table(xlsx([]))
    assert caught.value.code == "import_empty_file"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "import_wrong_type"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "import_wrong_type"),
        (b"<html><body><table><tr><td>x</td></tr></table></body></html>", "import_wrong_type"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "import_old_excel"),
        (b"PK\x03\x04 not really a zip", "import_unreadable"),
    ],
)
def test_other_kinds_of_file_are_refused_by_their_content(content, code):
    with pytest.raises(DomainError) as caught:
        table(content)
    assert caught.value.code == code


def test_a_zip_that_is_not_a_workbook_is_the_wrong_type(tmp_path):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(DomainError) as caught:
        table(out.getvalue())
    assert caught.value.code == "import_wrong_type"


def test_a_text_in_no_thai_encoding_is_refused():
    # 0xDB–0xDE are not characters in Windows-874, and this is not UTF-8 either
    with pytest.raises(DomainError) as caught:
        table(b"\xa1\xb2\xdb\xdc,\xde\r\n")
    assert caught.value.code == "import_encoding"


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.PARTICIPANT_IMPORT_MAX_MB = 10
    path = tmp_path / "big.csv"
    with path.open("wb") as fh:
        fh.write(csv_bytes([HEADER]))
        fh.truncate(20 * 1024 * 1024)  # 20 MB, without holding it in memory
    with path.open("rb") as fh, pytest.raises(DomainError) as caught:
        read_table(fh, size=path.stat().st_size)
    assert caught.value.code == "import_too_large"
    assert caught.value.status == 413
    assert caught.value.params == {"size": "20", "limit": 10}


# --- headers -----------------------------------------------------------------------------
def test_english_headers_in_any_order():
    rows = [["E-mail", "Organisation", "Surname", "First name", "Title", "Tel.", "No."],
            ["a@example.go.th", "DOPA", "Smith", "John", "Mr.", "0812345678", "1"]]  # fmt: skip
    columns = find_columns(table(csv_bytes(rows)).rows)
    assert columns.index == {
        "email": 0, "organization": 1, "last": 2, "first": 3, "title": 4, "phone": 5, "seq": 6
    }  # fmt: skip


@pytest.mark.parametrize(
    "header",
    ["ชื่อ - สกุล", "ชื่อ–นามสกุล", "ชื่อ-นามสกุล", "ชื่อ/สกุล", "Full name", "ชื่อ และ นามสกุล"],
)
def test_spellings_of_the_full_name_header(header):
    columns = find_columns(
        table(csv_bytes([["ที่", header, "สังกัด"], ["1", "นายสมชาย ใจดี", "ปค."]])).rows
    )
    assert columns.index == {"seq": 0, "full": 1, "organization": 2}


def test_columns_it_does_not_read_are_listed():
    rows = [["ลำดับ", "ชื่อ-สกุล", "ลายมือชื่อ", "หมายเหตุ"], ["1", "นายสมชาย ใจดี", "", ""]]
    columns = find_columns(table(csv_bytes(rows)).rows)
    assert columns.ignored == ["C (ลายมือชื่อ)", "D (หมายเหตุ)"]


def test_a_header_row_without_a_name_column_is_a_problem_naming_the_row():
    rows = [[TITLE], ["ลำดับ", "ตำแหน่ง", "หน่วยงาน", "อีเมล"], ["1", "ผู้อำนวยการ", "ปค.", "a@b.th"]]
    with pytest.raises(DomainError) as caught:
        find_columns(table(xlsx(rows)).rows)
    assert (caught.value.code, caught.value.params) == ("import_no_name_column", {"row": 2})


def test_no_header_row_at_all_is_a_problem():
    rows = [["นายสมชาย ใจดี", "กรมการปกครอง"], ["นางสมศรี มีสุข", "ปภ."]]
    assert error_code(csv_bytes(rows)) == "import_no_header"


def test_a_header_further_down_than_ten_rows_is_not_searched_for():
    rows = [[f"บรรทัดที่ {i}"] for i in range(12)] + [HEADER, PEOPLE[0]]
    assert error_code(csv_bytes(rows)) == "import_no_header"

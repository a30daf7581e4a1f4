"""The signing date when a scrape put the place alone on its line ("*Thành phố Huế," /
"ngày 18 tháng 11 năm 2025*"): the head of Nghị quyết 33/2025/NQ-HĐND of Huế as found in a
thuvienphapluat.vn scrape (repository tnt305/tai_lieu_noi_bo, src/etl/dataset/0eb3b8713cadea8f.md),
found by benchmarks/sweep_import.py refusing it for want of a year."""

from __future__ import annotations

from sheettools.planident import plan_identity

HEAD = """|
**HỘI ĐỒNG NHÂN
DÂN **
THÀNH PHỐ HUẾ
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số:
33/2025/NQ-HĐND
|
*Thành phố Huế,
ngày 18 tháng 11 năm 2025*
|

**NGHỊ QUYẾT**

*Căn cứ Nghị quyết số
24/2021/QH15 của Quốc hội phê duyệt chủ trương đầu tư chương trình mục tiêu quốc
gia giảm nghèo bền vững giai đoạn 2021 - 2025;*
""".splitlines()


def test_the_place_alone_on_its_line_then_the_date():
    ident = plan_identity(HEAD)
    assert (ident.number, ident.date) == ("33/2025/NQ-HĐND", "2025-11-18")


def test_a_cited_date_after_a_line_ending_in_a_comma_is_not_the_signing_date():
    """Only a short place line (a capital, at most six words): not a sentence wrapped after
    a comma, nor a word in lower case."""
    lines = [
        "**KẾ HOẠCH**",
        "*Căn cứ Nghị quyết liên tịch số 102/2025/NQLT của Ban Thường trực,",
        "ngày 26 tháng 9 năm 2025 của …*",
        "Ủy ban nhân dân phường đã ban hành,",
        "ngày 3 tháng 10 năm 2025 quy định …",
        "thị trấn,",
        "ngày 4 tháng 10 năm 2025 …",
    ]
    assert plan_identity(lines).date == ""

"""Round 13b (issue 11): partners a prose duty names that round 12c left unread — listed
after a colon under their class (``các Bộ, ngành liên quan: Tài chính, …``), after a bare
``phối hợp`` (no ``với``), with ``;`` inside the list; read on the real files of the corpus."""

from __future__ import annotations

from pathlib import Path

from plan_helpers import leaf_map
from sheettools.planimport import parse_plan
from sheettools.units import suggest_registry, unit_fragments

QD22 = "qdttg-22-2013-ho-tro-nha-o-nguoi-co-cong.md"
DONGTHAP = "ubnd-dongthap-556-kh-2025-tai-nguyen-moi-truong-bien.md"


def _names(cell: str) -> list[str]:
    return [f for f, _ in unit_fragments([cell])]


def test_partners_listed_after_a_colon_under_their_class():
    # "a) Bộ Xây dựng:" / "- Chủ trì, phối hợp với các Bộ, ngành liên quan: Tài chính, Lao
    # động - Thương binh và Xã hội hướng dẫn các tỉnh …" (Quyết định 22/2013/QĐ-TTg, Điều
    # 8.1.a): the colon is inside the list, which ends at the verb
    a = leaf_map(QD22)["1.a"]
    assert a.lead_raw == "Bộ Xây dựng"
    assert a.coord_raw == "các Bộ, ngành liên quan: Tài chính, Lao động - Thương binh và Xã hội"
    # the class is expanded over the names: no "Lao động - Thương binh và Xã hội" alone
    assert _names(a.coord_raw) == ["Bộ Tài chính", "Bộ Lao động - Thương binh và Xã hội"]


def test_communes_counted_before_a_colon():
    # "…; phối hợp với Ủy ban nhân dân 04 xã: Gia Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông
    # thành lập mới khu bảo vệ nguồn lợi thủy sản …" (Kế hoạch 556/KH-UBND of 2025, Đồng
    # Tháp, IV.1.6): the committee of each of the four communes
    t = leaf_map(DONGTHAP)["IV.1.6"]
    assert t.lead_raw == "Sở Nông nghiệp và Môi trường"
    assert t.coord_raw == "Ủy ban nhân dân 04 xã: Gia Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông"
    assert _names(t.coord_raw) == [
        "Ủy ban nhân dân xã Gia Thuận",
        "Ủy ban nhân dân xã Tân Điền",
        "Ủy ban nhân dân xã Gò Công Đông",
        "Ủy ban nhân dân xã Tân Phú Đông",
    ]
    # a count that is not the number of names: as written, nothing guessed
    odd = "Ủy ban nhân dân 03 xã: Gia Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông"
    assert _names(odd) == [odd]


def test_a_class_before_a_colon_in_a_table_cell(tmp_path: Path):
    # the same splitter reads a typed coordinating cell of a task table
    src = tmp_path / "ke-hoach.csv"
    src.write_text(
        "TT,Nội dung công việc,Đơn vị chủ trì,Đơn vị phối hợp,Thời hạn hoàn thành\n"
        '1,Rà soát quy hoạch,Sở Nội vụ,"Các Sở, ngành liên quan: Tài chính, Xây dựng",'
        "30/6/2026\n"
        '2,Kiểm tra công tác văn thư,Sở Nội vụ,"Các Sở: Tư pháp, Nội vụ",30/9/2026\n',
        encoding="utf-8",
    )
    tasks, _ = parse_plan(src)
    cells = [t.coord_raw for t in tasks]
    assert cells == ["Các Sở, ngành liên quan: Tài chính, Xây dựng", "Các Sở: Tư pháp, Nội vụ"]
    assert _names(cells[0]) == ["Sở Tài chính", "Sở Xây dựng"]
    units, _groups = suggest_registry([t.lead_raw for t in tasks] + cells)
    assert {u.name for u in units} == {"Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Tư pháp"}
    # a qualifier before the colon whose names are no members: as written
    assert _names("các Sở, ngành liên quan: Kế hoạch năm") == [
        "các Sở, ngành liên quan: Kế hoạch năm"
    ]

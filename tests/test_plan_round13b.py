"""Round 13b (issue 11): partners a prose duty names that round 12c left unread — listed
after a colon under their class (``các Bộ, ngành liên quan: Tài chính, …``), after a bare
``phối hợp`` (no ``với``), with ``;`` inside the list; read on the real files of the corpus."""

from __future__ import annotations

from pathlib import Path

from plan_helpers import leaf_map
from sheettools.planimport import parse_plan
from sheettools.planprose import duty_partners
from sheettools.units import suggest_registry, unit_fragments

QD22 = "qdttg-22-2013-ho-tro-nha-o-nguoi-co-cong.md"
DONGTHAP = "ubnd-dongthap-556-kh-2025-tai-nguyen-moi-truong-bien.md"
DAKLAK = "ubnd-daklak-0129-kh-2025-nhu-yeu-pham-mua-lu.md"
DAKLAK_NTTS = "ubnd-daklak-0134-kh-2025-quan-trac-moi-truong-thuy-san.md"
NGHEAN = "ubnd-nghean-1026-kh-2025-bao-ve-bi-mat-nha-nuoc.md"
QD773 = "qdttg-773-2018-nguoi-co-cong.md"
DONGNAI = "ubnd-dongnai-182-kh-2025-ctmtqg-phong-chong-ma-tuy.md"
TUYENQUANG = "ubnd-tuyenquang-986-qd-2024-ke-hoach-thoi-gian-nam-hoc.md"


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


def test_partners_after_a_bare_phoi_hop():
    # "Chủ trì, phối hợp các sở, ngành, địa phương có liên quan, tham mưu …" (Kế hoạch
    # 556/KH-UBND of 2025, Đồng Tháp, IV.1.3): "phối hợp" with no "với" before a body
    assert leaf_map(DONGTHAP)["IV.1.3"].coord_raw == "các sở, ngành, địa phương có liên quan"
    d = leaf_map(DAKLAK)
    # "Chủ trì phối hợp UBND tỉnh, Sở Công Thương và các cơ quan liên quan tổ chức tiếp nhận …"
    assert d["IV.11.3"].coord_raw == "UBND tỉnh, Sở Công Thương và các cơ quan liên quan"
    # "…; phối hợp các địa phương giám sát dịch bệnh …": a clause of the duty's own
    assert d["IV.3.4"].coord_raw == "các địa phương"
    # "Phối hợp Bộ Chỉ huy Quân sự tỉnh, Công an tỉnh và UBND các xã, phường …"
    assert d["IV.1.3"].coord_raw == "Bộ Chỉ huy Quân sự tỉnh, Công an tỉnh và UBND các xã, phường"
    assert _names(d["IV.1.3"].coord_raw) == [
        "Bộ Chỉ huy Quân sự tỉnh",
        "Công an tỉnh",
        "UBND các xã, phường",
    ]
    # "Chủ trì, phối hợp Bộ Chỉ huy Quân sự tỉnh và sở, ngành có liên quan tham mưu …"
    assert leaf_map(NGHEAN)["III.1.5"].coord_raw == (
        "Bộ Chỉ huy Quân sự tỉnh và sở, ngành có liên quan"
    )
    # two clauses, the first with a bare "phối hợp", the second "phối hợp với" (Kế hoạch
    # 182/KH-UBND of 2025, Đồng Nai, IV.2)
    assert leaf_map(DONGNAI)["IV.2"].coord_raw == (
        "các đơn vị có liên quan; các Sở, ban, ngành liên quan"
    )


def test_a_bare_phoi_hop_before_no_body_reads_nothing():
    # "Chủ trì, phối hợp đẩy mạnh công tác xét duyệt …" (Quyết định 773/QĐ-TTg of 2018,
    # III.2.3), "Chủ trì, phối hợp thực hiện chức năng quản lý …" (Kế hoạch of 2025 of UBND
    # tỉnh Đắk Lắk on monitoring aquaculture, IV.1.3): a deed follows, no partner
    assert leaf_map(QD773)["III.2.3"].coord_raw == ""
    assert leaf_map(DAKLAK_NTTS)["IV.1.3"].coord_raw == ""
    # "Bố trí các đội y tế lưu động phối hợp UBND các xã, phường …" (Đắk Lắk, IV.3): the
    # teams work with the communes, in no clause of the lead's own
    assert leaf_map(DAKLAK)["IV.3"].coord_raw == ""
    for text in (
        "Tăng cường phối hợp công tác kiểm tra liên ngành",
        "Chủ trì, phối hợp chặt chẽ trong kiểm tra",
        "Chủ trì, phối hợp liên ngành kiểm tra",
        "Chủ trì, phối hợp Các hoạt động kiểm tra",
    ):
        assert duty_partners(text, "Sở Nội vụ") == "", text


def test_a_list_of_partners_with_a_semicolon_inside():
    # "Chủ trì, phối hợp với Chủ tịch Ủy ban nhân dân huyện, thành phố; thủ trưởng các ngành
    # có liên quan hướng dẫn …" (Quyết định 986/QĐ-UBND of 2024, Tuyên Quang, Điều 2.2): the
    # list runs over the ";" to the verb, but neither piece is a plain list of bodies — the
    # splitter leaves "thành phố" alone (a name elided over two levels) and "thủ trưởng …" is
    # a person — so nothing is read
    t = leaf_map(TUYENQUANG)["2"]
    assert t.content.startswith("Chủ trì, phối hợp với Chủ tịch Ủy ban nhân dân huyện, thành phố;")
    assert t.coord_raw == ""
    lead = "Sở Giáo dục và Đào tạo"
    # the same shape when every piece is bodies or a vague phrase: read, the pieces kept
    assert (
        duty_partners(
            "Chủ trì, phối hợp với Sở Tài chính, Sở Xây dựng; các cơ quan, đơn vị có liên quan "
            "hướng dẫn các huyện",
            lead,
        )
        == "Sở Tài chính, Sở Xây dựng; các cơ quan, đơn vị có liên quan"
    )
    # a place level left alone is no body: nothing read, "thành phố" is never proposed
    assert (
        duty_partners(
            "Chủ trì, phối hợp với Sở Tài chính; Ủy ban nhân dân các huyện, thành phố hướng dẫn",
            lead,
        )
        == ""
    )
    # after the ";" no body: nothing read; a list that ended at its verb keeps its ";" a break
    assert duty_partners("Chủ trì, phối hợp với Sở Tài chính; nhiều năm liền hướng dẫn", lead) == ""
    assert (
        duty_partners("Chủ trì, phối hợp với Sở Tài chính hướng dẫn; các sở kiểm tra", lead)
        == "Sở Tài chính"
    )

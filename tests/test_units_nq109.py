"""Lead and coordinating cells of Nghị quyết 109/NQ-CP (16/4/2026), the Government's action
programme 2026–2030, read in full (the corpus keeps 6 of its pages: the cells below are from
Phụ lục III and IV, copied from the PDF's text layer as the importer reads them). Each was
proposed as a unit that is a sentence piece, a glued name or a group (issue 11, item 7)."""

from __future__ import annotations

import pytest

from sheettools.units import suggest_registry, unit_fragments

CELLS = [
    # T2.IV.78: a ministry followed by its duty ("xây dựng", a word of names too)
    ("1. Bộ Công an xây dựng, hoàn thiện cơ chế, chính sách để vận hành thị trường dữ liệu "
     "2. Các bộ, cơ quan, địa phương xây dựng cơ chế thử nghiệm có kiểm soát theo lĩnh vực "
     "quản lý nhà nước",
     ["Bộ Công an", "Các bộ, cơ quan, địa phương"]),
    # T2.IV.84
    ("1. Bộ Công an xây dựng trung tâm dữ liệu quốc gia và trung tâm tính toán. 2. Các bộ, cơ "
     "quan, địa phương thực hiện thủ tục hành chính trực tuyến toàn trình",
     ["Bộ Công an", "Các bộ, cơ quan, địa phương"]),
    # T2.II.62: a group phrase after a ministry with no comma
    ("1. Bộ Công Thương, Bộ Nông nghiệp và Môi trường, Bộ Y tế, các địa phương tăng cường quản "
     "lý thị trường. 2. Bộ Khoa học và Công nghệ, Bộ Công Thương các bộ, cơ quan rà soát, hoàn "
     "thiện các tiêu chuẩn, quy chuẩn kỹ thuật quốc gia",
     ["Bộ Công Thương", "Bộ Nông nghiệp và Môi trường", "Bộ Y tế", "các địa phương",
      "Bộ Khoa học và Công nghệ", "Bộ Công Thương", "các bộ, cơ quan"]),
    # T2.V.94
    ("Bộ Ngoại giao các bộ, ngành và địa phương, đơn vị có liên quan",
     ["Bộ Ngoại giao", "các bộ, ngành và địa phương, đơn vị có liên quan"]),
    # I.26
    ("Bộ Tài chính, các bộ, cơ quan, địa phương các tập đoàn, tổng công ty, doanh nghiệp nhà "
     "nước và các đơn vị có liên quan.",
     ["Bộ Tài chính", "các bộ, cơ quan, địa phương",
      "các tập đoàn, tổng công ty, doanh nghiệp nhà nước", "các đơn vị có liên quan"]),
    # T2.II.46: the remit runs on to the end of the cell
    ("Bộ Công Thương (đối với năng lượng), Bộ Tài chính và các bộ theo chức năng quản lý hàng "
     "dự trữ được giao",
     ["Bộ Công Thương (đối với năng lượng)", "Bộ Tài chính", "các bộ"]),
    # names that hold the same words stay whole
    ("Ban Quản lý dự án đầu tư xây dựng", ["Ban Quản lý dự án đầu tư xây dựng"]),
    ("Ban Xây dựng Đảng, Ủy ban Kiểm tra", ["Ban Xây dựng Đảng", "Ủy ban Kiểm tra"]),
    ("Sở Nông nghiệp và Môi trường các tỉnh", ["Sở Nông nghiệp và Môi trường các tỉnh"]),
    ("Ban Quản lý các khu công nghiệp", ["Ban Quản lý các khu công nghiệp"]),
]  # fmt: skip


@pytest.mark.parametrize("cell,parts", CELLS)
def test_nq109_cells_split_into_bodies(cell, parts):
    assert [t for t, _ in unit_fragments([cell])] == parts


def test_nq109_proposes_only_bodies():
    cells = [c for c, _ in CELLS[:6]] + [
        # T2.II.57, T2.II.55, T2.II.47, T2.III.68
        "Bộ Tài chính và các bộ, ngành, địa phương là cơ quan đại diện chủ sở hữu",
        "3. Các bộ, địa phương quản lý ngành, lĩnh vực rà soát để giao chỉ tiêu tăng trưởng",
        "Bộ Công Thương, các bộ, ngành, Tập đoàn Điện lực Việt Nam, các Tổng công ty Điện lực và "
        "các tổ chức liên quan",
        "Ngân hàng Nhà nước Việt Nam, TP. Hồ Chí Minh, Đà Nẵng (liên quan đến Trung tâm tài "
        "chính quốc tế tại Việt Nam), các bộ, cơ quan, đơn vị có liên quan.",
    ]
    units, groups = suggest_registry(cells)
    names = {u.name for u in units}
    assert names == {
        "Bộ Công an", "Bộ Công Thương", "Bộ Khoa học và Công nghệ", "Bộ Nông nghiệp và Môi trường",
        "Bộ Y tế", "Bộ Ngoại giao", "Bộ Tài chính", "Tập đoàn Điện lực Việt Nam",
        "Ngân hàng Nhà nước Việt Nam",
        # the cities named alone: their People's Committees (the remark goes with the alias)
        "Ủy ban nhân dân Thành phố Hồ Chí Minh", "Ủy ban nhân dân Thành phố Đà Nẵng",
    }  # fmt: skip
    by_name = {u.name: u for u in units}
    assert by_name["Ủy ban nhân dân Thành phố Hồ Chí Minh"].aliases == ["TP. Hồ Chí Minh"]
    assert by_name["Ủy ban nhân dân Thành phố Đà Nẵng"].aliases == [
        "Đà Nẵng (liên quan đến Trung tâm tài chính quốc tế tại Việt Nam)"
    ]
    assert {by_name[n].level for n in by_name if "Thành phố" in n} == {"province"}
    by_code = {g.code: g for g in groups}
    # some of the ministries and localities, none named; power companies: ignored phrases
    ignored = by_code["LIENQUAN"]
    assert ignored.ignore
    assert "các bộ, ngành, địa phương là cơ quan đại diện chủ sở hữu" in ignored.aliases
    assert "các Tổng công ty Điện lực" in ignored.aliases
    assert "Các bộ, địa phương quản lý ngành, lĩnh vực" in by_code["BONGANHDP"].aliases


@pytest.mark.parametrize(
    "cell",
    [
        # Kế hoạch 310/KH-UBND (2025), Hà Nội; 617/KH-UBND (2025), Đồng Tháp
        "Các doanh nghiệp viễn thông",
        "Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư",
        "Các doanh nghiệp đầu tư hạ tầng",
        # Chương trình 11 (2026), Lào Cai
        "Các tổ chức, cá nhân hoạt động khoáng sản",
        "các tổ chức hoạt động khai thác khoáng sản",
        # Nghị quyết 03/NQ-CP (2025), III.70
        "Các bộ, ngành, địa phương là chủ quản CSDLQG, CSDL chuyên ngành",
    ],
)
def test_enterprises_and_bodies_picked_by_a_clause_are_ignored_phrases(cell):
    units, groups = suggest_registry([cell])
    assert units == []
    assert [(g.code, g.ignore) for g in groups] == [("LIENQUAN", True)]


def test_state_enterprise_groups_keep_their_reference_group():
    # T3.XI.84
    cell = (
        "Các cơ quan đại diện chủ sở hữu, các Tập đoàn kinh tế, Tổng công ty, doanh nghiệp nhà nước"
    )
    units, groups = suggest_registry([cell])
    assert units == []
    by_code = {g.code: g for g in groups}
    assert set(by_code) == {"DNNN", "LIENQUAN"}
    assert set(by_code["DNNN"].aliases) == {
        "các Tập đoàn kinh tế",
        "Tổng công ty",
        "doanh nghiệp nhà nước",
    }

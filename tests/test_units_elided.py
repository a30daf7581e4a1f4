"""A head word written once for several bodies, and names that go on after a comma (issue 11,
item 7: no unit is a fragment of a longer name). Texts as plans write them: Lâm Đồng's
conclusion notice of 4/2026 (``Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh``), the
ministry's QĐ 4385 (``Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam``), and the usual
shortened lists of provincial departments and party boards."""

from __future__ import annotations

import pytest

from sheettools.model import Unit
from sheettools.units import Registry, unit_fragments


@pytest.mark.parametrize(
    ("cell", "bodies"),
    [
        ("Sở Tài chính, Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
        ("Sở Nội vụ, Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
        (
            "Sở Nội vụ, Tư pháp, Tài chính và Xây dựng",
            ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng"],
        ),
        ("Ban Tuyên giáo, Dân vận Tỉnh ủy", ["Ban Tuyên giáo Tỉnh ủy", "Ban Dân vận Tỉnh ủy"]),
        # the board written once for two committees (Chỉ thị 21/CT-TTg of 2026)
        (
            "Ban Thường vụ Tỉnh ủy, Thành ủy",
            ["Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Thành ủy"],
        ),
        ("Tỉnh ủy, Thành ủy", ["Tỉnh ủy", "Thành ủy"]),
        (
            "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh",
            ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"],
        ),
        (
            "Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam, Bộ Tài chính",
            ["Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam", "Bộ Tài chính"],
        ),
        # official names with a comma or "và" stay whole; bodies with their own head stay apart
        (
            "Sở Văn hóa, Thể thao và Du lịch, Sở Tài chính",
            ["Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"],
        ),
        ("Phòng Kinh tế, Hạ tầng và Đô thị", ["Phòng Kinh tế, Hạ tầng và Đô thị"]),
        ("Ủy ban Pháp luật và Tư pháp", ["Ủy ban Pháp luật và Tư pháp"]),
        (
            "Cục Biến đổi khí hậu, Vụ Hợp tác quốc tế, Vụ Pháp chế",
            ["Cục Biến đổi khí hậu", "Vụ Hợp tác quốc tế", "Vụ Pháp chế"],
        ),
        ("Bộ Y tế, Ngoại giao, Công an", ["Bộ Y tế", "Bộ Ngoại giao", "Bộ Công an"]),
        # the head is elided only after a whole known name: a university's "Phòng Kế hoạch
        # và Tài chính" (dhvn-2026-ke-hoach-dam-bao-chat-luong.pdf) is one office
        ("Phòng Kế hoạch và Tài chính", ["Phòng Kế hoạch và Tài chính"]),
        # a broadcaster's name with its "và" is one body (Nghị quyết 394/NQ-CP of 2025;
        # Kế hoạch 172/KH-UBND of 2025, Hồ Chí Minh)
        (
            "Đài Truyền hình và các cơ quan thông tấn, báo chí tại địa phương",
            # (the place is the station's too: each province's, round 8)
            ["Đài Truyền hình tại địa phương", "các cơ quan thông tấn, báo chí tại địa phương"],
        ),
        ("Đài Phát thanh và Truyền hình tỉnh", ["Đài Phát thanh và Truyền hình tỉnh"]),
        (
            "Sở Tư pháp và các sở, ban, ngành Thành phố, Đài Phát thanh và Truyền hình Thành phố, "
            "cơ quan thông tấn báo chí",
            [
                "Sở Tư pháp",
                "các sở, ban, ngành Thành phố",
                "Đài Phát thanh và Truyền hình Thành phố",
                "cơ quan thông tấn báo chí",
            ],
        ),
        # a head of two words (issue 11 leftovers, session note of 2026-12-06: "Hải quan"
        # was left bare); "Hải quan" after another head stays the customs force
        ("Chi cục Thuế, Hải quan", ["Chi cục Thuế", "Chi cục Hải quan"]),
        ("Bộ Công an, Hải quan", ["Bộ Công an", "Hải quan"]),
        # a name followed by its abbreviation: its "và" and commas cut nothing (a university's
        # 2026 quality-assurance plan)
        (
            "Phòng Đào tạo và Công tác sinh viên (ĐT&CTSV)",
            ["Phòng Đào tạo và Công tác sinh viên (ĐT&CTSV)"],
        ),
        (
            "Phòng Khảo thí và Đảm bảo chất lượng (KT&ĐBCL), Phòng Tài chính",
            ["Phòng Khảo thí và Đảm bảo chất lượng (KT&ĐBCL)", "Phòng Tài chính"],
        ),
        ("Sở Tài chính, Kho bạc Nhà nước (KBNN)", ["Sở Tài chính", "Kho bạc Nhà nước (KBNN)"]),
    ],
)
def test_cells_give_whole_bodies(cell, bodies):
    assert [text for text, _ward in unit_fragments([cell])] == bodies


def test_a_registry_resolves_the_shortened_list(tmp_path):
    units = [
        Unit(code, name, "province")
        for code, name in (
            ("STC", "Sở Tài chính"), ("SXD", "Sở Xây dựng"), ("SNV", "Sở Nội vụ"),
            ("STP", "Sở Tư pháp"), ("BTG", "Ban Tuyên giáo Tỉnh ủy"), ("BDV", "Ban Dân vận Tỉnh ủy"),
            ("CCT", "Chi cục Thuế"), ("CCHQ", "Chi cục Hải quan"),
        )
    ]  # fmt: skip
    reg = Registry(units, [])
    assert reg.resolve("Chi cục Thuế, Hải quan").codes == ["CCT", "CCHQ"]
    assert reg.resolve("Sở Tài chính, Xây dựng").codes == ["STC", "SXD"]
    assert reg.resolve("Sở Nội vụ, Tư pháp").codes == ["SNV", "STP"]
    assert reg.resolve("Ban Tuyên giáo, Dân vận Tỉnh ủy").codes == ["BTG", "BDV"]

"""Write samples/long-bien-2023/units.xlsx: the reviewed unit registry of the Long Biên 2023
plan (seed 001), with every spelling of every unit found in the seed's schedule table.

The data below was reviewed by hand against the seed (see docs/units.md for the choices).
E-mail addresses use the reserved ``.example`` domain and contacts are placeholders: replace
them with the real ones before sending anything.

Run: .venv/bin/python scripts/make_sample_units.py [OUTPUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from sheettools.model import LEVEL_DISTRICT, LEVEL_EXTERNAL, LEVEL_WARD, Unit, UnitGroup
from sheettools.units import write_units_xlsx

DOMAIN = "longbien.example"
OUTPUT = Path(__file__).resolve().parent.parent / "samples" / "long-bien-2023" / "units.xlsx"

# code, name, aliases, groups -- district-level units (they report)
DISTRICT: list[tuple[str, str, list[str], list[str]]] = [
    ("VHTT", "Phòng Văn hóa và Thông tin",
     ["Phòng VHTT", "Phòng VH TT", "Phòng VH-TT", "Phòng VHTT quận", "phòng VH-TT",
      "Phòng VTTT", "Phòng Văn hóa - Thông tin"], []),
    ("QLDT", "Phòng Quản lý đô thị", ["Phòng QLĐT", "QLĐT"], []),
    ("TTPTQD", "Trung tâm Phát triển quỹ đất quận",
     ["TTPTQĐ", "TTPTQĐ quận", "Trung tâm PTQĐ"], []),
    ("LDTBXH", "Phòng Lao động - Thương binh và Xã hội",
     ["Phòng LĐTBXH", "Phòng LĐTB-XH quận", "Phòng Lao động- TBXH",
      "Phòng Lao động TBXH quận", "Phòng TBXH LĐ", "LĐTBXH"], []),
    ("TNMT", "Phòng Tài nguyên và Môi trường", ["Phòng TNMT"], []),
    ("KT", "Phòng Kinh tế", ["Phòng KT", "pòng Kinh tế"], []),
    ("TCKH", "Phòng Tài chính - Kế hoạch", ["Phòng TCKH", "TCKH"], []),
    ("GDDT", "Phòng Giáo dục và Đào tạo", ["Phòng GD&ĐT", "GDĐT", "Phòng GD&ĐT quận"], []),
    ("YT", "Phòng Y tế", ["Phòng YT", "PYT", "phòng Y tế"], []),
    ("NV", "Phòng Nội vụ", ["Phòng NV", "Phòng Nội vụ quận"], []),
    ("TP", "Phòng Tư pháp", ["Phòng TP"], []),
    ("VPUB", "Văn phòng HĐND và UBND quận",
     ["Văn phòng HĐND&UBND", "VP HĐND&UBND", "VP HĐND&UBND quận", "VPHĐND&UBND quận"], []),
    ("TTYT", "Trung tâm Y tế quận", ["TTYT", "TTYT quận", "Trung tâm y tế", "rung tâm y tế"], []),
    ("TTVHTT", "Trung tâm Văn hóa - Thông tin và Thể thao quận",
     ["TTVHTT", "TTVHTT&TT", "TTVHTTTT", "Trung tâm VHTT&TT", "Trung tâm VHTT-TT",
      "Trung tâm VHTT quận"], []),
    ("TTGDNN", "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên quận",
     ["TT GDNN-GDTX", "Trung tâm GDNN-GDTX", "Trung tâm GDNN - GDTX"], []),
    ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng quận", ["BQLDA"], []),
    ("BHXH", "Bảo hiểm xã hội quận", ["BHXH", "BHXH quận"], []),
    ("CAQ", "Công an quận", ["CAQ"], []),
    ("CCT", "Chi cục Thuế quận", ["CCT"], []),
    ("UBND", "Ủy ban nhân dân quận", ["UBND", "UBND quận"], []),
    ("HDND", "Hội đồng nhân dân quận", ["HĐND", "Các ban HĐND quận", "Các ban HĐN quận"], []),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam quận",
     ["Ủy ban MTTQ Quận", "Uỷ ban MTTQ quận", "UB MTTQ quận", "UBMTTQ quận", "MTTQ quận",
      "UBMTQ", "Ban TT UB MTTQ"], []),
    ("LHPN", "Hội Liên hiệp Phụ nữ quận",
     ["Hội LHPN quận", "Hội phụ nữ Quận", "Hội LHPN", "HPN"], ["CTXH"]),
    ("CCB", "Hội Cựu chiến binh quận", ["Hội CCB quận", "Hội CCB"], ["CTXH"]),
    ("DOAN", "Quận Đoàn (Đoàn TNCS Hồ Chí Minh quận)",
     ["Đoàn TNCSHCM Quận", "Quận Đoàn", "Đoàn TNCSHCM"], ["CTXH"]),
    ("LDLD", "Liên đoàn Lao động quận",
     ["Liên đoàn LĐ quận", "Liên đoàn LĐ", "LĐLĐ quận", "LĐLĐ"], ["CTXH"]),
    ("BTG", "Ban Tuyên giáo Quận ủy", ["Ban Tuyên giáo", "Ban Tuyên giáo Quận ủy"], []),
    ("BDV", "Ban Dân vận Quận ủy", ["Ban Dân vận"], []),
    ("BTC", "Ban Tổ chức Quận ủy", ["Ban Tổ chức"], []),
    ("UBKT", "Ủy ban Kiểm tra Quận ủy", ["UBKT Quận ủy"], []),
    ("VPQU", "Văn phòng Quận ủy", ["VP Quận ủy"], []),
    ("DUKDN", "Đảng ủy Khối doanh nghiệp quận",
     ["Đảng uỷ Khối doanh nghiệp quận", "Đảng ủy khối DN", "Đảng uỷ khối DN quận"], []),
    ("CTD", "Hội Chữ thập đỏ quận", ["Hội CTĐ quận"], []),
    ("NCT", "Hội Người cao tuổi quận", ["Ban đại diện Hội Người cao tuổi quận"], []),
    ("HNKT", "Hội Người khuyết tật quận", ["Hội người khuyết tật Quận"], []),
    ("DONGY", "Hội Đông y quận", ["Hội Đông Y quận"], []),
]  # fmt: skip

# ward code suffix, ward name
WARDS: list[tuple[str, str]] = [
    ("BODE", "Bồ Đề"), ("CUKHOI", "Cự Khối"), ("DUCGIANG", "Đức Giang"),
    ("GIATHUY", "Gia Thụy"), ("GIANGBIEN", "Giang Biên"), ("LONGBIEN", "Long Biên"),
    ("NGOCLAM", "Ngọc Lâm"), ("NGOCTHUY", "Ngọc Thụy"), ("PHUCDONG", "Phúc Đồng"),
    ("PHUCLOI", "Phúc Lợi"), ("SAIDONG", "Sài Đồng"), ("THACHBAN", "Thạch Bàn"),
    ("THUONGTHANH", "Thượng Thanh"), ("VIETHUNG", "Việt Hưng"),
]  # fmt: skip
# extra aliases of single wards found in the seed
WARD_ALIASES = {"BODE": ["Đoàn TNCSHCM Phường Bồ Đề"]}

# bodies outside the office's reporting circle: named in tasks, never sent a workbook
EXTERNAL: list[tuple[str, str, list[str]]] = [
    ("X-DAITH", "Đài Truyền hình Hà Nội", ["Đài TH Hà Nội"]),
    ("X-RACEVN", "Race Việt Nam", []),
    ("X-BVDUCGIANG", "Bệnh viện Đa khoa Đức Giang", ["BV Đức Giang"]),
    ("X-CSGT5", "Đội CSGT số 5", ["CSGT số 5"]),
    ("X-TTGTVT", "Đội Thanh tra giao thông vận tải", ["Đội TTGTVT"]),
    ("X-QLTT16", "Đội Quản lý thị trường số 16", ["Đội QLTT 16"]),
    ("X-CNTY", "Trạm Chăn nuôi và Thú y", ["Trạm CN&TY"]),
    ("X-TRUONGLK", "Các trường trung cấp, cao đẳng liên kết",
     ["Các trường TC,CĐ liên kết", "Các trường TC, CĐ liên kết"]),
    ("X-CDNGHE", "Trường Cao đẳng nghề Long Biên", ["CĐ nghề Long Biên"]),
    ("X-SVC", "Hội Sinh vật cảnh quận", ["Hội sinh vật cảnh"]),
    ("X-TRUONG", "Các trường học trên địa bàn quận",
     ["Các trường học", "Các nhà trường", "các trường", "Các đơn vị trường học",
      "Các Trường THCS, TH"]),
    ("X-KHOIDOI", "Khối Đội", []),
    ("X-KHOITHPT", "Khối THPT", []),
    ("X-CLBTDP", "Các CLB văn hóa văn nghệ, thể dục thể thao tổ dân phố",
     ["các CLB VHVN TDTT TDP"]),
]  # fmt: skip

GROUPS: list[UnitGroup] = [
    UnitGroup(
        code="PHUONG",
        name="UBND các phường",
        aliases=["UBND phường", "UBND 14 phường", "các phường", "14 phường"],
    ),
    # Ward-level bodies report through their ward's People's Committee (docs/units.md).
    UnitGroup(
        code="CS-PHUONG",
        name="Các tổ chức cơ sở phường",
        aliases=[
            "UB MTTQ phường",
            "UBMTTQ các phường",
            "Ủy ban MTTQ phường",
            "MTTQ phường",
            "UBMTQ phường",
            "Uỷ ban MTTQ phường",
            "UBMTTQ Ban CTMT",
            "các tổ chức chính trị- xã hội phường",
            "tổ chứ CTXH các Phường",
            "tổ chức CTXH phường",
            "Các đoàn thể chính trị- xã hội phường",
            "tổ chức chính trị xã hội phường",
            "Đoàn TNCSHCM phường",
            "ĐTN các Phường",
            "Đoàn TN phường",
            "Hội PN cơ sở",
            "Hội CCB phường",
            "Chi hội CCB cơ sở",
            "TYT phường",
            "Trạm Y tế phường",
            "14 Trạm Y tế phường",
            "TCCS Đảng",
            "Đảng ủy phường",
            "Đảng ủy các phường",
            "Ban CTMT",
            "Ban CTMT TDP",
            "Ban CTMT tổ dân phố",
            "Tổ dân phố các phường",
            "chi hội dđoàn thể tổ dân phố",
            "Các cơ sở Đoàn Hội",
            "Các cơ sở Đoàn – Hội – Đội",
        ],
    ),  # fmt: skip
    UnitGroup(
        code="CTXH",
        name="Các tổ chức chính trị - xã hội quận",
        aliases=[
            "các tổ chức chính trị- xã hội quận",
            "tổ chức chính trị- xã hội quận",
            "Các tổ chức chính trị XH quận",
            "các tổ chức CTXH Quận",
            "tổ chức CTXH quận",
            "Các đoàn thể chính trị- xã hội quận",
            "các đoàn thể",
        ],
        members=["LHPN", "CCB", "DOAN", "LDLD"],
    ),  # fmt: skip
    UnitGroup(
        code="BXDD",
        name="Các ban xây dựng Đảng Quận ủy",
        aliases=["Các ban xây dựng Đảng QU", "Các Ban XD Đảng", "Các ban XDĐ Quận ủy"],
        members=["BTC", "BTG", "BDV", "UBKT", "VPQU"],
    ),
    UnitGroup(
        code="CB-DUKDN",
        name="Các chi bộ trực thuộc Đảng bộ Khối doanh nghiệp quận",
        aliases=[
            "Các chi bộ trực thuộc Đảng bộ Khối doanh nghiệp",
            "Các chi bộ trực thuộc Đảng bộ Khối doanh nghiệp quận Long Biên",
        ],
        members=["DUKDN"],
    ),
    # Two units written without a separator.
    UnitGroup(code="QLDT+TCKH", name="Phòng QLĐT TCKH", members=["QLDT", "TCKH"]),
    UnitGroup(code="LDTBXH+GDDT", name="LĐTBXH GD&ĐT", members=["LDTBXH", "GDDT"]),
    # Phrases that name no particular unit: resolved, to nobody.
    UnitGroup(
        code="LIENQUAN",
        name="Các phòng, ban, đơn vị liên quan",
        aliases=[
            "Các phòng, ban liên quan",
            "Các phòng ban, đơn vị có liên quan",
            "các đơn vị liên quan",
            "các cơ quan đơn vị có liên quan",
            "Các phòng, ban, đơn vị thuộc quận",
            "Các phòng, ban, đơn vị",
            "Phòng, ban, ngành",
            "Các phòng, Ban, ngành đoàn thể",
            "Các phòng, ban, ngành, đoàn thể quận",
            "Các phòng, ban, ngành, đoàn thể phường",
            "các CQ, đơn vị trên địa bàn",
            "các tổ chức, cá nhân trên địa bàn quận",
            "Các tập thể, cá nhân được khen thưởng",
            "ĐVDN",
            "các đơn vị liên kết",
        ],
        ignore=True,
    ),  # fmt: skip
]


def sample_registry() -> tuple[list[Unit], list[UnitGroup]]:
    units: list[Unit] = []
    for code, name, aliases, groups in DISTRICT:
        units.append(
            Unit(
                code=code,
                name=name,
                level=LEVEL_DISTRICT,
                groups=list(groups),
                aliases=list(aliases),
                email=[f"{code.lower()}@{DOMAIN}"],
                contact=f"Văn thư {name} (đầu mối, cần cập nhật)",
            )
        )
    for suffix, ward in WARDS:
        code = f"P-{suffix}"
        name = f"UBND phường {ward}"
        units.append(
            Unit(
                code=code,
                name=name,
                level=LEVEL_WARD,
                groups=["PHUONG", "CS-PHUONG"],
                aliases=[f"phường {ward}", ward, *WARD_ALIASES.get(suffix, [])],
                email=[f"{code.lower()}@{DOMAIN}"],
                contact=f"Văn phòng {name} (đầu mối, cần cập nhật)",
            )
        )
    for code, name, aliases in EXTERNAL:
        units.append(Unit(code=code, name=name, level=LEVEL_EXTERNAL, aliases=list(aliases)))
    return units, [UnitGroup(**vars(g)) for g in GROUPS]


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUTPUT
    out.parent.mkdir(parents=True, exist_ok=True)
    units, groups = sample_registry()
    write_units_xlsx(units, groups, out)
    reporting = sum(1 for u in units if u.reports)
    print(f"wrote {out}: {len(units)} units ({reporting} reporting), {len(groups)} groups")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

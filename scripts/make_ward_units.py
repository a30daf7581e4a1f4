"""Write samples/long-bien-2023/ward-long-bien/units.xlsx: the reviewed registry of the bodies
of phường Long Biên that report to the ward's standing office (Ủy ban MTTQ phường), built
from the ward's plan (seed 000, section "III. TỔ CHỨC THỰC HIỆN", 1.1-1.8) and the ward-level
bodies the district plan names (seed 001: "Hội PN cơ sở", "Hội CCB phường", "Đoàn TNCSHCM
phường", "Trạm Y tế phường"). Each row says where it comes from in SOURCES below; the
sample's README explains the choices.

E-mail addresses use the reserved ``.example`` domain and contacts are placeholders.

Run: .venv/bin/python scripts/make_ward_units.py [OUTPUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from sheettools.model import LEVEL_EXTERNAL, LEVEL_WARD, Unit, UnitGroup
from sheettools.units import write_units_xlsx

DOMAIN = "p-longbien.example"
OUTPUT = (
    Path(__file__).resolve().parent.parent
    / "samples"
    / "long-bien-2023"
    / "ward-long-bien"
    / "units.xlsx"
)

# code, name, aliases, groups, source -- the ward's bodies (they report to the ward office)
BODIES: list[tuple[str, str, list[str], list[str], str]] = [
    ("BTV", "Ban Thường vụ Đảng ủy phường",
     ["Ban Thường vụ Đảng ủy", "Ban Thường vụ Đảng uỷ", "BTV Đảng ủy", "Thường trực Đảng ủy",
      "cấp ủy"],
     [], "seed 000 III.1.1"),
    ("MTTQ", "Ủy ban MTTQ phường (Cơ quan Thường trực)",
     ["Ủy ban MTTQ phường", "Uỷ ban MTTQ Phường", "UB MTTQ phường", "MTTQ phường",
      "Cơ quan Thường trực", "Ban thường trực MTTQ",
      "Cơ quan Thường trực - Ủy ban MTTQ phường", "Uỷ ban MTTQ"],
     [], "seed 000 III.1.2"),
    ("UBKT", "Ủy ban Kiểm tra Đảng ủy phường",
     ["Ủy ban kiểm tra", "Uỷ ban kiểm tra Đảng ủy", "UBKT Đảng ủy"], ["GIUPVIEC"],
     "seed 000 III.1.3"),
    ("KDV", "Khối Dân vận Đảng ủy phường",
     ["Khối dân vận", "Khối Dân vận Đảng ủy", "Khối dân vận phường"], ["GIUPVIEC"],
     "seed 000 III.1.3"),
    ("TG", "Cán bộ Tuyên giáo Đảng ủy phường",
     ["Cán bộ tuyên giáo Đảng ủy", "Tuyên giáo Đảng ủy", "Bộ phận tuyên giáo"], ["GIUPVIEC"],
     "seed 000 III.1.3"),
    ("VPDU", "Văn phòng Đảng ủy phường",
     ["Cán bộ Văn phòng Đảng ủy", "Văn phòng Đảng ủy"], ["GIUPVIEC"], "seed 000 III.1.3"),
    ("UBND", "Ủy ban nhân dân phường",
     ["UBND phường", "UBND Phường", "Uỷ ban nhân dân Phường"], [], "seed 000 III.1.4"),
    ("CA", "Công an phường", ["Công an Phường", "CA phường"], [], "seed 000 III.1.5"),
    ("QS", "Ban Chỉ huy Quân sự phường",
     ["Ban chỉ huy Quân sự Phường", "Ban CHQS phường", "BCHQS phường"], [], "seed 000 III.1.6"),
    ("CB", "Các Chi bộ trực thuộc Đảng ủy phường",
     ["Các Chi bộ trực thuộc", "chi bộ trực thuộc", "các chi trực thuộc Đảng ủy phường"],
     [], "seed 000 III.1.7 (one row for all: add one row per chi bộ when their list is known)"),
    ("TDKT", "Hội đồng Thi đua - Khen thưởng phường",
     ["Hội đồng thi đua khen thưởng Phường", "Hội đồng TĐKT phường", "HĐTĐKT phường"],
     [], "seed 000 III.1.8"),
    ("PN", "Hội Liên hiệp Phụ nữ phường",
     ["Hội PN cơ sở", "Hội LHPN phường", "Hội Phụ nữ phường"], ["CTXH"],
     "seed 000 III.1.2 'các đoàn thể'; seed 001 'Hội PN cơ sở'"),
    ("CCB", "Hội Cựu chiến binh phường",
     ["Hội CCB phường", "Chi hội CCB cơ sở"], ["CTXH"],
     "seed 000 III.1.2 'các đoàn thể'; seed 001 'Hội CCB phường'"),
    ("DTN", "Đoàn TNCS Hồ Chí Minh phường",
     ["Đoàn TNCSHCM phường", "Đoàn TN phường", "Đoàn phường"], ["CTXH"],
     "seed 000 III.1.2 'các đoàn thể'; seed 001 'Đoàn TNCSHCM phường'"),
    ("TYT", "Trạm Y tế phường", ["TYT phường", "Trạm y tế"], [], "seed 001 'Trạm Y tế phường'"),
]  # fmt: skip

# named in the ward's plan, never sent a workbook
EXTERNAL: list[tuple[str, str, list[str], str]] = [
    ("X-TDP", "Các tổ dân phố, Ban công tác Mặt trận",
     ["tổ dân phố", "Ban CTMT tổ dân phố", "Ban CTMT"], "seed 000 III.2 (report through their chi bộ)"),
    ("X-DN", "Các cơ quan, doanh nghiệp và nhân dân trên địa bàn phường",
     ["các cơ quan, doanh nghiệp, nhân dân", "doanh nghiệp", "nhân dân", "Các cơ quan",
      "nhân dân tham gia"], "seed 000 III.2.2, 3.1.2, 3.2.2"),
]  # fmt: skip

GROUPS: list[UnitGroup] = [
    UnitGroup(
        code="CTXH",
        name="Các tổ chức chính trị - xã hội phường",
        aliases=[
            "các đoàn thể phường",
            "các đoàn thể",
            "các tổ chức chính trị - xã hội phường",
            "các tổ chức chính trị - xã hội",
            "các tổ chức Hội cơ sở",
        ],
        members=[],
    ),
    UnitGroup(
        code="GIUPVIEC",
        name="Các bộ phận giúp việc Đảng ủy phường",
        aliases=["các bộ phận giúp việc Đảng ủy", "các bộ phận giúp việc Đảng uỷ"],
        members=[],
    ),
    UnitGroup(
        code="LIENQUAN",
        name="Các cơ quan, đơn vị liên quan",
        aliases=["các cơ quan, đơn vị liên quan", "các đơn vị liên quan", "các cơ quan, đơn vị"],
        ignore=True,
    ),
]


def ward_registry() -> tuple[list[Unit], list[UnitGroup]]:
    units = [
        Unit(
            code=code,
            name=name,
            level=LEVEL_WARD,
            groups=list(groups),
            aliases=list(aliases),
            email=[f"{code.lower()}@{DOMAIN}"],
            contact=f"Văn thư {name} (đầu mối, cần cập nhật)",
        )
        for code, name, aliases, groups, _src in BODIES
    ]
    units += [
        Unit(code=code, name=name, level=LEVEL_EXTERNAL, aliases=list(aliases))
        for code, name, aliases, _src in EXTERNAL
    ]
    return units, [UnitGroup(**vars(g)) for g in GROUPS]


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUTPUT
    out.parent.mkdir(parents=True, exist_ok=True)
    units, groups = ward_registry()
    write_units_xlsx(units, groups, out)
    reporting = sum(1 for u in units if u.reports)
    print(f"wrote {out}: {len(units)} units ({reporting} report), {len(groups)} groups")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

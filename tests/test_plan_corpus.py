"""Real public plans of other levels, layouts and formats import as a person counted them.

The corpus and its hand-counted expectations are in tests/data/plans/ (PROVENANCE.md,
expected.json). A plan whose header is genuinely ambiguous has its mapping file beside it
(``<plan>.map.json``), as an office would keep one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sheettools.planimport import parse_plan, resolve_mapping
from sheettools.textutil import fold, nfc

PLANS = Path(__file__).parent / "data" / "plans"
EXPECTED = json.loads((PLANS / "expected.json").read_text(encoding="utf-8"))
# plans found by each blind round (one file per round, so two helpers never edit one file)
PENDING: dict[str, str] = {}
# (expected.json's own plans too: a re-count of round 11a not read yet)
PENDING_COUNT: dict[str, str] = dict(EXPECTED.get("_pending_count", {}))
for _blind_file in sorted(PLANS.glob("expected-blind*.json")):
    _blind = json.loads(_blind_file.read_text(encoding="utf-8"))
    PENDING.update(_blind.get("_pending", {}))
    PENDING_COUNT.update(_blind.get("_pending", {}))
    PENDING_COUNT.update(_blind.get("_pending_count", {}))
    EXPECTED.update({k: v for k, v in _blind.items() if not k.startswith("_")})
NAMES = sorted(k for k in EXPECTED if not k.startswith("_"))
READ = [n for n in NAMES if n not in PENDING]  # the importer reads these today


def _checked(names, pending):
    """Hand counts the importer does not meet yet are strict xfails with their reason."""
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=pending[n]))
        if n in pending
        else n
        for n in names
    ]


# Where the importer and the hand count disagree on purpose (each with its reason).
COUNT_DIFFERS: dict[str, int] = {}


def expectation(name: str) -> dict:
    e = EXPECTED[name]
    return EXPECTED[e["same_as"]] if "same_as" in e else e


@pytest.fixture(scope="module")
def imported():
    cache: dict[str, tuple] = {}

    def get(name: str):
        if name not in cache:
            path = PLANS / name
            cache[name] = parse_plan(path, mapping=resolve_mapping(path, None) or None)
        return cache[name]

    return get


def test_corpus_is_big_and_varied():
    originals = [n for n in NAMES if "same_as" not in EXPECTED[n]]
    assert len(originals) >= 8
    assert {Path(n).suffix for n in NAMES} >= {
        ".pdf", ".docx", ".xlsx", ".xls", ".ods", ".txt", ".md", ".htm"
    }  # fmt: skip


@pytest.mark.parametrize("name", _checked(NAMES, PENDING_COUNT))
def test_year_and_task_count(name, imported):
    e = expectation(name)
    tasks, report = imported(name)
    leaves = [t for t in tasks if t.kind != "group"]
    assert report["year"] == e["year"]
    assert len(leaves) == COUNT_DIFFERS.get(name, e["tasks"])
    # every task keeps where it came from
    assert all(t.source_rows for t in leaves)


def _has(raw: str, name: str) -> bool:
    return fold(name) in fold(raw)


@pytest.mark.parametrize("name", _checked(NAMES, PENDING))
def test_sample_tasks_units_and_deadlines(name, imported):
    e = expectation(name)
    tasks, _report = imported(name)
    leaves = [t for t in tasks if t.kind != "group"]
    for s in e["samples"]:
        start = nfc(s["content_start"])
        found = [t for t in leaves if t.content.startswith(start)]
        assert found, f"{name}: no task starts with {start[:50]!r}"
        t = found[0]
        for unit in s.get("lead_units", []) + s.get("lead_groups", []):
            assert _has(t.lead_raw, unit), f"{name} {t.key}: lead {unit!r} not in {t.lead_raw!r}"
        for unit in s.get("coordinating_units", []) + s.get("coordinating_groups", []):
            assert _has(t.coord_raw, unit), f"{name} {t.key}: {unit!r} not in {t.coord_raw!r}"
        if "leaders" in s:
            # people named one per line: each one a separate name, none of them a lead unit
            names = [nfc(x) for x in t.leader.split(";")]
            assert [n.strip() for n in names] == s["leaders"], (name, t.key, t.leader)
            assert not t.lead_raw and "no_lead_unit" in t.flags
        assert t.due_date == s["deadline"], f"{name} {t.key}: {t.due_raw!r}"
        if s["deadline"] is None and s.get("deadline_text"):
            # no computable deadline: ongoing, or flagged with its text — never guessed
            assert t.recurring or "no_deadline" in t.flags


@pytest.mark.parametrize("name", READ)
def test_no_lead_unit_is_flagged_and_reported(name, imported):
    tasks, report = imported(name)
    missing = [t.key for t in tasks if t.kind == "task" and not t.lead_raw]
    assert sorted(report["no_lead_unit"]) == sorted(
        k for k in missing if k in report["no_lead_unit"]
    )
    assert all("no_lead_unit" in t.flags for t in tasks if t.key in missing)


def test_not_units_are_kept_out_of_the_lead_column(imported):
    for name in READ:
        e = expectation(name)
        tasks, _ = imported(name)
        for text in e.get("not_units", []):
            assert not any(_has(t.lead_raw, text) for t in tasks), (name, text)


def test_ambiguous_header_needs_its_mapping_file(tmp_path):
    from sheettools.errors import InputError

    src = PLANS / "ubtvqh-45-2024-dieu-chinh-chuong-trinh-xay-dung-luat.xlsx"
    copy = tmp_path / src.name  # without the mapping file beside it
    copy.write_bytes(src.read_bytes())
    with pytest.raises(InputError) as info:
        parse_plan(copy)
    line = info.value.one_line()
    assert "Cơ quan trình" in line and "Cơ quan chủ trì thẩm tra" in line
    assert '--map lead="' in line


def test_identity_of_real_plans(imported):
    _tasks, report = imported("mttq-xa-luong-minh-16-kh-2025-bau-cu.htm")
    ident = report["identity"]
    assert ident["number"] == "16/KH-MTTQ-BTT"
    assert ident["date"] == "2025-11-18"
    # the issuer printed in capitals is cited as in a sentence
    assert ident["citation"].startswith(
        "Kế hoạch số 16/KH-MTTQ-BTT ngày 18/11/2025 của Ủy ban MTTQ Việt Nam xã Lương Minh"
    )
    _tasks, report = imported("ddqh-3260-kh-2025-trien-khai-nq57.md")
    assert report["identity"]["issuer"] == "ĐẢNG ĐOÀN QUỐC HỘI"
    assert report["identity"]["number"] == "3260-KH/ĐĐQH15"


@pytest.mark.parametrize("name", READ)
def test_units_suggest_proposes_no_fragment_of_a_longer_name(name, imported):
    """No proposed unit is the part of another proposed name after its 'và' or comma
    ('Kiểm lâm' beside 'Cục Lâm nghiệp và Kiểm lâm'). (The part before may be a unit the
    plan also names on its own: 'Cục Lâm nghiệp và Cục Kiểm lâm'.)"""
    from sheettools.units import suggest_registry

    tasks, _ = imported(name)
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    units, _groups = suggest_registry(cells)
    names = {fold(u.name) for u in units}
    for long in names:
        for sep in (" va ", ", "):
            if sep in long:
                tail = long.rpartition(sep)[2]
                assert tail not in names, (name, tail, long)

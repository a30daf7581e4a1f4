"""File names from outside are safe on Windows too (checked the same on every platform)."""

from __future__ import annotations

import pytest

from sheettools.fsnames import MAX_NAME_BYTES, safe_file_name
from sheettools.mail import safe_file_name as mail_safe_file_name
from sheettools.unitbook import unit_file_name


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("CON.xlsx", "CON_.xlsx"),  # a reserved device name
        ("nul", "nul_"),
        ("LPT1.report.xlsx", "LPT1_.report.xlsx"),
        ("report.xlsx.", "report.xlsx"),  # Windows drops a trailing dot: two names, one file
        ("report.xlsx . ", "report.xlsx"),
        ('a<b>:c"|?*.xlsx', "a_b__c____.xlsx"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("../../etc/passwd", "passwd"),
        (".hidden.xlsx", "hidden.xlsx"),
        ("tab\there.xlsx", "tab here.xlsx"),
        ("Ba\u0301o ca\u0301o quy\u0301 II.xlsx", "Báo cáo quý II.xlsx"),  # NFD -> NFC
        ("", "attachment.xlsx"),
        ("...", "attachment.xlsx"),
    ],
)
def test_safe_file_name(raw, safe):
    assert safe_file_name(raw) == safe
    assert mail_safe_file_name(raw) == safe  # mail fetch uses the same rules


def test_long_names_are_cut_on_a_character_and_keep_their_extension():
    name = safe_file_name("Báo cáo " * 60 + ".xlsx")
    assert name.endswith(".xlsx") and len(name.encode("utf-8")) <= MAX_NAME_BYTES
    name.encode("utf-8").decode("utf-8")  # no half character


def test_unit_file_names_are_safe_even_for_odd_codes():
    assert unit_file_name("2023-Q2", "VHTT") == "2023-Q2_VHTT.xlsx"
    assert unit_file_name("2023-Q2", "A/B") == "2023-Q2_A_B.xlsx"
    assert unit_file_name("2023-Q2", "X.") == "2023-Q2_X..xlsx"

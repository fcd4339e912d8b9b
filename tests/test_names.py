from __future__ import annotations

import pytest

from kb.names import best_name, normalize_case_name


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Huss a in v. Keisler", "Hussain v. Keisler"),
        ("Elg h arib v. Napolitano", "Elgharib v. Napolitano"),
        ("Gomez – Chavez v. Perryman", "Gomez-Chavez v. Perryman"),
        ("Reno v. Am.-Arab Anti – Discrimination Comm.", "Reno v. Am.-Arab Anti-Discrimination Comm."),
        ("Reno v. American-Arab Anti-Discrimination Committee", "Reno v. Am.-Arab Anti-Discrimination Comm."),
        ("Wigglesworth v. I.N.S.", "Wigglesworth v. INS"),
        ("Rueth v. E.P.A.", "Rueth v. EPA"),
        ("In re Chi., Rock Island & Pacific R.R. Co.", "In re Chi., Rock Island & Pac. R.R. Co."),
        ("United States v. Hovsepian", "United States v. Hovsepian"),
    ],
)
def test_case_names_are_repaired_and_bluebooked(printed, expected):
    assert normalize_case_name(printed) == expected


def test_best_name_prefers_the_full_and_most_complete_form():
    assert best_name(["Seol v. Holder", "Jung Ok Seol v. Holder", "Seol"]) == "Jung Ok Seol v. Holder"
    assert best_name(["Pomaquiza", "Pomaquiza v. Sessions"]) == "Pomaquiza v. Sessions"
    assert best_name([None, None]) is None

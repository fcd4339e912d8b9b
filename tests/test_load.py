from __future__ import annotations

import pytest

from kb.errors import InputError
from kb.load import detect_metadata, load_document
from tests.conftest import OPINIONS, opinion_text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"  \n\n\t ", "empty file"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "not a readable PDF (damaged, or not a PDF at all)",
        ),
        (b"<!DOCTYPE html><html><body><p> </p></body></html>", "an HTML page with no text in it"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not text (NUL byte at offset 8)"),
        (
            b"Smith v. Jones, caf\xe9 society",
            "not UTF-8 text (byte 0xe9 at offset 19); pass --encoding latin-1 if it is Latin-1",
        ),
    ],
)
def test_bad_input_gives_a_one_line_error_naming_the_file(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as e:
        load_document(f)
    assert str(e.value) == f"{f}: {message}"


def test_too_large_file_is_refused_before_reading(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_bytes(b"a" * 2000)
    with pytest.raises(InputError, match=r"huge.txt: too large \(0.0 MB > 0 MB limit\)"):
        load_document(f, max_bytes=1000)


def test_latin1_text_loads_with_an_explicit_encoding(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Smith v. Jones, café society".encode("latin-1"))
    assert "café" in load_document(f, encoding="latin-1").text


def test_sidecar_metadata_is_used(tmp_path):
    doc = load_document(OPINIONS / "balogun-v-sessions.txt")
    assert doc.meta.case_name == "Balogun v. Sessions"
    assert doc.meta.citations == ("330 F. Supp. 3d 1211",)
    assert doc.meta.court_id == "cacd"


def test_metadata_is_detected_from_a_caption_without_sidecar():
    meta = detect_metadata(opinion_text("arango-v-usa-immigration"), "arango")
    assert meta.court_id == "ctd"
    assert meta.docket == "No. 3:08CV1004 (MRK)"
    assert meta.date == "2008-10-17"
    assert "Arango" in meta.case_name


def test_a_file_name_stands_in_for_an_unread_case_name_without_its_ids():
    from kb.load import name_from_stem

    # ../shared/corpus names its files "<source>-<id>-<parties>"
    assert name_from_stem("cl1-148334-gonzalez-fuentes-v-molina") == "Gonzalez Fuentes v. Molina"
    assert name_from_stem("2019-05-01_smith_vs_jones") == "Smith v. Jones"

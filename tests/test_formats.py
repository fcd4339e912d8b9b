"""Reading PDF, HTML and DOCX: the text kb finds in each must give the references the .txt gives."""

from __future__ import annotations

import builtins
import shutil
from collections import Counter
from pathlib import Path

import pytest

from kb.analysis import analyze_document
from kb.errors import InputError
from kb.formats import html_text, sniff_format
from kb.load import discover, load_document
from tests.conftest import CORPUS, EVAL_OPINIONS, write_docx, write_pdf

# The corpus files kb used to refuse as "an HTML page": text that still carries markup.
HTML_TXT = (
    "st-clr-11158621-rosenblum-v-treitler.txt",
    "st-clr-11158740-rosenblum-v-treitler.txt",
    "ussc-4155979-moore-v-texas.txt",
)
EVAL_STEMS = sorted(p.stem for p in EVAL_OPINIONS.glob("*.txt"))


def references(path: Path) -> Counter[tuple[str | None, str, str | None]]:
    ex = analyze_document(load_document(path))
    return Counter((r.key, r.form, r.pin_cite) for r in ex.references)


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    """Every real opinion in tests/eval/opinions as a Word file and as the PDF LibreOffice makes of it."""
    from tests.conftest import soffice_to_pdf

    d = tmp_path_factory.mktemp("laid-out")
    docs = [write_docx((EVAL_OPINIONS / f"{s}.txt").read_text(encoding="utf-8"), d / f"{s}.docx") for s in EVAL_STEMS]
    soffice_to_pdf(docs, d)
    return d


@pytest.mark.parametrize("stem", EVAL_STEMS)
def test_a_word_file_of_an_opinion_gives_the_references_of_its_text(tmp_path, stem):
    source = EVAL_OPINIONS / f"{stem}.txt"
    docx = write_docx(source.read_text(encoding="utf-8"), tmp_path / f"{stem}.docx")
    assert references(docx) == references(source)


@pytest.mark.parametrize("stem", EVAL_STEMS)
def test_a_pdf_laid_out_by_libreoffice_gives_the_references_of_its_text(laid_out, stem):
    pdf = laid_out / f"{stem}.pdf"
    assert load_document(pdf).format == "pdf"
    assert references(pdf) == references(EVAL_OPINIONS / f"{stem}.txt")


def test_pdf_pages_become_form_feeds_and_page_numbers_markers(laid_out):
    from kb.analysis.clean import clean_text

    stem = "slip-09-the-court-astrue-v-ratliff"
    doc = load_document(laid_out / f"{stem}.pdf")
    source = (EVAL_OPINIONS / f"{stem}.txt").read_text(encoding="utf-8")
    assert doc.text.count("\f") == source.count("\f")
    # The slip opinion's page numbers, read at each page break, as from the .txt.
    assert [n for _, n in clean_text(doc.text).filing_pages] == [n for _, n in clean_text(source).filing_pages]


def test_a_docx_keeps_the_page_breaks_word_records(tmp_path):
    source = (EVAL_OPINIONS / "slip-09-the-court-astrue-v-ratliff.txt").read_text(encoding="utf-8")
    doc = load_document(write_docx(source, tmp_path / "ratliff.docx"))
    assert doc.text.count("\f") == source.count("\f")
    assert not doc.pages_estimated


def test_a_docx_without_page_breaks_says_its_pages_are_estimated(tmp_path):
    source = (EVAL_OPINIONS / "cl2-1840943-matter-of-fink.txt").read_text(encoding="utf-8")
    doc = load_document(write_docx(source, tmp_path / "fink.docx", page_breaks=False))
    assert "\f" not in doc.text
    assert doc.pages_estimated


def test_a_docx_rendered_page_break_counts_once_after_a_typed_one(tmp_path):
    docx = pytest.importorskip("docx")
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement

    document = docx.Document()
    first = document.add_paragraph("See Sharif v. Ashcroft, 280 F.3d 786 (7th Cir. 2002).")
    first.add_run().add_break(WD_BREAK.PAGE)
    second = document.add_paragraph()
    second.add_run()._r.append(OxmlElement("w:lastRenderedPageBreak"))
    second.add_run("Sharif, 280 F.3d at 787.")
    path = tmp_path / "two.docx"
    document.save(path)
    assert load_document(path).text.count("\f") == 1


def test_a_docx_footnote_is_read_at_the_foot_of_its_page(tmp_path):
    """python-docx writes no footnotes, so the footnote part is added to its file by hand."""
    import zipfile

    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("The text.")
    path = tmp_path / "notes.docx"
    document.save(path)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (
        f'<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>--</w:t></w:r></w:p>'
        f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>See Sharif v. Ashcroft, 280 F.3d 786 (7th Cir. 2002).'
        "</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    rebuilt = tmp_path / "rebuilt.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(
                    b"<w:t>The text.</w:t></w:r>",
                    b'<w:t>The text.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            out.writestr(item, data)
        out.writestr("word/footnotes.xml", notes)
    doc = load_document(rebuilt)
    assert doc.text == "The text.\n\n1 See Sharif v. Ashcroft, 280 F.3d 786 (7th Cir. 2002).\n"
    assert [r.key for r in analyze_document(doc).references] == ["280 F.3d 786"]


def test_a_hand_written_pdf_is_read_page_by_page(tmp_path):
    pdf = write_pdf(
        [["See Sharif v. Ashcroft, 280 F.3d 786, 787", "(7th Cir. 2002).", "1"], ["Sharif, 280 F.3d at 788.", "2"]],
        tmp_path / "brief.pdf",
    )
    doc = load_document(pdf)
    assert doc.format == "pdf"
    assert doc.text.count("\f") == 1
    refs = analyze_document(doc).references
    assert [(r.key, r.form, r.pin_cite) for r in refs] == [
        ("280 F.3d 786", "full", "787"),
        ("280 F.3d 786", "short", "788"),
    ]


def test_a_scanned_pdf_without_a_text_layer_is_one_line_error(tmp_path):
    pdf = write_pdf([[], []], tmp_path / "scan.pdf")
    with pytest.raises(InputError) as e:
        load_document(pdf)
    assert str(e.value) == (
        f"{pdf}: a scanned PDF without a text layer (2 pages of images); run OCR first (for example ocrmypdf)"
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.4 ...", "not a readable PDF (damaged, or not a PDF at all)"),
        ("notes.pdf", b"not a pdf at all", "not a readable PDF (damaged, or not a PDF at all)"),
        (
            "letter.docx",
            b"PK\x03\x04 not really a zip",
            "not a readable Word document (damaged, or not a .docx file)",
        ),
        (
            "blank.html",
            b"<html><head><title>Opinion</title></head><body> </body></html>",
            "an HTML page with no text in it",
        ),
    ],
)
def test_unreadable_files_of_each_format_are_one_line_errors(tmp_path, name, data, message):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(InputError) as e:
        load_document(f)
    assert str(e.value) == f"{f}: {message}"


@pytest.mark.parametrize(
    ("module", "name", "extra"),
    [("pypdf", "x.pdf", "pdf"), ("docx", "x.docx", "docx")],
)
def test_a_missing_extra_names_the_pip_command(tmp_path, monkeypatch, module, name, extra):
    real_import = builtins.__import__

    def no_module(mod, *args, **kwargs):
        if mod == module or mod.startswith(module + "."):
            raise ImportError(mod)
        return real_import(mod, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_module)
    f = tmp_path / name
    f.write_bytes(b"%PDF-1.4" if extra == "pdf" else b"PK\x03\x04")
    with pytest.raises(InputError) as e:
        load_document(f)
    assert str(e.value) == f"{f}: reading {extra.upper()} needs the optional extra: pip install 'kb[{extra}]'"


@pytest.mark.parametrize("name", HTML_TXT)
def test_txt_files_that_are_html_pages_are_read_as_html(name):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    doc = load_document(path)
    assert doc.format == "html"
    assert "<" not in doc.text and "class=" not in doc.text
    refs = analyze_document(doc).references
    assert refs
    assert not any("<" in (r.name or "") or "<" in r.text for r in refs)


def test_courtlistener_citation_markup_gives_the_citations_of_its_plain_text():
    path = CORPUS / "ussc-4155979-moore-v-texas.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    doc = load_document(path)
    keys = {r.key for r in analyze_document(doc).references}
    assert {"536 U.S. 304", "572 U.S. 701"} & keys  # Atkins; Hall v. Florida once paginated
    assert "Atkins v. Virginia, 536 U.S. 304, and" in doc.text


def test_an_html_file_and_its_txt_copy_read_the_same(tmp_path):
    src = CORPUS / HTML_TXT[0]
    if not src.is_file():
        pytest.skip(f"{src} is not here")
    html = tmp_path / "rosenblum.html"
    shutil.copyfile(src, html)
    assert load_document(html).text == load_document(src).text


def test_html_blocks_become_lines_and_entities_characters():
    text = html_text(
        Path("x.html"), b"<p>Smith &amp; Jones,<br>280 F.3d&nbsp;786</p><script>var a = '<p>';</script>"
    ).text
    assert text == "Smith & Jones,\n280 F.3d 786\n"


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("a.txt", b"See 280 F.3d 786.", "text"),
        ("a.txt", b"%PDF-1.7", "pdf"),
        ("a.pdf", b"%PDF-1.7", "pdf"),
        ("a.htm", b"Opinion", "html"),
        ("a.txt", b"<!DOCTYPE html><html>", "html"),
        ("a.docx", b"PK\x03\x04", "docx"),
        ("a.md", b"See 280 F.3d 786.", "unknown"),
    ],
)
def test_format_is_sniffed_from_bytes_then_suffix(name, head, fmt):
    assert sniff_format(Path(name), head) == fmt


def test_folder_ingest_picks_up_every_format(tmp_path):
    for name in ("a.txt", "b.pdf", "c.html", "d.htm", "e.docx", "f.md", "g.json"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in discover([tmp_path])] == ["a.txt", "b.pdf", "c.html", "d.htm", "e.docx"]

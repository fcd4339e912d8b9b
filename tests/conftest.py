"""Shared fixtures: the bundled opinions, their gold lists, an ingested store."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from kb.analysis import analyze_document
from kb.ingest import ingest_paths
from kb.store import connect

ROOT = Path(__file__).resolve().parent.parent
OPINIONS = ROOT / "data" / "opinions"
GOLD = ROOT.parent / "shared" / "gold"
# The development corpus of real opinions (../shared/corpus), where a checkout has it.
CORPUS = ROOT.parent / "shared" / "corpus" / "opinions"
STEMS = ("arango-v-usa-immigration", "balogun-v-sessions", "flores-albarran-v-wong")

logging.getLogger("eyecite").setLevel(logging.ERROR)


def pytest_addoption(parser):
    parser.addoption(
        "--full-parity",
        action="store_true",
        default=False,
        help="run the long parity checks whole instead of their deterministic CI sample (scripts/parity_full.sh)",
    )


@pytest.fixture(scope="session")
def full_parity(request) -> bool:
    """Whether the long parity checks run whole (``--full-parity``) or on their deterministic sample."""
    return bool(request.config.getoption("--full-parity"))


def opinion_text(stem: str) -> str:
    return (OPINIONS / f"{stem}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def analyses():
    """Extraction of each bundled opinion, keyed by stem (computed once)."""
    from kb.load import load_document

    return {stem: analyze_document(load_document(OPINIONS / f"{stem}.txt")) for stem in STEMS}


@pytest.fixture(scope="session")
def store(tmp_path_factory):
    """A store with the three bundled opinions ingested (read-only for tests)."""
    path = tmp_path_factory.mktemp("store") / "kb.sqlite"
    conn = connect(path)
    report = ingest_paths(conn, [OPINIONS])
    assert not report.failed
    return conn


@pytest.fixture
def opinions_copy(tmp_path):
    """A writable copy of the bundled opinions with their sidecars."""
    dest = tmp_path / "opinions"
    shutil.copytree(OPINIONS, dest)
    return dest


def refs_for(extraction, key):
    return [r for r in extraction.references if r.key == key]


EVAL_OPINIONS = ROOT / "tests" / "eval" / "opinions"
BRIEFS = ROOT / "tests" / "eval" / "briefs"


def write_docx(text: str, path: Path, *, page_breaks: bool = True) -> Path:
    """A Word file of ``text``: one paragraph a line, a typed page break at each form feed.

    Small type, so that a page of the text stays one page when LibreOffice lays it out.
    """
    docx = pytest.importorskip("docx")
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    pages = text.split("\f")
    for i, page in enumerate(pages):
        paragraph = None
        for line in page.strip("\n").split("\n"):
            paragraph = document.add_paragraph(line)
        if page_breaks and paragraph is not None and i < len(pages) - 1:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    document.save(path)
    return path


def write_pdf(pages: list[list[str]], path: Path) -> Path:
    """A minimal PDF with a real text layer (Helvetica, one text line per line given), written by hand.

    For tests that must not depend on LibreOffice; ``[[]]`` makes a page with no text (a scan's page).
    """

    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        body = "".join(f"BT /F1 10 Tf 50 {750 - 12 * k} Td ({escape(line)}) Tj ET\n" for k, line in enumerate(lines))
        data = body.encode("latin-1")
        objects.append(f"<< /Length {len(data)} >>\nstream\n{body}endstream")
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R"
            " /Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def soffice_to_pdf(paths: list[Path], outdir: Path) -> list[Path]:
    """Lay out Word files with LibreOffice (Debian's libreoffice-writer), one run for all; skip when it is missing."""
    import shutil as _shutil
    import subprocess

    exe = _shutil.which("soffice") or _shutil.which("libreoffice")
    if not exe:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    profile = outdir / "lo-profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(outdir)]
        + [str(p) for p in paths],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return [outdir / (p.stem + ".pdf") for p in paths]

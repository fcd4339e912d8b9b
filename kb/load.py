"""Read opinion files: find them, decode them, refuse what is not an opinion, get metadata.

Metadata comes from a sidecar JSON with the same stem (``flores.json`` beside
``flores.txt``) when there is one, otherwise it is read from the text: the
case name from a ``X v. Y`` caption line, the court from a ``UNITED STATES
DISTRICT COURT ... DISTRICT OF ...`` caption (via courts-db), the docket from
a ``No. ...`` line and the date from a date line.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kb.errors import InputError
from kb.models import Document, OpinionMeta

# Real opinions run to a few hundred KB; the longest Supreme Court opinions to
# about 1.5 MB. Anything far beyond that is a concatenation or not an opinion.
MAX_OPINION_BYTES = 10 * 1024 * 1024
# How much of the head of a file the format sniffing looks at.
SNIFF_BYTES = 4096
# Caption lines: the metadata reader looks this far into the text.
HEADER_LINES = 60

_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml)", re.IGNORECASE)
_TAGS = re.compile(rb"</?(?:p|div|span|br|table|a|script|style)\b", re.IGNORECASE)
_CAPTION = re.compile(
    r"^\s*(?!Summary|Cited|Citing)(?P<name>[A-Z][^\n\d():;]{1,80}?\s+v\.?\s+[^\n\d():;]{1,80}?)\s*$", re.MULTILINE
)
_CAPTION_V = re.compile(r"^\s*v[s]?\.?\s*:?", re.MULTILINE)
_DOCKET = re.compile(
    r"\b(?i:No|Case No|Civil Action No|Docket No)\.\s*(?P<docket>[\w:\-. ]{2,40}?(?:\s*\([A-Z]+\))?)\s*(?:$|\n)",
    re.MULTILINE,
)
_COURT = re.compile(
    r"(UNITED STATES (?:DISTRICT COURT|COURT OF APPEALS)[^\n]*(?:\n\s*(?:FOR THE\s+)?[A-Z ,]*(?:DISTRICT|CIRCUIT)[A-Z ,]*)?"
    r"|SUPREME COURT OF THE UNITED STATES|Supreme Court of the United States)"
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DATE = re.compile(
    r"\b(?:Dated|Filed|Decided|Entered|Signed|Argued)\b[^\n]{0,60}?\b(?P<month>"
    + "|".join(_MONTHS)
    + r")\s+(?P<day>\d{1,2}),\s+(?P<year>(?:19|20)\d\d)\b"
)
_NUMERIC_DATE = re.compile(r"^\s*(?P<m>\d{2})-(?P<d>\d{2})-(?P<y>(?:19|20)\d\d)\s*$", re.MULTILINE)


def discover(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand files and folders into opinion files (``*.txt``), in a stable order.

    Yields an :class:`InputError` (instead of raising) for a path that does not
    exist, so that the other paths still get ingested.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.is_file():
            yield path
        else:
            yield InputError(f"{path}: no such file or folder")


def load_document(path: str | Path, *, encoding: str | None = None, max_bytes: int = MAX_OPINION_BYTES) -> Document:
    """Read one opinion.

    Args:
        path: a text file.
        encoding: decode with this instead of UTF-8.
        max_bytes: refuse files larger than this.

    Raises:
        InputError: with a one-line message naming the file, when the file is
            empty, too large, binary, a PDF or an HTML page, or not decodable.
    """
    path = Path(path)
    return document_from_bytes(path, read_bytes(path, max_bytes), encoding=encoding)


def read_bytes(path: Path, max_bytes: int = MAX_OPINION_BYTES) -> bytes:
    """A file's bytes, refusing one larger than ``max_bytes`` before reading it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit); "
                "split it into opinions or raise --max-bytes"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None


def document_from_bytes(path: Path, data: bytes, *, encoding: str | None = None) -> Document:
    """A :class:`Document` from bytes already read (see :func:`load_document`)."""
    text = decode(data, path, encoding)
    meta = read_metadata(path, text)
    return Document(
        path=str(path.resolve()),
        stem=path.stem,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
    )


def decode(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Decode file bytes as opinion text, refusing what is not text."""
    head = data[:SNIFF_BYTES]
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if head.startswith(b"%PDF-"):
        raise InputError(f"{path}: a PDF, not text; extract its text first (for example with pdftotext)")
    if _HTML.match(head) or len(_TAGS.findall(head)) >= 5:
        raise InputError(f"{path}: an HTML page, not text; save the opinion as plain text first")
    if b"\x00" in head:
        offset = head.index(b"\x00")
        raise InputError(f"{path}: binary data, not text (NUL byte at offset {offset})")
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(f"{path}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: not {encoding} text (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise InputError(
                f"{path}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
                "pass --encoding latin-1 if it is Latin-1"
            ) from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    controls = sum(1 for ch in text[:SNIFF_BYTES] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text[:SNIFF_BYTES]) // 100 + 2:
        raise InputError(f"{path}: binary data, not text ({controls} control characters at its start)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_metadata(path: Path, text: str) -> OpinionMeta:
    """Metadata from the sidecar JSON beside ``path``, else from the text."""
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise InputError(f"{sidecar}: not valid JSON metadata ({e})") from None
        if not isinstance(data, dict):
            raise InputError(f"{sidecar}: metadata must be a JSON object")
        detected = detect_metadata(text, path.stem)
        return OpinionMeta(
            case_name=str(data.get("case_name") or detected.case_name),
            court=data.get("court") or detected.court,
            court_id=data.get("court_id") or detected.court_id,
            date=data.get("date") or detected.date,
            docket=data.get("docket") or detected.docket,
            citations=tuple(data.get("citations") or ()),
            judge=data.get("judge"),
        )
    return detect_metadata(text, path.stem)


def _split_caption(head: str) -> str | None:
    """A caption whose parties and ``v.`` stand on separate lines."""
    lines = [ln.split(":")[0].strip(" ,") for ln in head.splitlines()]
    for i, line in enumerate(lines):
        if re.fullmatch(r"vs?\.?", line):
            before = [
                ln
                for ln in lines[:i]
                if re.search(r"[A-Za-z]{3}", ln) and not ln.isupper() or ln.isupper() and len(ln) > 3
            ]
            after = [ln for ln in lines[i + 1 :] if re.search(r"[A-Za-z]{3}", ln)]
            parties = [
                p for p in (before[-3:] if before else []) if not re.search(r"(?i)petitioner|plaintiff|aka|a/k/a", p)
            ]
            if parties and after:
                return f"{parties[-1].title()} v. {after[0].title()}"
    return None


def detect_metadata(text: str, stem: str) -> OpinionMeta:
    """Best-effort metadata from an opinion's caption and signature lines."""
    from kb.courts import court_citation, court_from_text

    head = "\n".join(text.splitlines()[:HEADER_LINES])
    m = _CAPTION.search(head)
    name = re.sub(r"\s+", " ", m.group("name")).strip(" ,.") if m else _split_caption(head)
    name = name or stem.replace("-", " ").replace("_", " ").title()
    court_id = court = None
    cm = _COURT.search(head)
    if cm:
        court_id = court_from_text(re.sub(r"\s+", " ", cm.group(0)))
        court = court_citation(court_id)
    dm = _DOCKET.search(head)
    docket = "No. " + dm.group("docket").strip() if dm else None
    date = None
    nm = _NUMERIC_DATE.search(head)
    if nm:
        date = f"{nm.group('y')}-{nm.group('m')}-{nm.group('d')}"
    else:
        dates = list(_DATE.finditer(text))
        if dates:
            d = dates[-1]
            date = f"{d.group('year')}-{_MONTHS.index(d.group('month')) + 1:02d}-{int(d.group('day')):02d}"
    return OpinionMeta(case_name=name, court=court, court_id=court_id, date=date, docket=docket)

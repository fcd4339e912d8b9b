"""Read opinion files: find them, decode them, refuse what is not an opinion, get metadata.

Text files are read as they are; PDF, HTML and DOCX files (and ``.txt``
files that are really HTML pages) are turned into text by :mod:`kb.formats`,
page breaks kept as form feeds.

Metadata comes from a sidecar JSON with the same stem (``flores.json`` beside
``flores.txt``) when there is one, field by field, and otherwise from the
text's own caption (:mod:`kb.caption`): case name, court, date, docket, the
opinion's own citations, its judge, and where the opinion's text begins.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from kb.errors import InputError
from kb.formats import SUFFIX_FORMATS, read_format, sniff_format
from kb.models import Document, OpinionMeta

# Real opinions run to a few hundred KB; the longest Supreme Court opinions to
# about 1.5 MB. Anything far beyond that is a concatenation or not an opinion.
MAX_OPINION_BYTES = 10 * 1024 * 1024
# The suffixes of opinion files: what folders are searched for, and all an explicit file may have.
OPINION_SUFFIXES = tuple(SUFFIX_FORMATS)
_SUFFIX_LIST = ", ".join(OPINION_SUFFIXES)
# How much of the head of a file the format sniffing looks at.
SNIFF_BYTES = 4096
# Sidecar keys that stand for a metadata field.
_SIDECAR_FIELDS = ("case_name", "court", "court_id", "date", "docket", "citations", "judge")

_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml)", re.IGNORECASE)
_TAGS = re.compile(rb"</?(?:p|div|span|br|table|a|script|style)\b", re.IGNORECASE)


def discover(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand files and folders into opinion files (``.txt``, ``.pdf``, ``.html``, ``.htm``, ``.docx``), in a stable order.

    Yields an :class:`InputError` (instead of raising) for a path that does not
    exist, is not a regular file (a FIFO, a device), or is a folder holding no
    opinion file, so that the other paths still get ingested.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in OPINION_SUFFIXES and p.is_file())
            if not found:
                yield InputError(f"{path}: no opinion files ({_SUFFIX_LIST}) in this folder")
            yield from found
        elif path.is_file():
            yield path
        elif path.exists():
            yield InputError(f"{path}: not a regular file ({_file_kind(path)}); save the opinion as a .txt file")
        elif path.is_symlink():
            yield InputError(f"{path}: a symbolic link to nothing (broken, or a loop)")
        else:
            yield InputError(f"{path}: no such file or folder")


def _file_kind(path: Path) -> str:
    mode = path.stat().st_mode
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return kind
    return "a special file"


def load_document(path: str | Path, *, encoding: str | None = None, max_bytes: int = MAX_OPINION_BYTES) -> Document:
    """Read one opinion.

    Args:
        path: a text, PDF, HTML or DOCX file.
        encoding: decode with this instead of UTF-8 (text and HTML).
        max_bytes: refuse files larger than this.

    Raises:
        InputError: with a one-line message naming the file, when the file is
            empty, too large, binary, a PDF without a text layer, in a format
            whose optional extra is missing, or not decodable.
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
    """A :class:`Document` from bytes already read (see :func:`load_document`).

    Raises:
        InputError: the bytes are not opinion text, the file is not one of
            :data:`OPINION_SUFFIXES`, or its sidecar JSON is not valid metadata.
    """
    fmt = sniff_format(path, data) if data.strip() else "text"
    estimated = False
    if fmt in ("pdf", "html", "docx"):
        _check_suffix(path)
        converted = read_format(path, data, fmt, encoding=encoding)
        text, estimated = converted.text, converted.pages_estimated
    else:
        text = decode(data, path, encoding)
        _check_suffix(path)
    check_sidecar(path)
    meta = read_metadata(path, text)
    return Document(
        path=str(path.resolve()),
        stem=path.stem,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
        format="text" if fmt == "unknown" else fmt,
        pages_estimated=estimated,
    )


def _check_suffix(path: Path) -> None:
    """Refuse text that is not an opinion file: a README, notes, a sidecar named alone."""
    suffix = path.suffix.lower()
    if suffix in OPINION_SUFFIXES:
        return
    if suffix == ".json":
        raise InputError(f"{path}: a metadata sidecar, not an opinion; ingest the opinion file with the same name")
    what = f"a {suffix} file" if suffix else "a file without a suffix"
    raise InputError(
        f"{path}: {what}, not an opinion; kb ingests opinions saved as {_SUFFIX_LIST} (rename it if it is one)"
    )


# Sidecar fields holding a string (or null); other keys are ignored.
SIDECAR_STRINGS = ("case_name", "court", "court_id", "docket", "judge")
_SIDECAR_DATE = re.compile(r"(?:1[6-9]|20)\d\d(?:-[01]\d(?:-[0-3]\d)?)?")


def check_sidecar(path: Path) -> None:
    """Refuse a sidecar JSON beside ``path`` whose fields have the wrong types.

    Raises:
        InputError: the sidecar cannot be read, is not JSON, is nested too
            deeply to parse, or a field has the wrong type; the message names
            the field and the form it needs.
    """
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return
    try:
        data = json.loads(sidecar.read_bytes().decode("utf-8"))
    except OSError as e:
        raise InputError(f"{sidecar}: cannot read the metadata ({e.strerror})") from None
    except RecursionError:
        raise InputError(f"{sidecar}: not valid JSON metadata (nested too deeply)") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError(f"{sidecar}: not valid JSON metadata ({e})") from None
    if not isinstance(data, dict):
        raise InputError(f"{sidecar}: metadata must be a JSON object, not {_json_type(data)}")
    for key in SIDECAR_STRINGS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{sidecar}: {key!r} must be a string or null, not {_json_type(value)}")
    date = data.get("date")
    if date is not None and not (isinstance(date, str) and (not date or _SIDECAR_DATE.fullmatch(date))):
        raise InputError(f"{sidecar}: 'date' must be a date such as \"2016-01-19\" or null, not {_json_snippet(date)}")
    cites = data.get("citations")
    if cites is not None and not (isinstance(cites, list) and all(isinstance(c, str) and c.strip() for c in cites)):
        raise InputError(
            f"{sidecar}: 'citations' must be a list of citations such as [\"157 F. Supp. 3d 779\"],"
            f" not {_json_snippet(cites)}"
        )


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _json_snippet(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def decode(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Decode file bytes as opinion text, refusing what is not text.

    A UTF-8, UTF-16 or UTF-32 byte-order mark chooses its encoding by itself.
    """
    head = data[:SNIFF_BYTES]
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if head.startswith(b"%PDF-"):
        raise InputError(f"{path}: a PDF, not text; extract its text first (for example with pdftotext)")
    if _HTML.match(head) or len(_TAGS.findall(head)) >= 5:
        raise InputError(f"{path}: an HTML page, not text; save the opinion as plain text first")
    if not encoding:
        encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if b"\x00" in head and not (encoding and _is_wide(encoding)):
        raise InputError(f"{path}: {_binary_or_utf16(head)}")
    if encoding:
        try:
            text = data.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise InputError(f"{path}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: not {encoding} text (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    else:
        try:
            text = data.decode("utf-8")
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


# Byte-order marks, the UTF-32 ones first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _is_wide(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def _binary_or_utf16(head: bytes) -> str:
    """Why NUL bytes stop decoding: UTF-16 without a byte-order mark has one in every other byte of ASCII."""
    offset = head.index(b"\x00")
    for parity, name in ((1, "utf-16-le"), (0, "utf-16-be")):
        zeros, chars = head[parity::2], head[1 - parity :: 2]
        text_like = sum(32 <= b < 127 or b in b"\n\r\t" for b in chars)
        if len(head) >= 8 and zeros.count(0) >= 0.9 * len(zeros) and text_like >= 0.9 * len(chars):
            return f"UTF-16 text without a byte-order mark, it seems; pass --encoding {name}"
    return f"binary data, not text (NUL byte at offset {offset})"


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
        # The sidecar wins field by field; what it gives is known whatever the text says.
        given = {f for f in _SIDECAR_FIELDS if data.get(f)}
        return OpinionMeta(
            case_name=str(data.get("case_name") or detected.case_name),
            court=data.get("court") or detected.court,
            court_id=data.get("court_id") or detected.court_id,
            date=data.get("date") or detected.date,
            docket=data.get("docket") or detected.docket,
            citations=tuple(data.get("citations") or detected.citations),
            judge=data.get("judge") or detected.judge,
            body_start=int(data.get("body_start") or detected.body_start),
            unknown=tuple(f for f in detected.unknown if f not in given and not (f == "court" and "court_id" in given)),
        )
    return detect_metadata(text, path.stem)


def name_from_stem(stem: str) -> str:
    """A stand-in case name from a file name: ``cl1-148334-gonzalez-fuentes-v-molina`` -> ``Gonzalez Fuentes v. Molina``.

    Leading tokens with digits (ids, dates, docket numbers) are dropped and a
    lone ``v`` or ``vs`` becomes ``v.``; the result is only a label, which
    ``unknown`` says is not the opinion's own name.
    """
    words = [w for w in re.split(r"[-_\s]+", stem) if w]
    while len(words) > 1 and re.search(r"\d", words[0]):
        words.pop(0)
    out = [("v." if w.lower() in ("v", "vs") else w.capitalize()) for w in words]
    return " ".join(out) or stem


def detect_metadata(text: str, stem: str) -> OpinionMeta:
    """Metadata read from an opinion's own text (see :func:`kb.caption.read_caption`).

    When the case name cannot be read, the name made from the file's stem
    stands in for it and ``"case_name"`` is listed in ``unknown``.
    """
    from kb.caption import read_caption

    caption = read_caption(text)
    return OpinionMeta(
        case_name=caption.case_name or name_from_stem(stem),
        court=caption.court,
        court_id=caption.court_id,
        date=caption.date,
        docket=caption.docket,
        citations=caption.citations,
        judge=caption.judge,
        writing=caption.writing,
        body_start=caption.body_start,
        unknown=caption.unknown,
    )

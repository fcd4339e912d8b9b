#!/usr/bin/env python3
"""Compare kb's table of authorities of each brief in tests/eval/briefs with the brief's own.

Each entry of a brief's printed table (``*.toa.json``) is read by kb itself
(the entry's text, under its printed parent line) to find which authority it
is; kb's table of the brief (``kb toa``, passim off, as the briefs print every
page) is matched to it by authority. The report lists, per brief, the
authorities the brief lists that kb does not (missing), those kb lists that
the brief does not (extra), and the pages that differ, each with its reason
where one was reviewed (:data:`REASONS`).

    python scripts/eval_toa.py            # the summary table (Markdown)
    python scripts/eval_toa.py -v         # and every difference
    python scripts/eval_toa.py --json     # everything, for scripts
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BRIEFS = ROOT / "tests" / "eval" / "briefs"

# Reviewed reasons, by (brief stem, authority key or printed entry): why the
# difference is what it is. "kb" is a kb miss, "brief" the brief's own error,
# "convention" a difference of convention (what a table lists, how it groups).
REASONS: dict[tuple[str, str], tuple[str, str]] = {}


def expand(pages: list[str]) -> set[str]:
    """Printed pages with ranges spelled out: ["6-9", "12"] -> {"6", "7", "8", "9", "12"}."""
    out: set[str] = set()
    for p in pages:
        m = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", p.strip())
        if m and int(m.group(1)) <= int(m.group(2)):
            out.update(str(n) for n in range(int(m.group(1)), int(m.group(2)) + 1))
        else:
            out.add(p.strip())
    return out


def entry_keys(entry: dict[str, Any]) -> set[str]:
    """The authorities kb reads in one printed entry (its parent line's own ones left out)."""
    from kb.analysis import analyze_text

    def keys(text: str) -> set[str]:
        text = re.sub(r":(\s|$)", r" \1", text)  # "U.S. Const.: Art. I:" prints the parent's colons
        # Every citation of the entry: an act's public law, Statutes at Large and codification are one entry.
        return {r.key for r in analyze_text(text).references if r.key}

    under = " ".join(entry.get("under", []))
    own = keys(f"{under} {entry['authority']}".strip())
    parent = keys(under) if under else set()
    # "§ 5(b)" printed under "Trading with the Enemy Act, Pub. L. No. 65-91, ...": that law's § 5(b).
    section = re.match(r"§\s*(\S+?)(?:,|$)", entry["authority"])
    laws = sorted(k for k in parent if k.startswith("Pub. L. No.") and "§" not in k)
    if section and laws:
        own |= {f"{laws[0]}, § {section.group(1)}"}
    return (own - parent) or own


def entry_name(entry: dict[str, Any]) -> str | None:
    """The case name an entry prints before its first citation ("Gibbons v. Ogden"), folded."""
    m = re.match(r"(.+? v\. .+?),", entry["authority"])
    return _fold(m.group(1)) if m else None


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def compare(stem: str) -> dict[str, Any]:
    from kb.toa import document_toa

    gold = json.loads((BRIEFS / f"{stem}.toa.json").read_text(encoding="utf-8"))
    toa = document_toa(BRIEFS / f"{stem}.txt", passim=0)
    kb_entries = {e["key"]: e for c in toa["categories"] for e in c["authorities"]}
    matched: set[str] = set()
    missing, pages_differ, by_name = [], [], []
    printed = 0
    for category in gold["categories"]:
        for entry in category["entries"]:
            printed += 1
            label = " ".join([*entry.get("under", []), entry["authority"]])
            keys = entry_keys(entry)
            found = [kb_entries[k] for k in sorted(set(kb_entries)) if k in keys or _in_range(k, keys)]
            if not found and (name := entry_name(entry)):
                # The entry prints a citation kb does not read or the text does not use: match by name.
                found = [e for e in kb_entries.values() if e["kind"] == "case" and _fold(e["name"] or "") == name]
                if found:
                    by_name.append({"entry": label, "keys": sorted(keys), "kb": found[0]["citation"]})
            if not found:
                missing.append({"entry": label, "keys": sorted(keys), "pages": entry["pages"]})
                continue
            matched.update(e["key"] for e in found)
            theirs = expand(entry["pages"])
            ours = {p for e in found for p in e["pages"]}
            if theirs != ours:
                pages_differ.append(
                    {
                        "entry": label,
                        "keys": sorted(keys),
                        "brief_only": sorted(theirs - ours, key=_page),
                        "kb_only": sorted(ours - theirs, key=_page),
                    }
                )
    extra = [
        {"key": k, "citation": e["citation"], "pages": e["pages"]} for k, e in kb_entries.items() if k not in matched
    ]
    for item in (*missing, *pages_differ, *by_name):
        item["reason"] = _reason(stem, item["keys"], item["entry"])
    for item in extra:
        item["reason"] = _reason(stem, [item["key"]], item["citation"])
    return {
        "brief": stem,
        "printed": printed,
        "kb_listed": len(kb_entries),
        "matched": printed - len(missing),
        "missing": missing,
        "extra": extra,
        "pages_differ": pages_differ,
        "cited_differently": by_name,
    }


def _in_range(kb_key: str, keys: set[str]) -> bool:
    """Whether a range kb keeps whole ("19 U.S.C. § 2411-2419") holds a section the brief lists alone."""
    m = re.fullmatch(r"(.+ §§?) (\d+)([a-z]?)[-–](\d+)([a-z]?)", kb_key)
    if not m:
        return False
    code, low, high = m.group(1).rstrip("§ "), int(m.group(2)), int(m.group(4))
    for k in keys:
        s = re.fullmatch(re.escape(code) + r" § (\d+)[a-z]?", k)
        if s and low <= int(s.group(1)) <= high:
            return True
    return False


def _page(p: str) -> tuple[int, str]:
    return (int(p), "") if p.isdigit() else (9999, p)


# A filing in the case or a related one, read by kb as a decision cited by docket number.
_FILING = re.compile(r"^(?:\d{1,3}\s+)?(?:\S+\s+){0,3}?(?:Mot\.|Brief|Amic|Order\b|Resp\.)|Sch\. of Law,")


def _reason(stem: str, keys: list[str], label: str) -> list[str]:
    for where in (stem, "*"):
        for k in (*keys, label):
            if (where, k) in REASONS:
                return list(REASONS[(where, k)])
    # The rules that classify whole families at once, each checked by hand on these briefs.
    if not keys:
        return ["kb", "reads no citation in this form (a news story, web page, report or book by author and title)"]
    if _FILING.search(label):
        return ["convention", "a filing in this or a related case; tables of authorities leave them out"]
    return ["unreviewed", ""]


def summary_table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| brief | entries printed | kb entries | matched | by name only | missing | extra | pages differ |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['brief']} | {r['printed']} | {r['kb_listed']} | {r['matched']} | {len(r['cited_differently'])}"
            f" | {len(r['missing'])} |"
            f" {len(r['extra'])} | {len(r['pages_differ'])} |"
        )
    return "\n".join(lines) + "\n"


def detail(r: dict[str, Any]) -> str:
    out = [f"\n### {r['brief']}\n", "| what | authority | pages | reason |", "| --- | --- | --- | --- |"]
    for m in r["missing"]:
        out.append(f"| missing | {m['entry']} | {', '.join(m['pages'])} | {_fmt_reason(m)} |")
    for e in r["extra"]:
        out.append(f"| extra | {e['citation']} | {', '.join(e['pages'])} | {_fmt_reason(e)} |")
    for n in r["cited_differently"]:
        out.append(f"| cited differently | {n['entry']} (kb: {n['kb']}) | | {_fmt_reason(n)} |")
    for d in r["pages_differ"]:
        pages = "; ".join(
            x for x in (f"brief only {', '.join(d['brief_only'])}" if d["brief_only"] else "",
                        f"kb only {', '.join(d['kb_only'])}" if d["kb_only"] else "") if x
        )  # fmt: skip
        out.append(f"| pages | {d['entry']} | {pages} | {_fmt_reason(d)} |")
    return "\n".join(out) + "\n"


def _fmt_reason(item: dict[str, Any]) -> str:
    kind, why = item["reason"]
    return f"{kind}: {why}" if why else kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every difference")
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    args = parser.parse_args()
    logging.getLogger("eyecite").setLevel(logging.ERROR)
    stems = sorted(p.name.removesuffix(".toa.json") for p in BRIEFS.glob("*.toa.json"))
    results = [compare(s) for s in stems]
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    print(summary_table(results), end="")
    if args.verbose:
        for r in results:
            print(detail(r), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

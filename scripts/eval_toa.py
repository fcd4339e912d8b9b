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
REASONS: dict[tuple[str, str], tuple[str, str]] = {
    ("*", "2025 WL 1525376"): (
        "convention",
        "the decision under review, cited in the Opinions Below statement; SG and party tables leave it out",
    ),
    ("*", "772 F. Supp. 3d 1350"): ("convention", "a decision below, cited in the Opinions Below statement"),
    ("*", "784 F. Supp. 3d 209"): ("convention", "a decision below, cited in the Opinions Below statement"),
    ("*", "2025 WL 2490634"): ("convention", "a decision below, cited in the Opinions Below statement"),
    ("*", "28 U.S.C. § 1254(1)"): ("convention", "the Jurisdiction statement's statutes; SG tables leave them out"),
    ("*", "28 U.S.C. § 1292(a)(1)"): ("convention", "the Jurisdiction statement's statutes; SG tables leave them out"),
    ("*", "28 U.S.C. § 2101(e)"): ("convention", "the Jurisdiction statement's statutes; SG tables leave them out"),
    ("*", "U.S. Const. art. II"): (
        "convention",
        "'Article II' named in passing; the brief indexes only the clauses it cites",
    ),
    ("*", "U.S. Const. art. I"): ("convention", "'Article I' named in passing"),
    ("*", "U.S. Const. amend. I"): ("convention", "'the First Amendment' named in passing"),
    ("*", "U.S. CONST. art. I, § 8, cl. 3"): (
        "convention",
        "kb keys the Constitution by section: clauses 1 and 3 of art. I, § 8 are one entry",
    ),
    ("*", "50 U.S.C. § 1702"): (
        "convention",
        "'§ 1702' cited without subsection; the brief indexes it under § 1702(a)(1)(B)",
    ),
    ("*", "19 U.S.C. § 3004"): ("convention", "'Section 3004' without subsection; the brief indexes § 3004(c)"),
    ("*", "28 U.S.C. § 1581(i)"): ("brief", "'Section 1581(i)' on a page the brief's table does not give"),
    ("*", "Scalia & Garner, Reading Law 195 (2012)"): (
        "kb",
        "a book's pin page kept in its key: one book, two entries",
    ),
    ("*", "Scalia & Garner, Reading Law 196 (2012)"): (
        "kb",
        "a book's pin page kept in its key: one book, two entries",
    ),
    ("*", "Antonin Scalia & Bryan A. Garner, Reading Law (2012)"): (
        "kb",
        "kb keys the book with its pin page (see the extra entry)",
    ),
    ("*", "Antonin Scalia & Bryan A. Garner, Reading Law: The Interpretation of Legal Texts (2012)"): (
        "kb",
        "kb keys the book with its pin page (see the extra entry)",
    ),
    ("*", "Gibbons v. Ogden, 22 U.S. (9 Wheat) 1 (1824)"): (
        "brief",
        "the brief prints '(9 Wheat)' without its period, in its table and text; eyecite reads no citation",
    ),
    ("learning-resources-sg-brief-in-opposition", "Pub. L. No. 87-794, § 232"): (
        "brief",
        "the table prints 'Pub. L. No. 97-794' for the Trade Expansion Act; the text has 87-794",
    ),
    ("learning-resources-sg-brief-in-opposition", "Biden v. Nebraska, 600 U.S. 197 (2020)"): (
        "brief",
        "the table prints 600 U.S. 197 (2020); the text cites 600 U.S. 477 (2023)",
    ),
    ("learning-resources-sg-brief-in-opposition", "Dames & Moore v. Regan, 453 U.S. 654 (1981)"): (
        "brief",
        "'Dames & Moore, 453 U.S. at 672' on page 11 is not in the table",
    ),
    (
        "learning-resources-sg-brief-in-opposition",
        "United States v. Yoshida International, Inc., 526 F.2d 560 (C.C.P.A. 1975)",
    ): ("brief", "'Yoshida, 526 F.2d at 576' on page 10 is not in the table"),
    (
        "learning-resources-sg-brief-in-opposition",
        "International Emergency Economic Powers Act, Pub. L. No. 95-223, Tit. II, 91 Stat. 1626 (50 U.S.C. 1701 et seq.)",
    ): ("convention", "page 13 names IEEPA without a citation; kb lists citations"),
    ("learning-resources-sg-brief-in-opposition", "50 U.S.C. 1702(a)(1)(B)"): (
        "brief",
        "'50 U.S.C. 1701(a), 1702(a)(1)(B)' on page 13: the table gives 13 for 1701(a) only",
    ),
    ("learning-resources-sg-reply-merits-brief", "50 U.S.C. 1702(a)(1)(B)"): (
        "convention",
        "'Section 1702(a)(1)(B)' on page 15: the brief indexes page 15 under § 1702 (see the missing entry)",
    ),
    ("learning-resources-sg-reply-merits-brief", "50 U.S.C. 1702"): (
        "convention",
        "page 15 cites § 1702(a)(1)(B) and § 1702(b)(1)-(4); the brief indexes both under § 1702",
    ),
    ("learning-resources-sg-reply-merits-brief", "Expatriation Act of 1868, 22 U.S.C. 1732"): (
        "convention",
        "page 31 names the Hostage Act without a citation; kb lists citations",
    ),
    ("learning-resources-sg-reply-merits-brief", "Hostage Act, 22 U.S.C. 1732"): (
        "convention",
        "page 31 names the Hostage Act without a citation; kb lists citations",
    ),
    ("learning-resources-sg-reply-merits-brief", "91 Stat. 1626"): (
        "convention",
        "IEEPA's Statutes at Large cite; the brief lists IEEPA by its codification only",
    ),
    ("learning-resources-sg-reply-merits-brief", "Pub. L. No. 93-618"): (
        "convention",
        "the Trade Act cited as a whole; the brief lists only its sections",
    ),
    (
        "learning-resources-sg-reply-merits-brief",
        "Cargo of Brig Aurora v. United States, 11 U.S. 7 Cranch 382 (1813)",
    ): ("convention", "the table adds the U.S. Reports volume, '11 U.S.'; the text cites 7 Cranch 382"),
    ("learning-resources-sg-reply-merits-brief", "FCC v. Consumers’ Research, 145 S. Ct. 2482 (2025)"): (
        "kb",
        "'Consumers’ Research, supra' on page 32: supra by a name kb abbreviates ('Consumers’ Rsch.') is not resolved",
    ),
    ("learning-resources-petition-for-certiorari", "28 U.S.C. § 1581(i)"): (
        "convention",
        "'Section 1581(i)' without its paragraph; the brief indexes § 1581(i)(1)",
    ),
    ("learning-resources-petition-for-certiorari", "50 U.S.C. § 1702"): (
        "convention",
        "'§ 1702' cited without subsection; the brief indexes it under § 1702(a)(1)(B)",
    ),
    ("learning-resources-petitioners-response-merits-brief", "40 Stat. 411"): (
        "brief",
        "the table prints '40 Stat. 411(1917)' without a space, so its entry reads as no citation",
    ),
    ("learning-resources-petitioners-response-merits-brief", "Stat. § 122"): (
        "kb",
        "'Id. § 122' after a Statutes at Large cite is keyed 'Stat. § 122'",
    ),
    (
        "learning-resources-petitioners-response-merits-brief",
        "Yoshida Int’l, Inc. v. United States, 378 F. Supp. 1155 (Cust. Ct. 1974)",
    ): ("convention", "page 43 names 'Yoshida I' without a citation"),
    (
        "learning-resources-petitioners-response-merits-brief",
        "First War Powers Act of 1941, Pub. L. No. 77-354, § 301, 55 Stat. 838",
    ): (
        "kb",
        "the Trade Act's 'Section 301' is taken for § 301 of the First War Powers Act, cited in full; page 34 names the act only",
    ),
    (
        "learning-resources-petitioners-response-merits-brief",
        "Trading with the Enemy Act, Pub. L. No. 65-91, 40 Stat. 411(1917) § 5(b)",
    ): ("kb", "'section 5(b) of TWEA' names the act by its initials: not tied to Pub. L. No. 65-91"),
    (
        "learning-resources-petitioners-response-merits-brief",
        "Trade Expansion Act of 1961, Pub. L. No. 87-794, § 232, 76 Stat. 872",
    ): ("kb", "'Section 232 of the Trade Expansion Act': an act's own section without a codification is no entry"),
    ("learning-resources-sg-opening-merits-brief", "FEA v. Algonquin SNG, Inc., 426 U.S. 548 (1976)"): (
        "brief",
        "the text cites it in full as 425 U.S. 548 (see the extra entry), then '426 U.S. at 558', which kb cannot tie to it",
    ),
    ("learning-resources-sg-opening-merits-brief", "FEA v. Algonquin SNG, Inc., 425 U.S. 548 (1976)"): (
        "brief",
        "the text's full cite prints 425 for 426",
    ),
    ("learning-resources-sg-opening-merits-brief", "50 U.S.C. 1703(b)-(c)"): (
        "convention",
        "'50 U.S.C. 1703(b) and (c)': kb lists each subsection (see the extra entries)",
    ),
    ("learning-resources-sg-opening-merits-brief", "50 U.S.C. § 1703(b)"): (
        "convention",
        "the brief lists 1703(b)-(c) as one entry",
    ),
    ("learning-resources-sg-opening-merits-brief", "50 U.S.C. § 1703(c)"): (
        "convention",
        "the brief lists 1703(b)-(c) as one entry",
    ),
    ("learning-resources-sg-opening-merits-brief", "50 U.S.C. § 1076"): (
        "kb",
        "'2 Joseph Story ... §§ 1076-1083': a treatise's sections read as the code's",
    ),
    ("learning-resources-sg-opening-merits-brief", "88 Stat. 2042"): (
        "brief",
        "the text cites Title III at 88 Stat. 2042; the table prints 2041",
    ),
    ("learning-resources-sg-opening-merits-brief", "Pub. L. No. 87-794"): (
        "convention",
        "the Trade Expansion Act cited as a whole; the table lists it only with § 232",
    ),
    ("learning-resources-sg-opening-merits-brief", "Pub. L. No. 93-618"): (
        "convention",
        "the Trade Act cited as a whole; the table lists only its titles and sections",
    ),
    ("learning-resources-sg-opening-merits-brief", "1 Story § 449, at 435"): (
        "kb",
        "short forms of Story's Commentaries keyed by section and page: one work, several entries",
    ),
    (
        "learning-resources-sg-opening-merits-brief",
        "2 Joseph Story, Commentaries on the Constitution of the United States §§ 1076",
    ): ("kb", "Story's Commentaries keyed with their sections"),
    ("learning-resources-sg-opening-merits-brief", "1083, at 523, 530 (1833)"): (
        "kb",
        "a broken short form of Story's Commentaries",
    ),
    ("learning-resources-sg-opening-merits-brief", "Story § 1084, at 531"): (
        "kb",
        "short forms of Story's Commentaries keyed by section and page",
    ),
    ("learning-resources-sg-opening-merits-brief", "Story §§ 1076-1083, at 523-530"): (
        "kb",
        "short forms of Story's Commentaries keyed by section and page",
    ),
    (
        "learning-resources-sg-opening-merits-brief",
        "Joseph Story, Commentaries on the Constitution of the United States: Vol. 1 (1833)",
    ): ("kb", "Story's Commentaries keyed by volume, section and page (see the extra entries)"),
    (
        "learning-resources-sg-opening-merits-brief",
        "Joseph Story, Commentaries on the Constitution of the United States: Vol. 2 (1833)",
    ): ("kb", "Story's Commentaries keyed by volume, section and page (see the extra entries)"),
    (
        "learning-resources-sg-opening-merits-brief",
        "PrimeSource Building Products, Inc. v. United States, 59 F.4th 1255 (Fed. Cir. 2023), cert. denied, 144 S. Ct. 345 (2023), and 144 S. Ct. 561 (2024)",
    ): (
        "convention",
        "the citation begins on page 46 and ends on 47: kb gives where it begins, the brief where it ends",
    ),
    ("learning-resources-sg-opening-merits-brief", "U.S. Const.: Art. II"): (
        "convention",
        "'Article II authority' named in passing on page 21",
    ),
    ("learning-resources-sg-opening-merits-brief", "50 U.S.C. 1701"): (
        "convention",
        "'section 1701' inside a quotation of IEEPA on page 23",
    ),
    ("learning-resources-sg-opening-merits-brief", "50 U.S.C. 1622"): (
        "convention",
        "page 32 cites § 1622(a)-(c) and (d): kb lists subsections, the brief the section",
    ),
    (
        "learning-resources-sg-opening-merits-brief",
        "Tariff Act of 1930, ch. 497, § 338, 46 Stat. 704 (19 U.S.C. 1338)",
    ): ("brief", "'Section 338 of the Tariff Act of 1930 (19 U.S.C. 1338)' on page 39 is not in the table"),
    (
        "learning-resources-sg-opening-merits-brief",
        "Trade Act of 1974, Pub. L. No. 93-618, 88 Stat. 1978: § 122, 88 Stat. 1987 (19 U.S.C. 2132)",
    ): (
        "kb",
        "'Section 122' of the Trade Act cited by the act's own number: kb has no table of the act's codification",
    ),
    ("learning-resources-sg-opening-merits-brief", "The American Heritage Dictionary of the English Language (1969)"): (
        "brief",
        "page 40 does not cite the dictionary",
    ),
    (
        "learning-resources-petitioners-response-merits-brief",
        "Trade Act of 1974, Pub. L. No. 93-618, 88 Stat. 1978 (1975) § 122",
    ): ("kb", "'Section 122 of the Trade Act': an act's own section without a codification is no entry"),
    (
        "learning-resources-petitioners-response-merits-brief",
        "Trade Act of 1974, Pub. L. No. 93-618, 88 Stat. 1978 (1975) § 201",
    ): ("kb", "'Section 201 of the Trade Act': an act's own section without a codification is no entry"),
    (
        "learning-resources-petitioners-response-merits-brief",
        "Trade Act of 1974, Pub. L. No. 93-618, 88 Stat. 1978 (1975) § 301",
    ): ("kb", "'Section 301 of the Trade Act': an act's own section without a codification is no entry"),
    (
        "learning-resources-petitioners-response-merits-brief",
        "Trade Act of 1974, Pub. L. No. 93-618, 88 Stat. 1978 (1975) § 604",
    ): ("kb", "'Section 604 of the Trade Act': an act's own section without a codification is no entry"),
}


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
    lines += [
        "",
        "| brief | kb misses | the brief's own errors | convention differences |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in results:
        items = [*r["missing"], *r["extra"], *r["pages_differ"], *r["cited_differently"]]
        n = {kind: sum(1 for i in items if i["reason"][0] == kind) for kind in ("kb", "brief", "convention")}
        lines.append(f"| {r['brief']} | {n['kb']} | {n['brief']} | {n['convention']} |")
    return "\n".join(lines) + "\n"


def detail(r: dict[str, Any]) -> str:
    out = [f"\n#### {r['brief']}\n", "| what | authority | pages | reason |", "| --- | --- | --- | --- |"]
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

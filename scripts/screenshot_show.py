#!/usr/bin/env python3
"""Open a kb opinion page in headless Chromium (network off), click a citation, and save a screenshot.

Usage: python scripts/screenshot_show.py PAGE.html [--click "Ashcroft v. Iqbal"] [-o docs/show-1.png]
--click opens the panel of the first citation whose text contains the words (scrolled into view).
Prints the page's size, its citation count and what the panel shows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page")
    ap.add_argument("--click", default=None, help="open the first citation whose text contains this")
    ap.add_argument("-o", "--output", default="docs/show.png")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("chromium not found; run scripts/browser.sh", file=sys.stderr)
        return 1
    path = Path(args.page).resolve()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_context(viewport={"width": args.width, "height": args.height}, offline=True).new_page()
        page.goto(path.as_uri())
        marks = page.evaluate("document.querySelectorAll('#text mark').length")
        heading = ""
        if args.click:
            # The innermost mark holding the words (a citation nested in another's parenthetical is its own).
            found = page.evaluate(
                """words => {
                    const hits = [...document.querySelectorAll('#text mark')].filter(m => m.textContent.includes(words));
                    if (!hits.length) return null;
                    hits.sort((a, b) => a.textContent.length - b.textContent.length);
                    hits[0].scrollIntoView({block: 'center'});
                    const r = hits[0].getClientRects()[0];
                    return {x: r.left + Math.min(4, r.width / 2), y: r.top + r.height / 2};
                }""",
                args.click,
            )
            if found is None:
                print(f"no citation contains {args.click!r}", file=sys.stderr)
                return 1
            page.mouse.click(found["x"], found["y"])
            heading = page.inner_text("#panel h2")
        page.screenshot(path=args.output)
        browser.close()
    print(
        f"{path.name}: {os.path.getsize(path) / 1024:.0f} KB, {marks} marks; panel: {heading!r}; screenshot {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Open a kb map in headless Chromium (network off), time it, and save a screenshot.

Usage: python scripts/screenshot_map.py [MAP.html] [-o docs/map.png]
Prints node and edge counts, file size, and seconds to load and to stabilise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("map", nargs="?", default="kb-map.html")
    ap.add_argument("-o", "--output", default="docs/map.png")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("chromium not found; run scripts/browser.sh", file=sys.stderr)
        return 1
    path = Path(args.map).resolve()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True).new_page()
        start = time.monotonic()
        page.goto(path.as_uri())
        loaded = time.monotonic() - start
        while not page.evaluate("window.kbMap !== undefined && window.kbMap.stabilized"):
            page.wait_for_timeout(50)
        settled = time.monotonic() - start
        counts = page.evaluate("[window.kbMap.nodes.length, window.kbMap.edges.length]")
        page.screenshot(path=args.output)
        browser.close()
    size = os.path.getsize(path)
    print(
        f"{path.name}: {counts[0]} nodes, {counts[1]} edges, {size / 1024:.0f} KB; "
        f"loaded in {loaded:.2f} s, stabilised in {settled:.2f} s; screenshot {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

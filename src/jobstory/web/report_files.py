"""A study's analysis, as corrected, in the formats people download: HTML, Markdown, JSON, PDF.

The HTML is the self-contained report (inline CSS and SVG, no scripts or URLs), rendered from
`latest_analysis` so a published or downloaded report shows the researcher's decisions. The
PDF is that same HTML printed by headless Chromium through Playwright, with the network and
scripts off: what is printed is exactly what the HTML download shows.
"""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from fastapi.responses import Response

from jobstory.synthesis.report import render_html, render_markdown

CHROMIUM_ENV = "JOBSTORY_CHROMIUM"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]
#: Styles of the report only (inline), no scripts, no network, not framed elsewhere.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
              "form-action 'none'; frame-ancestors 'none'")
FORMATS = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
           "json": "application/json", "pdf": "application/pdf"}
_PRINTING = threading.Lock()  # one Chromium at a time: a PDF is a rare, heavy request


class PdfUnavailable(Exception):
    """No Chromium to print with on this server."""


def chromium_path() -> str:
    return os.environ.get(CHROMIUM_ENV) or "/usr/bin/chromium"


def to_pdf(html: str) -> bytes:
    """Print the report's HTML to A4 PDF pages with headless Chromium (scripts off).

    Playwright's sync API refuses a thread where an event loop runs (an async caller, or
    another sync Playwright session), so the printing has a thread of its own."""
    path = chromium_path()
    if not Path(path).exists():
        raise PdfUnavailable(f"no Chromium at {path}: set {CHROMIUM_ENV} to print PDFs")
    with ThreadPoolExecutor(1, thread_name_prefix="pdf") as pool:
        return pool.submit(_print, html, path).result()


def _print(html: str, path: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with _PRINTING, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(java_script_enabled=False, offline=True)
            page = context.new_page()
            page.set_content(html, wait_until="load")
            return page.pdf(format="A4", print_background=True,
                            margin={"top": "14mm", "bottom": "14mm", "left": "12mm",
                                    "right": "12mm"})
        finally:
            browser.close()


def render(analysis: dict[str, Any], fmt: str) -> bytes:
    if fmt == "html":
        return render_html(analysis).encode("utf-8")
    if fmt == "md":
        return render_markdown(analysis).encode("utf-8")
    if fmt == "json":
        return (json.dumps(analysis, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "pdf":
        return to_pdf(render_html(analysis))
    raise ValueError(fmt)


def download(analysis: dict[str, Any], fmt: str, name: str, *, inline: bool = False,
             extra: dict[str, str] | None = None) -> Response:
    """The report in `fmt` as a response; `inline` shows HTML in the browser."""
    filename = "analysis.json" if fmt == "json" else f"{name}.{fmt}"
    disposition = "inline" if inline else f'attachment; filename="{filename}"'
    headers = {"Content-Disposition": disposition, "Cache-Control": "no-store",
               "Content-Security-Policy": REPORT_CSP, **(extra or {})}
    return Response(render(analysis, fmt), media_type=FORMATS[fmt], headers=headers)

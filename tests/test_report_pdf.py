"""The report prints to PDF through headless Chromium, and the pages render as images."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from jobstory.analysis_runs import latest_analysis
from jobstory.analysis_runs.worker import AnalysisWorker
from jobstory.store.db import open_store
from jobstory.web import report_files
from tests.analysis_support import fast_embedder, study_with_interviews

pytestmark = pytest.mark.browser


def test_the_corrected_report_prints_to_pdf_pages_that_render(sqlite_url: str,
                                                              tmp_path: Path) -> None:
    if not Path(report_files.chromium_path()).exists():
        pytest.fail(f"no Chromium at {report_files.chromium_path()}")
    store = open_store(sqlite_url)
    try:
        _account, study_id, _ = study_with_interviews(store, completed=2)
        AnalysisWorker(store, embedder=fast_embedder, quiet=0).step()
        analysis = latest_analysis(store, study_id)
        assert analysis is not None
        pdf = report_files.render(analysis, "pdf")
    finally:
        store.close()
    assert pdf.startswith(b"%PDF-")
    document = pymupdf.open(stream=pdf, filetype="pdf")
    assert document.page_count >= 1
    text = "".join(page.get_text() for page in document)
    assert analysis["job_stories"][0]["text"].split()[1] in text
    image = document[0].get_pixmap(dpi=60)
    png = tmp_path / "page-1.png"
    image.save(str(png))
    assert png.read_bytes().startswith(b"\x89PNG")
    samples = image.samples
    assert len(set(samples[::97])) > 3  # ink on the page, not a blank sheet

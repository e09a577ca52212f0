"""The notebook runs from top to bottom (so it never rots) on the fixture database it builds itself.

Marked slow: on a fresh machine it builds and calibrates the engine with the real bundled encoder
(minutes on two cores). The built engine is kept in pytest's cache directory, keyed by the library's
source, so later runs take seconds and a changed engine is still rebuilt.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "halokop_quality_and_kpi.ipynb"


@pytest.mark.slow
def test_run_notebook(request, monkeypatch, tmp_path):
    for name in ("HALOKOP_KPI_DATABASE_URL", "HALOKOP_KPI_MONTH", "HALOKOP_NOTEBOOK_QUERIES"):
        monkeypatch.delenv(name, raising=False)
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider: build afresh
    engine_dir = cache.mkdir("halokop-notebook") if cache is not None else tmp_path / "engine"
    monkeypatch.setenv("HALOKOP_NOTEBOOK_CACHE", str(engine_dir))
    monkeypatch.setenv("OMP_WAIT_POLICY", os.environ.get("OMP_WAIT_POLICY", "PASSIVE"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        nb, timeout=1800, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    streams = "".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream"
    )
    summary = json.loads(streams.strip().splitlines()[-1])
    # The fixture database is deterministic: its October figures are known.
    assert (summary["month"], summary["participants"]) == ("2026-10", 71)
    assert "figures consistent" in streams
    assert "100 queries (72 in scope, 28 out of scope)" in streams
    svgs = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "image/svg+xml" in out.get("data", {})
    ]
    assert len(svgs) == 5  # four KPI charts and the verdict confusion


def test_keep_notebook_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")

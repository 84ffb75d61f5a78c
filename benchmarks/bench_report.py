"""Benchmark of the assessment report: a full build (HTML + PDF) in one language.

Run from the repository root::

    .venv/bin/python benchmarks/bench_report.py              # en, 3 runs; update docs/performance.md
    .venv/bin/python benchmarks/bench_report.py --lang kk --runs 5 --no-write

The store is built once into a temporary SQLite file (not timed). Each run is a
fresh child Python process that imports Shekara and calls
``shekara.report.build_report`` with the defaults of ``shekara report``
(10 000 Monte-Carlo draws, seed 1): the wall time includes the imports, and the
peak memory is the child's maximum resident set size from
``resource.getrusage(RUSAGE_CHILDREN)``. Targets: <= 15 s and <= 1 GiB.

Only the "## Report" section of docs/performance.md is written.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERF_DOC = ROOT / "docs" / "performance.md"
SECTION = "## Report"
TARGET_S = 15.0
TARGET_MIB = 1024.0

CHILD = """
import sys
from pathlib import Path
from shekara.kb.store import make_engine
from shekara.report import build_report
from shekara.services.assessment import AssessmentOptions
url, out, lang, as_of = sys.argv[1:5]
paths = build_report(make_engine(url), Path(out), lang, AssessmentOptions(as_of=int(as_of)))
print(paths.html, paths.pdf)
"""


def run_child(url: str, out: Path, lang: str, as_of: int) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one child build."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", CHILD, url, str(out), lang, str(as_of)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss of children is the largest of any child waited for (KiB on Linux);
    # runs are comparable because every child does the same work.
    peak = max(before, usage.ru_maxrss) / 1024.0
    return wall, usage.ru_utime + usage.ru_stime - cpu_before, peak


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def write_section(body: str, section: str = SECTION) -> None:
    """Replace (or append) *section* of docs/performance.md with *body*."""
    text = PERF_DOC.read_text(encoding="utf-8") if PERF_DOC.exists() else "# Performance\n"
    lines = text.splitlines()
    start = next((k for k, ln in enumerate(lines) if ln.strip() == section), None)
    new = [section, "", *body.rstrip("\n").splitlines()]
    if start is None:
        out = [*lines, "", *new]
    else:
        end = next(
            (k for k in range(start + 1, len(lines)) if lines[k].startswith("## ")), len(lines)
        )
        tail = lines[end:]
        out = [*lines[:start], *new, *(["", *tail] if tail else [])]
    PERF_DOC.write_text("\n".join(out).rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--lang", default="en", choices=("kk", "ru", "en"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--as-of", type=int, default=2024)
    ap.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    args = ap.parse_args(argv)

    from shekara.kb.store import build

    with tempfile.TemporaryDirectory(prefix="shekara-bench-report-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'kb.sqlite'}"
        t0 = time.perf_counter()
        build(url)
        store_s = time.perf_counter() - t0
        out = Path(tmp) / "out"
        walls, cpus, peaks = [], [], []
        for k in range(args.runs):
            wall, cpu, peak = run_child(url, out, args.lang, args.as_of)
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
            print(f"run {k + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {peak:.0f} MiB")
        html_kib = (out / "report.html").stat().st_size / 1024
        pdf_kib = (out / "report.pdf").stat().st_size / 1024
        pages = page_count(out / "report.pdf")

    median, peak = statistics.median(walls), max(peaks)
    ok = median <= TARGET_S and peak <= TARGET_MIB
    import matplotlib
    import weasyprint

    body = "\n".join(
        [
            f"Measured by `benchmarks/bench_report.py` on {date.today().isoformat()} "
            f"({platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
            f"WeasyPrint {weasyprint.__version__}, matplotlib {matplotlib.__version__}). "
            f"Each run is a fresh child process (imports included) building the full report "
            f"in `{args.lang}` as of {args.as_of} with the defaults of `shekara report` "
            "(10 000 Monte-Carlo draws, HTML + PDF); peak memory is the child's maximum "
            "resident set size (`resource.getrusage(RUSAGE_CHILDREN)`).",
            "",
            "| task | wall time | CPU time | peak memory |",
            "| --- | --- | --- | --- |",
            f"| full report, `{args.lang}` (median of {args.runs} runs) | {median:.1f} s "
            f"(min {min(walls):.1f} s, max {max(walls):.1f} s) | "
            f"{statistics.median(cpus):.1f} s | {peak:.0f} MiB |",
            f"| store build beforehand (not part of the report) | {store_s:.1f} s | — | — |",
            "",
            f"* Targets ≤ {TARGET_S:.0f} s and ≤ 1 GiB: {'met' if ok else 'NOT met'}.",
            f"* Output: report.html {html_kib:.0f} KiB (font, chart and map embedded), "
            f"report.pdf {pdf_kib:.0f} KiB, {pages} pages. Most of the time is WeasyPrint "
            "laying out and printing the PDF. Wall time grows when other jobs share the two "
            "cores (the spread of the runs above); CPU time is the steadier figure.",
        ]
    )
    print()
    print(body)
    if not args.no_write:
        write_section(body)
        print(f"\nwrote section '{SECTION}' of {PERF_DOC.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The assessment report: one command, offline, in Kazakh, Russian or English, as HTML and PDF.

Use::

    from shekara.report import build_report
    paths = build_report(engine, Path("out"), "kk", AssessmentOptions(as_of=2024))
    paths.html, paths.pdf     # out/report.html, out/report.pdf

See :mod:`shekara.report.builder` and ``docs/report.md``.
"""

from shekara.report.builder import STEPS, ReportPaths, build_report, render_html, write_pdf
from shekara.services.assessment import SensitivitySettings

__all__ = [
    "STEPS",
    "ReportPaths",
    "SensitivitySettings",
    "build_report",
    "render_html",
    "write_pdf",
]

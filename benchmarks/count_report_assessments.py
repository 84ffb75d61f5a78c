"""How many times one report build computes the assessment and the pair inputs, and how long
the report's data collection takes (CPU).

Run from the repository root::

    .venv/bin/python benchmarks/count_report_assessments.py

Counts are made by wrapping the uncached computations (``ranking._assess`` and
``inputs._gather`` of :mod:`shekara.services.assessment`); an HTML-only build as of 2024
in English. The figures go to the section "## Report: assessments per build" of
docs/performance.md by hand (they are counts, not timings to track).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import shekara.services.assessment.inputs as inputs
import shekara.services.assessment.ranking as ranking
from shekara.kb.store import build, make_engine
from shekara.paths import default_data_dir
from shekara.report import build_report
from shekara.report.collect import collect
from shekara.services.assessment import AssessmentOptions, SensitivitySettings

COUNTS = {"assess": 0, "gather": 0}
_ASSESS, _GATHER = ranking._assess, inputs._gather


def _counted_assess(*args: Any, **kwargs: Any) -> Any:
    COUNTS["assess"] += 1
    return _ASSESS(*args, **kwargs)


def _counted_gather(*args: Any, **kwargs: Any) -> Any:
    COUNTS["gather"] += 1
    return _GATHER(*args, **kwargs)


def main() -> None:
    ranking._assess = _counted_assess  # type: ignore[assignment]
    inputs._gather = _counted_gather  # type: ignore[assignment]
    tmp = Path(tempfile.mkdtemp(prefix="shekara-count-"))
    url = f"sqlite:///{tmp / 'kb.sqlite'}"
    build(url)
    engine = make_engine(url)
    build_report(engine, tmp / "out", "en", AssessmentOptions(as_of=2024), pdf=False)
    print(
        f"one report build: assessment computed {COUNTS['assess']}x, "
        f"pair inputs gathered {COUNTS['gather']}x"
    )
    times = []
    for _ in range(4):
        t0 = time.process_time()
        collect(
            engine,
            "en",
            AssessmentOptions(as_of=2024),
            SensitivitySettings(),
            default_data_dir(),
            url,
            lambda _stage: None,
        )
        times.append(time.process_time() - t0)
    print("report data collection, CPU s per run:", " ".join(f"{t:.2f}" for t in times))


if __name__ == "__main__":
    main()

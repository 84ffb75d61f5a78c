"""How wide a text is drawn: advance widths of DejaVu Sans, the font of the report and of the
dashboard's charts and map (Debian's default sans-serif), so labels are measured, not clipped.

The widths come from the subset the report ships (``report/assets/DejaVuSans-subset.woff2``,
Latin, Cyrillic with the Kazakh letters, Greek, punctuation), read once. A character the subset
lacks counts as 0.6 em, DejaVu Sans' average.

Example:
    >>> round(text_width("Омск", 10.0), 1), round(text_width("", 10.0), 1)
    (27.0, 0.0)
    >>> wrap("Северо-Казахстанская область – Омская область", 10.0, 150.0)
    ['Северо-Казахстанская', 'область – Омская область']
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT = Path(__file__).resolve().parent.parent / "report" / "assets" / "DejaVuSans-subset.woff2"
DEFAULT_EM = 0.6


@lru_cache(maxsize=1)
def _advances() -> dict[str, float]:
    """Character → advance width in em (empty when the font cannot be read)."""
    try:
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        font = TTFont(str(FONT))
        upm = float(font["head"].unitsPerEm)
        hmtx = font["hmtx"]
        return {chr(code): hmtx[glyph][0] / upm for code, glyph in font.getBestCmap().items()}
    except (OSError, ImportError, KeyError):  # pragma: no cover - the asset ships with the code
        return {}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of *text* at font size *size* px (bold ≈ 10 % wider)."""
    em = _advances()
    width = sum(em.get(c, DEFAULT_EM) for c in text) * size
    return width * 1.1 if bold else width


def wrap(text: str, size: float, max_width: float, max_lines: int = 2) -> list[str]:
    """*text* broken at spaces into lines no wider than *max_width*; at most *max_lines*,
    the last one shortened with "…" only when the text does not fit even then."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if current and text_width(trial, size) > max_width:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    last = lines[-1]
    if text_width(last, size) > max_width:
        while last and text_width(last + "…", size) > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines

"""The report's font: DejaVu Sans, shipped as a subset, embedded per document as a smaller subset.

Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і) is missing from many fonts, and the report
must not depend on what the reader's machine (or WeasyPrint's fontconfig) has.
So ``assets/`` ships two WOFF2 subsets of DejaVu Sans (regular, bold) covering
Latin, Cyrillic with the Kazakh letters, Greek (γ, ρ in formulas) and the
punctuation and symbols the report prints; ``assets/LICENSE-DejaVu.txt`` is the
font's licence. Each report then embeds a second subset holding only the
characters it uses, so the HTML stays small.

Regenerate the shipped subsets from Debian's ``fonts-dejavu-core`` with::

    .venv/bin/python -m shekara.report.fonts /usr/share/fonts/truetype/dejavu
"""

from __future__ import annotations

import base64
import io
import logging
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from fontTools import subset  # type: ignore[import-untyped]

ASSETS = Path(__file__).with_name("assets")
FAMILY = "ShekaraSans"
#: (weight, shipped asset, Debian source file)
FACES: tuple[tuple[int, str, str], ...] = (
    (400, "DejaVuSans-subset.woff2", "DejaVuSans.ttf"),
    (700, "DejaVuSans-Bold-subset.woff2", "DejaVuSans-Bold.ttf"),
)

# Unicode ranges of the shipped subset: Latin (+ Latin-1, Extended-A), Greek,
# Cyrillic (all of U+0400–U+04FF, which holds every Kazakh letter), general
# punctuation, super/subscripts, currency (₸ ₽), letterlike (№), arrows,
# mathematical operators and the geometric shapes used as legend symbols.
SHIPPED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x0370, 0x03FF),
    (0x0400, 0x04FF),
    (0x2000, 0x206F),
    (0x2070, 0x209F),
    (0x20A0, 0x20BF),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x25A0, 0x25FF),
)
# Always kept in the per-document subset: ASCII and the Russian and Kazakh
# alphabets. The build date on the title page (digits, month abbreviations) can
# then never change which glyphs are embedded, so two builds differ only in the
# timestamp line.
KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
# Characters that the layout generates and the document text does not hold: list
# bullets and the hyphen of automatic hyphenation (U+2010).
LIST_MARKERS = "•◦▪\u2010"
ALWAYS: frozenset[str] = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0x0410, 0x0450)] + ["Ё", "ё", "№"]
).union(KAZAKH_LETTERS, LIST_MARKERS)

# fontTools logs a warning for every table it cannot subset (e.g. FontForge's FFTM).
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


def _options(flavor: str) -> subset.Options:
    opts = subset.Options()
    opts.flavor = flavor
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.drop_tables = [*opts.drop_tables, "FFTM"]
    # head.modified stays as in the input: a timestamp would make every build differ.
    opts.recalc_timestamp = False
    return opts


def subset_font(font_bytes: bytes, unicodes: Iterable[int], flavor: str = "woff2") -> bytes:
    """Subset a font (TTF or WOFF2 bytes) to *unicodes*; deterministic for equal input."""
    opts = _options(flavor)
    font = subset.load_font(io.BytesIO(font_bytes), opts, dontLoadGlyphNames=True)
    subsetter = subset.Subsetter(opts)
    subsetter.populate(unicodes=sorted(set(unicodes)))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, opts)
    return out.getvalue()


@lru_cache(maxsize=4)
def shipped_face(asset: str) -> bytes:
    return (ASSETS / asset).read_bytes()


def font_face_css(text: str) -> str:
    """``@font-face`` rules embedding the faces as ``data:`` URIs, subset to *text*'s characters."""
    chars = {ord(c) for c in ALWAYS.union(text) if c.isprintable()}
    rules = []
    for weight, asset, _source in FACES:
        data = subset_font(shipped_face(asset), chars)
        b64 = base64.b64encode(data).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'{FAMILY}';font-style:normal;font-weight:{weight};"
            f"src:url(data:font/woff2;base64,{b64}) format('woff2');}}"
        )
    return "\n".join(rules)


def build_shipped_subsets(source_dir: Path, out_dir: Path = ASSETS) -> list[Path]:
    """Write the shipped subsets from the DejaVu TTFs in *source_dir* (run when ranges change)."""
    unicodes = [c for lo, hi in SHIPPED_RANGES for c in range(lo, hi + 1)]
    written = []
    for _weight, asset, source in FACES:
        data = subset_font((source_dir / source).read_bytes(), unicodes)
        (out_dir / asset).write_bytes(data)
        written.append(out_dir / asset)
    return written


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
    for path in build_shipped_subsets(src):
        print(f"{path} {path.stat().st_size} bytes")

"""Write or check the ``help`` catalogs (kk, ru) against the command line's English texts.

The English texts are the message ids: every help text and description in the Typer app
(``shekara.cli.help_texts.HELP``, the commands' docstrings) plus Typer's own words. Run it after
changing a help text; it lists the texts a catalog lacks and the entries nothing uses.

Usage:
    python scripts/help_catalog.py check            # exit 1 when a catalog is not complete
    python scripts/help_catalog.py merge kk new.json  # add translations {English: text} to kk
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from shekara.cli.help_lang import english_texts

CATALOGS = Path(__file__).resolve().parents[1] / "src" / "shekara" / "i18n"


def po_path(lang: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / "help.po"


def read(lang: str) -> dict[str, str]:
    path = po_path(lang)
    if not path.exists():
        return {}
    with path.open("rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f) if m.id and m.string}


def write(lang: str, messages: dict[str, str]) -> None:
    wanted = english_texts()
    cat = Catalog(locale=lang, project="shekara", domain="help")
    for text, where in wanted.items():
        if text in messages:
            cat.add(text, messages[text], auto_comments=sorted(where)[:3])
    with po_path(lang).open("wb") as f:
        write_po(f, cat, width=100, omit_header=False, sort_output=False)


def main(argv: list[str]) -> int:
    if argv[:1] == ["merge"] and len(argv) == 3:
        lang, new = argv[1], json.loads(Path(argv[2]).read_text("utf-8"))
        write(lang, {**read(lang), **new})
        return 0
    if argv[:1] == ["check"]:
        wanted, bad = english_texts(), 0
        for lang in ("kk", "ru"):
            have = read(lang)
            for text in wanted:
                if text not in have:
                    print(f"{lang}: missing {text[:70]!r}")
                    bad += 1
            for text in have:
                if text not in wanted:
                    print(f"{lang}: unused {text[:70]!r}")
                    bad += 1
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

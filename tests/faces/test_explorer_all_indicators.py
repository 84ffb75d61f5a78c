"""The indicator explorer in Kazakh and Russian, for every indicator of the store (issue 11).

Each indicator's page is rendered once in kk and once in ru and scanned for Latin-letter words
(:mod:`latin`): proper names, codes and unit symbols pass, and so do the words that
``kk_ru_remaining.json`` still allows on ``/explorer`` (the symbol ``GRAV_ij``). The description
paragraph (``p.meta``: entity type, unit and the indicator's description from
``data/indicator_defs``) must be clean now. The whole page also shows the value notes of
``data/indicators/*.csv`` and the names of every entity (rivers, basins, reservoirs and
crossings included): all of it must be clean too.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from latin import latin_words, visible_text

REMAINING = json.loads((Path(__file__).parent / "kk_ru_remaining.json").read_text("utf-8"))
#: ... and the address of a cited statistics office, a proper name (article.csv notes).
ALLOWED = frozenset(REMAINING["pages"]["/explorer"]) | {"stat.gov.kz"}
_META = re.compile(r'<p class="meta">(.*?)</p>', re.S)

#: lang → indicator → (Latin words of the description paragraph, of the whole page)
Found = dict[str, dict[str, tuple[list[str], list[str]]]]


@pytest.fixture(scope="module")
def found(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Found:
    """Every indicator's explorer page in kk and ru, rendered once for both tests."""
    from shekara.web.app import create_app

    dst = tmp_path_factory.mktemp("explorer-all") / "kb.sqlite"
    shutil.copy(built_store, dst)
    out: Found = {}
    with TestClient(create_app(f"sqlite:///{dst}")) as client:
        listed = client.get("/api/indicator-defs")
        assert listed.status_code == 200
        codes = [d["indicator"] for d in listed.json()["items"]]
        assert len(codes) > 300  # the shipped catalogue, not an empty store
        for lang in ("kk", "ru"):
            out[lang] = {}
            for code in codes:
                r = client.get("/explorer", params={"indicator": code, "lang": lang})
                assert r.status_code == 200, code
                assert f'value="{code}" selected' in r.text, code  # this indicator's page
                meta = _META.search(r.text)
                assert meta, code
                out[lang][code] = (
                    latin_words(visible_text(meta.group(1)), ALLOWED),
                    latin_words(visible_text(r.text), ALLOWED),
                )
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_description_paragraph_has_no_english(found: Found, lang: str) -> None:
    english = {code: meta for code, (meta, _) in found[lang].items() if meta}
    assert english == {}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_whole_explorer_page_has_no_english(found: Found, lang: str) -> None:
    english = {code: page for code, (_, page) in found[lang].items() if page}
    assert english == {}

"""A filter value that matches nothing known is refused (exit 2, the usage-error code) with the
nearest known values and what is accepted, on every list command that takes one."""

from __future__ import annotations

import pytest

from shekara.cli import run

CASES = [
    (
        ["regions", "list", "--country", "KAZ"],
        "Error: Invalid value for '--country': 'KAZ' is not accepted: use KZ (Kazakhstan) or RU (Russia)",
    ),
    (
        ["water", "balance", "--basin", "yesill"],
        "Error: Invalid value for --basin: 'yesill' is not known; did you mean 'yesil'? "
        "accepted: ertis, tobol-torgai, yesil, zhaiyk-caspian",
    ),
    (
        ["swot", "--pair", "KZ-59:RU-OMX"],
        "Error: Invalid value for --pair: 'KZ-59:RU-OMX' is not known; did you mean "
        "'KZ-59:RU-OMS'? see 'shekara pairs list'",
    ),
    (
        ["swot", "--region", "KZ-3O"],
        "Error: Invalid value for --region: 'KZ-3O' is not known; did you mean 'KZ-35', 'KZ-39'? "
        "see 'shekara regions list --all'",
    ),
    (
        ["population", "series", "--entity", "KZ-5O"],
        "Error: Invalid value for --entity: 'KZ-5O' is not known; did you mean 'KZ-55', 'KZ-59'? "
        "give KAZ or RUS (WPP 2022) or a region id such as KZ-59 (see 'shekara regions list --all')",
    ),
    (
        ["indicators", "show", "--indicator", "populaton"],
        "Error: Invalid value for --indicator: 'populaton' is not known; did you mean "
        "'population'? see 'shekara indicators list'",
    ),
    (
        ["indicators", "show", "--entity-type", "regoin"],
        "Error: Invalid value for --entity-type: 'regoin' is not known; did you mean 'region'? "
        "accepted: basin, border, country, crossing, pair, place, region, reservoir, river, zone",
    ),
    (
        ["pairs", "list", "--columns", "pair_id,rnak"],
        "Error: Invalid value for --columns: 'rnak' is not a column of this table; columns: "
        "pair_id, kz_region, ru_region, article_no, source",
    ),
]


@pytest.mark.parametrize(("argv", "message"), CASES, ids=lambda v: " ".join(v)[:40])
def test_unknown_filter_value_says_what_is_accepted(
    argv: list[str],
    message: str,
    store_url_ro: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", store_url_ro)
    assert run(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == message


def test_a_known_value_still_passes(
    store_url_ro: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", store_url_ro)
    assert run(["water", "balance", "--basin", "yesil", "-f", "json"]) == 0
    assert run(["swot", "--region", "RU-OMS", "--as-of", "2018"]) == 0
    assert "Omsk" in capsys.readouterr().out

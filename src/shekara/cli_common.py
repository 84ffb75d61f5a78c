"""Old import path of :mod:`shekara.cli.common`, kept so that commands written against it still import."""

from shekara.cli.common import (
    AsOfOpt,
    DataOpt,
    FormatOpt,
    LangOpt,
    check_format,
    engine,
    fail,
    lang_of,
    print_findings,
)

__all__ = [
    "AsOfOpt",
    "DataOpt",
    "FormatOpt",
    "LangOpt",
    "check_format",
    "engine",
    "fail",
    "lang_of",
    "print_findings",
]

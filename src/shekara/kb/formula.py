"""Formula injection: text cells that a spreadsheet would run are neutralised on export.

A cell beginning with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return, which
some spreadsheets skip before one of those) is a formula to Excel and LibreOffice,
even in a CSV file. Every text cell written by an export that begins with one of them
— or with the apostrophe itself — gets one leading apostrophe, the spreadsheet's own
"this is text" mark; every text cell read back loses exactly that apostrophe, so
export → import reproduces the text exactly. Numbers are never touched (``-5`` stays).

Example:
    >>> neutralise("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> restore(neutralise("=cmd|' /C calc'!A0"))
    "=cmd|' /C calc'!A0"
    >>> neutralise("'quoted"), restore("''quoted"), neutralise("plain")
    ("''quoted", "'quoted", 'plain')
"""

from __future__ import annotations

#: Leading characters that make a cell a formula (or hide one).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MARK = "'"


def neutralise(text: str) -> str:
    """*text* with the apostrophe mark if a spreadsheet could read it as a formula."""
    if text.startswith((*TRIGGERS, MARK)):
        return MARK + text
    return text


def restore(text: str) -> str:
    """The inverse of :func:`neutralise` (text without the mark is returned as is)."""
    if text.startswith(MARK) and text[1:].startswith((*TRIGGERS, MARK)):
        return text[1:]
    return text

"""Where Shekara finds its data package, the seed documents and its store.

Every location can be overridden by an environment variable, so the same code
runs from a source checkout, an installed package and a CI clone.

| what            | variable               | default                                  |
|-----------------|------------------------|------------------------------------------|
| data package    | ``SHEKARA_DATA_DIR``   | ``data/`` of the source checkout          |
| seed documents  | ``SHEKARA_SEEDS_DIR``  | ``../shared/seeds`` beside the checkout   |
| store           | ``SHEKARA_DATABASE_URL`` | ``var/shekara.sqlite`` of the checkout, else the user data dir |
"""

from __future__ import annotations

import os
from pathlib import Path

_SRC_ROOT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """The data package folder (``SHEKARA_DATA_DIR`` or the checkout's ``data/``)."""
    env = os.environ.get("SHEKARA_DATA_DIR")
    if env:
        return Path(env)
    return _SRC_ROOT / "data"


def seeds_dir() -> Path:
    """Folder with the seed documents, used to check quotes and checksums."""
    env = os.environ.get("SHEKARA_SEEDS_DIR")
    if env:
        return Path(env)
    return _SRC_ROOT.parent / "shared" / "seeds"


def default_database_url() -> str:
    """Where the store is: ``SHEKARA_DATABASE_URL``, else ``var/shekara.sqlite`` of the source
    checkout this code runs from, else ``shekara.sqlite`` in the platform's user data folder
    (``~/.local/share/shekara`` on Linux). Never the working folder: the same store is found
    from wherever a command is run.

    >>> default_database_url().startswith("sqlite:///") or "SHEKARA_DATABASE_URL" in os.environ
    True
    """
    env = os.environ.get("SHEKARA_DATABASE_URL")
    if env:
        return env
    if (_SRC_ROOT / "pyproject.toml").is_file() and (_SRC_ROOT / "src" / "shekara").is_dir():
        return f"sqlite:///{_SRC_ROOT / 'var' / 'shekara.sqlite'}"
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('shekara', appauthor=False) / 'shekara.sqlite'}"

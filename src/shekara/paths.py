"""Where Shekara finds its data package, the seed documents and its store.

Every location can be overridden by an environment variable, so the same code
runs from a source checkout, an installed package and a CI clone.

| what            | variable               | default                                  |
|-----------------|------------------------|------------------------------------------|
| data package    | ``SHEKARA_DATA_DIR``   | ``data/`` of the source checkout          |
| seed documents  | ``SHEKARA_SEEDS_DIR``  | ``../shared/seeds`` beside the checkout   |
| store           | ``SHEKARA_DATABASE_URL`` | ``sqlite:///var/shekara.sqlite`` (cwd)  |
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
    """``SHEKARA_DATABASE_URL`` or an SQLite file ``var/shekara.sqlite`` in the working folder."""
    env = os.environ.get("SHEKARA_DATABASE_URL")
    if env:
        return env
    return f"sqlite:///{Path.cwd() / 'var' / 'shekara.sqlite'}"

"""Old import path of :mod:`shekara.cli.common`, kept so that commands written against it still import."""

from shekara.cli.common import *  # noqa: F403
from shekara.cli.common import __all__ as __all__

"""The web face of Shekara: one ASGI app with a JSON API and an interactive dashboard.

``create_app`` lives in :mod:`shekara.web.app`; ``shekara serve`` runs it with uvicorn.
"""

from __future__ import annotations

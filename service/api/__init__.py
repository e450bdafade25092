"""The HTTP face of mythcheck: the JSON API under ``/v1``, the web form at ``/``
and the offline API docs at ``/docs``, all built by ``create_app(settings)``."""

from service.api.app import create_app
from service.api.settings import Settings

__all__ = ["Settings", "create_app"]

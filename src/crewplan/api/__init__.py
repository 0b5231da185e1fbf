"""The multi-agency HTTP service (FastAPI): one router per resource in ``routers/``, dependencies named as
types in :mod:`crewplan.api.deps`, access decided by :mod:`crewplan.policy` alone. ``create_app`` builds it;
``crewplan serve`` runs it with uvicorn."""

from crewplan.api.app import create_app

__all__ = ["create_app"]

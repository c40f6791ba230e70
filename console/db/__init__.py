"""Persistence: typed models, engine setup and Alembic migrations."""

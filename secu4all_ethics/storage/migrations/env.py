"""Alembic environment, driven from code (see storage/schema_version.py)."""

from alembic import context

from secu4all_ethics.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

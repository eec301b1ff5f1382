"""Alembic migrations, shipped in the package and applied from code (`trainer.store.upgrade`)."""

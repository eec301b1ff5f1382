"""Tests for trainer.store: the database, its types and its migrations."""

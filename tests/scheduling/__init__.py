"""Tests for trainer.scheduling: pure, so fast and property-based."""

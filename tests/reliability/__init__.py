"""Reliability: kills, concurrent writers and bad database files, through the real command line."""

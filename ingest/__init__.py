"""Powermap ingest layer."""

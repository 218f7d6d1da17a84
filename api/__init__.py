"""Powermap api layer."""

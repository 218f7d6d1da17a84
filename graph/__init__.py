"""Powermap graph layer."""

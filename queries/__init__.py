"""Powermap queries layer."""

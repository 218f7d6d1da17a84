"""The ``powermap`` sub-commands, one module each; ``api.cli`` registers them."""

"""Which mapping, if any, reads a bundle: the user's (``--format mapped
--mapping FILE``), a built-in dialect's when forced or when the bundle looks like
one (:mod:`ingest.detect`), or none (the native and Salesforce readers)."""

from __future__ import annotations

from ingest.detect import looks_like
from ingest.errors import IngestOptionError
from ingest.mapped_spec import CrmMapping, builtin_mapping, load_mapping
from ingest.report import IngestOptions
from ingest.source import Bundle


def foreign_dialect(bundle: Bundle, encoding: str, options: IngestOptions) -> CrmMapping | None:
    choice = options.format
    if choice == "mapped" or (choice == "auto" and options.mapping is not None):
        if options.mapping is None:
            raise IngestOptionError(
                "format mapped needs a mapping file (--mapping FILE; the command line only): "
                "the TOML file that says which column feeds each field (docs/FORMAT.md)"
            )
        return load_mapping(options.mapping)
    if options.mapping is not None:
        raise IngestOptionError(
            f"--mapping is for --format mapped, not --format {choice}; drop one of them"
        )
    found: str | None = choice if choice in ("dynamics", "hubspot") else None
    if choice == "auto":
        found = looks_like(bundle, encoding)
    if found == "dynamics" and any(k.endswith(".xlsx") for k in bundle.files):
        return builtin_mapping("dynamics-excel")  # "Export to Excel" workbooks
    return None if found is None else builtin_mapping(found)

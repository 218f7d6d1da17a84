"""What a record dataclass's field holds, read from its annotation: the one
source the stores derive their columns, properties and conversions from."""

from __future__ import annotations

import types
from typing import Union, get_args, get_origin, get_type_hints


def field_type(record: type, name: str) -> tuple[type, bool]:
    """A field's type without ``None``, and whether it may be ``None``.

    >>> from graph.schema import UnitRecord
    >>> field_type(UnitRecord, "headcount"), field_type(UnitRecord, "name")
    ((<class 'int'>, True), (<class 'str'>, False))
    """
    hint = get_type_hints(record)[name]
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"{record.__name__}.{name}: one type or None, not {hint}")
        return args[0], True
    return hint, False

"""A detached copy of a project for work on another thread (saving, exporting, planning).

`copy.deepcopy` of a 500-panel project takes 60–90 ms, too long to hold the window for; most of
that is copying objects nobody ever changes in place. This copy makes new containers and new
mutable dataclasses, and shares what is immutable: strings and numbers, frozen dataclasses
(`Line`, `DetailChange`), image versions (written once when recorded, then only replaced) and the
thread-safe image store. Mutating the copy never shows in the original, nor the other way round.
"""
from __future__ import annotations

import dataclasses
from typing import TypeVar

from model.project.imagestore import ImageStore
from model.project.project import ImageVersion

T = TypeVar("T")

_ATOMS = (str, int, float, bool, bytes, type(None), ImageVersion, ImageStore)
_FIELDS: dict[type, tuple[str, ...] | None] = {}  # None: a frozen dataclass, shared as it is


def _mutable_fields(kind: type) -> tuple[str, ...] | None:
    try:
        return _FIELDS[kind]
    except KeyError:
        params = getattr(kind, "__dataclass_params__", None)
        names = None if params is None or params.frozen else tuple(f.name for f in dataclasses.fields(kind))
        _FIELDS[kind] = names
        return names


def detached_copy(value: T) -> T:
    """A copy of a project (or any part of one) that shares only immutable objects with `value`."""
    if isinstance(value, _ATOMS):
        return value
    if isinstance(value, list):
        return [detached_copy(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: detached_copy(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(detached_copy(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, (set, frozenset)):
        return type(value)(value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _mutable_fields(type(value))
        if names is None:
            return value  # frozen: nothing about it can change
        copy = object.__new__(type(value))
        for name in names:
            object.__setattr__(copy, name, detached_copy(getattr(value, name)))
        return copy
    raise TypeError(f"detached_copy does not know how to copy {type(value).__name__}")

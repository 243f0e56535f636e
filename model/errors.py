"""Errors a person can act on. Each carries one sentence meant for the user, never a traceback.

`BadInputError` and its kin are the user's input being wrong (the command line exits 2);
any other `PanelsmithError` is a failure outside their input (exit 1).
"""
from __future__ import annotations


class PanelsmithError(Exception):
    """A failure with a one-sentence message for the user."""

    exit_code = 1


class BadInputError(PanelsmithError):
    """The user's input (a file, a script, an argument) cannot be used."""

    exit_code = 2


class ProjectFileError(BadInputError):
    """A `.panels` file that cannot be opened: not a zip, hostile, broken or from a newer Panelsmith."""


class ImageError(BadInputError):
    """An image file that is not a usable PNG, JPEG or WebP, or is too large."""


class ScriptError(BadInputError):
    """A script that cannot be read at all (not UTF-8, unreadable). Ordinary mistakes are diagnostics."""

"""User-facing errors: the CLI prints these as one line, never as a traceback."""

from __future__ import annotations


class OORKitError(Exception):
    """Base class of errors caused by user input (bad file, unknown name, invalid spec)."""


class UnknownCategoryError(OORKitError, KeyError):
    """A category name that the catalogue does not know."""

    def __str__(self) -> str:
        # KeyError would quote the message; keep it readable.
        return str(self.args[0]) if self.args else ""


class InvalidFileError(OORKitError, ValueError):
    """A file that exists but cannot be read as what it should be (JSON, mesh, manifest)."""

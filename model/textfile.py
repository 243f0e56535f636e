"""Reading a text file a person gives us (a script, a story) with a size cap and one sentence per problem."""
from __future__ import annotations

from pathlib import Path

from model.errors import BadInputError


def read_capped(path: Path, limit: int, error: type[BadInputError], what: str) -> bytes:
    """At most `limit` + 1 bytes of `path` (more than `limit` means too large: the caller says so);
    a missing file, a folder or an unreadable file raises `error` naming the path (`what`: "a script")."""
    try:
        with open(path, "rb") as f:
            return f.read(limit + 1)
    except FileNotFoundError:
        raise error(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise error(f"{path} is a folder, not {what}.") from None
    except OSError as exc:
        raise error(f"{path} cannot be read: {exc.strerror or exc}.") from None

"""Opening a file a person gives us (a script, a story, a project) with a size cap and one sentence per problem.

Only regular files are read: a FIFO would block forever and a device such as /dev/zero never ends, so
both are refused before a byte is read (the file is opened non-blocking, then checked with fstat).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from model.errors import BadInputError

# Opening a FIFO for reading waits for a writer unless it is opened non-blocking (POSIX only).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def open_regular(path: str | os.PathLike[str], error: type[BadInputError], what: str,
                 limit: int | None = None) -> BinaryIO:
    """`path` opened for binary reading, once it is known to be a regular file of at most `limit` bytes.

    A missing file, a folder, a pipe or device, an unreadable file or (with `limit`) a larger one raises
    `error` naming the path (`what`: "a script", "a project file"). Symbolic links are followed: a link
    to an ordinary file is an ordinary file.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise error(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise error(f"{path} is a folder, not {what}.") from None
    except OSError as exc:
        raise error(f"{path} cannot be read: {exc.strerror or exc}.") from None
    try:
        mode, size = (info := os.fstat(fd)).st_mode, info.st_size
        if stat.S_ISDIR(mode):
            raise error(f"{path} is a folder, not {what}.")
        if not stat.S_ISREG(mode):
            raise error(f"{path} is not an ordinary file (it is a pipe, device or socket), so it was not read.")
        if limit is not None and size > limit:
            raise error(f"{path} is {_size(size)}, larger than {_size(limit)}; is it really {what}?")
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)  # an ordinary file from here on: plain blocking reads
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.0f} MB" if count >= 1024 * 1024 else f"{count} bytes"


def read_capped(path: Path, limit: int, error: type[BadInputError], what: str) -> bytes:
    """At most `limit` + 1 bytes of the regular file `path` (more than `limit` means too large: the caller
    says so); a missing file, a folder, a pipe or device or an unreadable file raises `error` naming the path."""
    with open_regular(path, error, what) as f:
        try:
            return f.read(limit + 1)  # the size was only a promise: a growing file is still capped
        except OSError as exc:
            raise error(f"{path} cannot be read: {exc.strerror or exc}.") from None

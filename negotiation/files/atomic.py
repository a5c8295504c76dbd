"""Atomic file writing: a reader sees the old file or the new one, never half of either.

The text goes to a temporary file in the target's folder (so the final rename stays on
one file system), is flushed to disk, and then takes the target's name in one step:
:func:`os.replace` when overwriting is allowed, :func:`os.link` (which fails if the name
is taken, closing the check-then-write race) when it is not. If anything fails the
temporary file is removed and the original is untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from negotiation.errors import PayoffFileError

__all__ = ["atomic_write_text"]


def atomic_write_text(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically.

    Parameters
    ----------
    path
        The file to create or replace.
    text
        The whole new content.
    overwrite
        Replace an existing file. Without it an existing file raises
        :class:`~negotiation.errors.PayoffFileError` and is left as it was.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "game.yaml"
    >>> atomic_write_text(target, "version: 1\\n")
    >>> atomic_write_text(target, "version: 2\\n")
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: ...game.yaml:0:0: the file already exists — ...
    >>> atomic_write_text(target, "version: 1\\ntitle: new\\n", overwrite=True)
    >>> target.read_text()
    'version: 1\\ntitle: new\\n'
    """
    target = Path(path)
    name = os.fspath(path)
    if target.is_dir():
        raise PayoffFileError(name, 0, 0, "this is a folder, not a file", "name a file to write")
    if not overwrite and target.exists():
        raise _exists(name)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PayoffFileError(
            name, 0, 0, f"the folder {os.fspath(folder)!r} does not exist", "create it first"
        )
    data = text.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise PayoffFileError(name, 0, 0, f"cannot write here: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            # keep the permissions of the file being replaced
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_no_clobber(tmp, target, name)
    except PayoffFileError:
        _remove(tmp)
        raise
    except OSError as exc:
        _remove(tmp)
        raise PayoffFileError(name, 0, 0, f"cannot write the file: {exc.strerror or exc}") from None
    except BaseException:
        _remove(tmp)
        raise
    else:
        _remove(tmp)


def _link_no_clobber(tmp: str, target: Path, name: str) -> None:
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise _exists(name) from None
    except OSError:
        # file systems without hard links: fall back to check-then-rename
        if target.exists():
            raise _exists(name) from None
        os.replace(tmp, target)


def _exists(name: str) -> PayoffFileError:
    return PayoffFileError(
        name,
        0,
        0,
        "the file already exists",
        "choose another name, or allow overwriting (--force on the command line)",
    )


def _remove(tmp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)

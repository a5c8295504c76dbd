"""Atomic file writing that keeps data: a reader sees the old file or the new one.

What :func:`atomic_write_text` guarantees:

* **atomic** — the text goes to a temporary file in the target's folder, is flushed to
  disk, read back and checked (``validate``), and only then takes the target's name in
  one step (:func:`os.replace`, or :func:`os.link`, which fails if the name is taken,
  when overwriting is not allowed);
* **never clobbering** — an existing file is replaced only with ``overwrite=True``;
* **through symlinks** — replacing ``link -> real.yaml`` writes ``real.yaml`` and keeps
  the link;
* **keeps mode and owner** of the file it replaces (the owner where permitted);
* **refuses** non-regular targets (FIFOs, devices, ``/dev/null``) always, and read-only
  files or files with several hard links (whose other names would keep the old text)
  unless ``force=True``;
* **detects concurrent edits** — with ``expected=`` (the text the caller read), the
  write holds an exclusive lock on the target while it checks that the file still holds
  that text, so of two concurrent read-modify-write edits the second fails with one line
  instead of silently losing the first;
* **leaves no temporary file** — on an error or a signal that can be caught (SIGINT,
  SIGTERM, SIGHUP) the temporary file is removed. Where the system allows it (Linux
  ``O_TMPFILE`` with a linkable ``/proc``) the file has no name until it is complete, so
  even ``kill -9`` mid-write leaves nothing. Elsewhere (``O_TMPFILE`` refused, or
  ``EXDEV`` when linking it) a ``kill -9`` can leave one named temporary file, harmless
  and self-healing: it is named ``.NAME.negotiation-PID-XXXX.tmp``, next to ``NAME``
  (never a name a reader loads); the next write to ``NAME`` removes it (all of them
  while it holds the target's lock, otherwise those whose writer no longer runs or that
  are older than :data:`STALE_SECONDS`); and ``validate`` and ``show`` list any found as
  a warning (:func:`leftover_temporaries`).
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from negotiation.errors import PayoffFileError

__all__ = [
    "STALE_SECONDS",
    "TEMP_MARK",
    "atomic_write_text",
    "leftover_temporaries",
    "leftover_warnings",
    "resolve_target",
    "same_file",
]

#: the part of a temporary file's name that says whose it is: ``.NAME.negotiation-…``
TEMP_MARK = "negotiation"
#: a temporary file older than this, of a write that took no lock, is an orphan
STALE_SECONDS = 600


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` should change: symlinks followed to the real file.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "real.yaml").write_text("x")
    1
    >>> (folder / "link.yaml").symlink_to("real.yaml")
    >>> resolve_target(folder / "link.yaml").name
    'real.yaml'
    """
    target = Path(path)
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one existing file (through links too)."""
    try:
        return Path(a).exists() and Path(b).exists() and os.path.samefile(a, b)
    except OSError:
        return False


def atomic_write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    overwrite: bool = False,
    force: bool = False,
    expected: str | None = None,
    validate: Callable[[str], None] | None = None,
) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, keeping what should be kept.

    Parameters
    ----------
    path
        The file to create or replace (a symlink is followed to its target).
    text
        The whole new content.
    overwrite
        Replace an existing file. Without it an existing file raises
        :class:`~negotiation.errors.PayoffFileError` and is left as it was.
    force
        Also replace a read-only file or one with other hard links (``--force``).
    expected
        The text the caller read from ``path``; if the file no longer holds it, the write
        is refused (someone else changed it meanwhile).
    validate
        Called with the text read back from the temporary file; raising refuses the write.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "game.yaml"
    >>> atomic_write_text(target, "version: 1\\n")
    >>> atomic_write_text(target, "version: 2\\n")
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: ...game.yaml: the file already exists — ...
    >>> atomic_write_text(target, "version: 1\\ntitle: new\\n", overwrite=True)
    >>> target.read_text()
    'version: 1\\ntitle: new\\n'
    >>> atomic_write_text(target, "x\\n", overwrite=True, expected="version: 1\\n")
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: ...game.yaml: the file changed since it was read ...
    """
    name = os.fspath(path)
    target = resolve_target(path)
    info = _existing(target, name)
    if info is not None:
        if not overwrite:
            raise _exists(name)
        _check_replaceable(info, target, name, force=force)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PayoffFileError(
            name, 0, 0, f"the folder {os.fspath(folder)!r} does not exist", "create it first"
        )
    data = text.encode("utf-8")
    with _lock(target if info is not None else None), _cleanup_on_signals() as temps:
        # under the target's lock no other write to it is under way: every leftover is
        # an orphan of an interrupted one (kill -9)
        _sweep_stale(folder, target.name, locked=info is not None)
        if expected is not None and info is not None:
            _check_unchanged(target, name, expected)
        _write(target, folder, name, data, info, overwrite, validate, temps)


def leftover_temporaries(path: str | os.PathLike[str]) -> list[Path]:
    """Temporary files that interrupted writes (``kill -9``) left next to ``path``.

    Those of a write still running (its process alive, the file recent) are not listed.
    The next write to ``path`` removes them.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / ".game.yaml.negotiation-999999999-ab12.tmp").write_text("half")
    >>> [p.name for p in leftover_temporaries(folder / "game.yaml")]
    ['.game.yaml.negotiation-999999999-ab12.tmp']
    >>> atomic_write_text(folder / "game.yaml", "version: 1\\n")
    >>> leftover_temporaries(folder / "game.yaml")
    []
    """
    target = resolve_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    return [p for p in _temporaries(folder, target.name) if _is_orphan(p)]


def leftover_warnings(path: str | os.PathLike[str]) -> list[str]:
    """One warning line per leftover temporary file next to ``path`` (for show/validate)."""
    return [
        f"{os.fspath(p)} is left from an interrupted write of {os.fspath(path)}; the next "
        "write to that file removes it (or delete it)"
        for p in leftover_temporaries(path)
    ]


def _temporaries(folder: Path, stem: str) -> list[Path]:
    """This package's temporary files for ``stem`` (and the older ``.NAME.PID.*.tmp``)."""
    found: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in folder.glob(f".{glob.escape(stem)}.*.tmp"):
            rest = entry.name[len(stem) + 2 :]
            if rest.startswith(f"{TEMP_MARK}-") or rest.split(".")[0].isdigit():
                found.append(entry)
    return sorted(found)


def _writer_pid(entry: Path, stem: str) -> int | None:
    rest = entry.name[len(stem) + 2 :]
    if rest.startswith(f"{TEMP_MARK}-"):
        rest = rest[len(TEMP_MARK) + 1 :].replace("-", ".", 1)
    head = rest.split(".")[0]
    return int(head) if head.isdigit() else None


def _is_orphan(entry: Path) -> bool:
    stem = entry.name[1:].split(f".{TEMP_MARK}-")[0]
    if stem == entry.name[1:]:  # the older form .NAME.PID.XXXX.tmp
        stem = entry.name[1:].rsplit(".", 3)[0]
    pid = _writer_pid(entry, stem)
    try:
        age = time.time() - entry.stat().st_mtime
    except OSError:
        return False
    return pid is None or not _alive(pid) or age > STALE_SECONDS


def _existing(target: Path, name: str) -> os.stat_result | None:
    try:
        return target.stat()
    except FileNotFoundError:
        if target.is_symlink():
            raise PayoffFileError(
                name, 0, 0, "this is a broken symbolic link", "point it at a file or remove it"
            ) from None
        return None
    except OSError as exc:
        raise PayoffFileError(name, 0, 0, f"cannot write here: {exc.strerror}") from None


def _check_replaceable(info: os.stat_result, target: Path, name: str, *, force: bool) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise PayoffFileError(name, 0, 0, "this is a folder, not a file", "name a file to write")
    if not stat.S_ISREG(info.st_mode):
        raise PayoffFileError(
            name,
            0,
            0,
            "this is not a regular file (a pipe, a socket or a device); it is never replaced",
            "name an ordinary file to write",
        )
    if force:
        return
    if not os.access(target, os.W_OK) or not info.st_mode & 0o222:
        raise PayoffFileError(
            name, 0, 0, "the file is read-only", "make it writable, or replace it with --force"
        )
    if info.st_nlink > 1:
        raise PayoffFileError(
            name,
            0,
            0,
            f"the file has {info.st_nlink} hard links; replacing it would leave the other "
            "names with the old content",
            "use --force to replace this name only",
        )


def _check_unchanged(target: Path, name: str, expected: str) -> None:
    try:
        current = target.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise PayoffFileError(name, 0, 0, f"cannot read the file: {exc.strerror}") from None
    if current != expected.removeprefix("\ufeff"):
        raise PayoffFileError(
            name,
            0,
            0,
            "the file changed since it was read (another edit?); nothing was written",
            "run the command again on the new version",
        )


def _write(
    target: Path,
    folder: Path,
    name: str,
    data: bytes,
    info: os.stat_result | None,
    overwrite: bool,
    validate: Callable[[str], None] | None,
    temps: list[str],
) -> None:
    tmp = ""
    try:
        fd, tmp = _open_temporary(folder, target.name, temps)
        with os.fdopen(fd, "w+b") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if validate is not None:
                handle.seek(0)
                validate(handle.read().decode("utf-8"))
            _keep_mode_and_owner(handle.fileno(), info)
            if not tmp:  # an unnamed O_TMPFILE: give it a name only now it is complete
                tmp = _link_unnamed(handle.fileno(), folder, target.name, temps)
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_no_clobber(tmp, target, name)
    except PayoffFileError:
        raise
    except OSError as exc:
        raise PayoffFileError(name, 0, 0, f"cannot write the file: {exc.strerror or exc}") from None
    finally:
        for t in temps:
            _remove(t)
        temps.clear()


def _open_temporary(folder: Path, stem: str, temps: list[str]) -> tuple[int, str]:
    """An unnamed temporary file where the system allows it, else a named one."""
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and _can_link_unnamed(folder):
        with contextlib.suppress(OSError):
            return os.open(folder, flag | os.O_RDWR, 0o600), ""
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=_temp_prefix(stem), suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write here: {exc.strerror}") from None
    temps.append(tmp)
    return fd, tmp


def _temp_prefix(stem: str) -> str:
    return f".{stem}.{TEMP_MARK}-{os.getpid()}-"


def _sweep_stale(folder: Path, stem: str, *, locked: bool) -> None:
    """Remove temporary files that interrupted writes to ``stem`` left (``kill -9``).

    ``locked``: the caller holds the target's lock, so none belongs to a running write.
    """
    for entry in _temporaries(folder, stem):
        if locked or _is_orphan(entry):
            _remove(os.fspath(entry))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's live process
    return True


_UNNAMED_OK: dict[int, bool] = {}


def _can_link_unnamed(folder: Path) -> bool:
    """Whether an ``O_TMPFILE`` file in ``folder`` can be given a name (tried once per device)."""
    try:
        device = folder.stat().st_dev
    except OSError:
        return False
    if device not in _UNNAMED_OK:
        probe: list[str] = []
        try:
            fd = os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o600)
            try:
                _link_unnamed(fd, folder, "probe", probe)
                _UNNAMED_OK[device] = True
            finally:
                os.close(fd)
        except OSError:
            _UNNAMED_OK[device] = False
        for t in probe:
            _remove(t)
    return _UNNAMED_OK[device]


def _link_unnamed(fd: int, folder: Path, stem: str, temps: list[str]) -> str:
    for k in range(100):
        tmp = os.fspath(folder / f"{_temp_prefix(stem)}{k}.tmp")
        try:
            os.link(f"/proc/self/fd/{fd}", tmp, follow_symlinks=True)
        except FileExistsError:
            continue
        temps.append(tmp)
        return tmp
    raise OSError("no free temporary name")  # pragma: no cover


def _keep_mode_and_owner(fd: int, info: os.stat_result | None) -> None:
    if info is not None:
        with contextlib.suppress(OSError):
            os.fchmod(fd, info.st_mode & 0o7777)
        with contextlib.suppress(OSError):
            os.fchown(fd, info.st_uid, info.st_gid)
    else:
        umask = os.umask(0)
        os.umask(umask)
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o666 & ~umask)


@contextlib.contextmanager
def _lock(target: Path | None) -> Iterator[None]:
    """An exclusive advisory lock on the file being replaced (POSIX), for the check-and-swap."""
    if target is None:
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        fd = os.open(target, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[list[str]]:
    """Temporary files to remove if SIGINT, SIGTERM or SIGHUP arrive during the write."""
    temps: list[str] = []
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        for t in temps:
            _remove(t)
        raise KeyboardInterrupt if signum == signal.SIGINT else SystemExit(128 + signum)

    for sig in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is None:
            continue
        try:
            previous[sig] = signal.signal(sig, handler)
        except ValueError:  # not the main thread: signals cannot be caught here
            break
    try:
        yield temps
    finally:
        for sig, old in previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, old)


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

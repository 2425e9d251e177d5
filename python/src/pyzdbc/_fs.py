"""File operations of the commit protocol, the writer lock and the change counter
(docs/FORMAT.md, sections 1.7 and 1.8; docs/PROTOCOL.md, section 1)."""

import errno
import fcntl
import mmap
import os
import threading
import time

from ._errors import DatabaseLockedError
from ._layout import tmp


def read_all(path):
    with open(path, "rb") as f:
        return f.read()


def fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_fully(fd, data, offset):
    view = memoryview(data).cast("B")
    while view:
        n = os.pwrite(fd, view, offset)
        view = view[n:]
        offset += n


def write_atomically(path, data, durable):
    """Delete a stale <path>.zdbc-tmp, write it, fsync it (durable), rename it over path, fsync the directory."""
    t = tmp(path)
    unlink_if_exists(t)
    fd = os.open(t, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644)
    try:
        write_fully(fd, data, 0)
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(t, path)
    if durable:
        fsync_dir(os.path.dirname(path))


def unlink_if_exists(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def make_dirs(path, durable):
    """Creates missing directories; in durable mode each new entry is fsynced in its parent."""
    missing = []
    p = path
    while p and not os.path.isdir(p):
        missing.append(p)
        parent = os.path.dirname(p)
        if parent == p:
            break
        p = parent
    os.makedirs(path, exist_ok=True)
    if durable:
        for p in reversed(missing):
            fsync_dir(os.path.dirname(p))


def size_or_none(path):
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return None


_PROCESS_LOCKS = {}
_PROCESS_LOCKS_GUARD = threading.Lock()


class WriterLock:
    """One writer per database: a process-wide lock per lock file (POSIX record locks belong to the
    whole process, so threads and several DB objects must queue here first), then fcntl.lockf on
    .zdbc/lock, the POSIX record lock that Java's FileChannel.lock takes too (flock is another lock,
    which Java does not see)."""

    def __init__(self, lock_file, timeout):
        self.lock_file = lock_file
        self.timeout = timeout
        key = os.path.abspath(lock_file)
        with _PROCESS_LOCKS_GUARD:
            self._plock = _PROCESS_LOCKS.setdefault(key, threading.Lock())
        self._fd = None

    def __enter__(self):
        start = time.monotonic()
        if not self._plock.acquire(timeout=self.timeout):
            raise DatabaseLockedError(self.lock_file, int(self.timeout * 1000))
        try:
            fd = os.open(self.lock_file, os.O_CREAT | os.O_WRONLY, 0o644)
        except BaseException:
            self._plock.release()
            raise
        sleep = 0.001
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in (errno.EACCES, errno.EAGAIN):
                    os.close(fd)
                    self._plock.release()
                    raise
            waited = time.monotonic() - start
            if waited > self.timeout:
                os.close(fd)
                self._plock.release()
                raise DatabaseLockedError(self.lock_file, int(waited * 1000))
            time.sleep(sleep)
            sleep = min(sleep * 2, 0.05)
        self._fd = fd
        return self

    def __exit__(self, *exc):
        fd, self._fd = self._fd, None
        try:
            fcntl.lockf(fd, fcntl.LOCK_UN)
            os.close(fd)
        finally:
            self._plock.release()


_COUNTER_MAPS = {}
_COUNTER_GUARD = threading.Lock()


class ChangeCounter:
    """.zdbc/changes: a u64 in a shared mapping that writers make odd before a write and even after
    it. One mapping per file per process, never unmapped (a reader may be reading it)."""

    def __init__(self, path):
        self.path = path
        self._view = None
        self._uncached = -1

    def create(self):
        """Creates the file, or completes one shorter than 8 bytes. Writers only, under the lock."""
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            if os.fstat(fd).st_size < 8:
                os.pwrite(fd, bytes(8), 0)
        finally:
            os.close(fd)
        self._mapped()

    def _mapped(self):
        v = self._view
        if v is None:
            try:
                st = os.stat(self.path)
            except OSError:
                return None
            if st.st_size < 8:
                return None
            key = (st.st_dev, st.st_ino)
            with _COUNTER_GUARD:
                old = _COUNTER_MAPS.get(self.path)
                if old is not None and old[0] == key:
                    v = old[1]
                else:
                    try:
                        fd = os.open(self.path, os.O_RDWR)
                    except OSError:
                        return None  # a read-only file system: no caching
                    try:
                        m = mmap.mmap(fd, 8, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
                    finally:
                        os.close(fd)
                    # Native byte order: the format's little-endian u64 on the platforms zdbc supports.
                    v = memoryview(m).cast("Q")
                    _COUNTER_MAPS[self.path] = (key, v)
            self._view = v
        return v

    def view(self):
        """The counter's shared mapping as a one-element u64 memoryview, or None without a file.
        The mapping is never unmapped, so a caller may keep the view and read ``view[0]``."""
        return self._view or self._mapped()

    def read(self):
        """The count if even; otherwise (a write under way, or no file) a new odd number each call,
        which never equals a count read from the file."""
        v = self._view
        if v is None:
            v = self._mapped()
            if v is None:
                self._uncached -= 2
                return self._uncached
        c = v[0]
        if c & 1:
            self._uncached -= 2
            return self._uncached
        return c

    def _advance_to(self, parity):
        v = self._mapped()
        if v is not None:
            c = v[0]
            v[0] = (c + (2 if (c & 1) == parity else 1)) & 0xFFFFFFFFFFFFFFFF

    def begin_write(self):
        self._advance_to(1)

    def end_write(self):
        self._advance_to(0)

    def close(self):
        self._view = None

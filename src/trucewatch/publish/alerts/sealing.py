"""Webhook secrets encrypted at rest, with a key kept outside the store.

A webhook secret must be kept as is to sign deliveries (it cannot be hashed like an API key),
so the store holds it encrypted with Fernet (AES-128-CBC and HMAC-SHA256, from the
``cryptography`` package), as ``fernet:<token>``. The key is, in this order:

1. ``TRUCEWATCH_ALERTS_KEY``: the key itself (``Fernet.generate_key()``, 44 characters), for
   servers whose secrets come from the environment;
2. the file named by ``TRUCEWATCH_ALERTS_KEY_FILE``;
3. else the file beside the store: ``<store>.key`` (``monitor.duckdb.key``).

The key file is created when the first webhook secret is stored (mode 0600, and the caller is
told where), and it is refused when others may read it (any of the mode bits 0077). A copy
of the store without its key holds no usable secret; a lost key makes every webhook
subscription fail ("the key ... is missing") until the subscriptions are added again.
Secrets stored in clear by an older trucewatch are still used, and :func:`seal_stored`
encrypts them (``trucewatch alerts run`` does so at its start).
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from trucewatch.errors import StoreError
from trucewatch.store import Store
from trucewatch.store.subscriptions import replace_secrets, webhook_secrets

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

__all__ = [
    "KEY_ENV",
    "KEY_FILE_ENV",
    "PREFIX",
    "SecretBox",
    "is_sealed",
    "key_path",
    "log_new_key",
    "seal_stored",
]

log = logging.getLogger("trucewatch.alerts")

#: The environment variable holding the key itself.
KEY_ENV = "TRUCEWATCH_ALERTS_KEY"
#: The environment variable naming the key file.
KEY_FILE_ENV = "TRUCEWATCH_ALERTS_KEY_FILE"
#: How a stored secret that is encrypted begins.
PREFIX = "fernet:"


def log_new_key(path: Path) -> None:
    """Say (a log warning of ``trucewatch.alerts``) that the key file was just created."""
    log.warning("created %s (mode 0600), the key of the webhook secrets: keep it safe", path)


def key_path(store_path: Path) -> Path:
    """The key file of the store at ``store_path``: ``$TRUCEWATCH_ALERTS_KEY_FILE``, else
    ``<store>.key`` beside it."""
    named = os.environ.get(KEY_FILE_ENV)
    return Path(named).expanduser() if named else store_path.with_name(store_path.name + ".key")


def is_sealed(stored: str) -> bool:
    """Whether a stored secret is encrypted (else it was stored in clear by an older one)."""
    return stored.startswith(PREFIX)


def _fernet(key: bytes, where: str) -> Fernet:
    from cryptography.fernet import Fernet

    try:
        return Fernet(key.strip())
    except ValueError:
        raise StoreError(
            f"the key of the webhook secrets ({where}) is not a Fernet key (44 characters of "
            "URL-safe base64): restore the right key"
        ) from None


def _read(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & 0o077:
        raise StoreError(
            f"the key of the webhook secrets {path} may be read by others "
            f"(mode {stat.filemode(mode)}): chmod 600 {path}"
        )
    return path.read_bytes()


class SecretBox:
    """Encrypts and decrypts the webhook secrets of one store (see the module)."""

    def __init__(self, fernet: Fernet, where: str):
        self._fernet = fernet
        self.where = where

    @classmethod
    def of(
        cls,
        store_path: Path,
        *,
        create: bool = False,
        on_new_key: Callable[[Path], None] | None = None,
    ) -> SecretBox:
        """The key of the store at ``store_path`` (see the module for where it is looked
        for). With ``create``, a missing key file is made (0600) and ``on_new_key`` is told
        its path; without, a missing key is a StoreError naming where it was looked for."""
        env = os.environ.get(KEY_ENV)
        if env:
            return cls(_fernet(env.encode(), f"${KEY_ENV}"), f"${KEY_ENV}")
        path = key_path(store_path)
        if path.exists():
            return cls(_fernet(_read(path), str(path)), str(path))
        if not create:
            raise StoreError(
                f"the key of the webhook secrets {path} is missing: restore it beside the "
                f"store (or set {KEY_ENV} or {KEY_FILE_ENV}); without it, remove the webhook "
                "subscriptions and add them again"
            )
        from cryptography.fernet import Fernet

        key = Fernet.generate_key()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it just now: use that one
            return cls(_fernet(_read(path), str(path)), str(path))
        except OSError as exc:
            raise StoreError(
                f"cannot create the key of the webhook secrets {path}: {exc.strerror}; set "
                f"{KEY_FILE_ENV} to a writable place, or {KEY_ENV}"
            ) from None
        with os.fdopen(fd, "wb") as file:
            file.write(key + b"\n")
        if on_new_key is not None:
            on_new_key(path)
        return cls(_fernet(key, str(path)), str(path))

    def seal(self, secret: str) -> str:
        """``secret`` as stored: ``fernet:<token>``."""
        return PREFIX + self._fernet.encrypt(secret.encode()).decode()

    def open(self, stored: str) -> str:
        """The secret of a stored value (one stored in clear by an older trucewatch as is);
        a StoreError if this key did not seal it."""
        if not is_sealed(stored):
            return stored
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(stored[len(PREFIX) :].encode()).decode()
        except InvalidToken:
            raise StoreError(
                f"a webhook secret in the store was not sealed with the key {self.where}: "
                "restore the key it was sealed with, or remove the subscription and add it again"
            ) from None


def seal_stored(store: Store, on_new_key: Callable[[Path], None] | None = None) -> int:
    """Encrypt the webhook secrets an older trucewatch stored in clear (making the key if
    there is none); return how many. ``store`` is open for writing."""
    clear = {sid: v for sid, v in webhook_secrets(store).items() if not is_sealed(v)}
    if not clear:
        return 0
    box = SecretBox.of(store.path, create=True, on_new_key=on_new_key)
    replace_secrets(store, {sid: box.seal(value) for sid, value in clear.items()})
    return len(clear)

"""Credentials of the live feeds: from the environment or a TOML file only its owner can read,
never in a repr, a log line, a message or the store.

Each value is a :class:`Secret` (its repr and str are ``***``; :meth:`Secret.reveal` gives
the text to the one place that sends it). Where a value comes from, first found wins:

==============================  ==========================  ================================
environment variable            config file (TOML)          what
==============================  ==========================  ================================
``TRUCEWATCH_UCDP_TOKEN``       ``[ucdp] token``            UCDP API access token
``TRUCEWATCH_ACLED_USERNAME``   ``[acled] username``        ACLED account (e-mail)
``TRUCEWATCH_ACLED_PASSWORD``   ``[acled] password``        ACLED password
``TRUCEWATCH_ACLED_CLIENT_ID``  ``[acled] client_id``       OAuth client id (``acled``)
==============================  ==========================  ================================

The config file is refused unless only its owner may read it (mode 0600 or stricter: the
message says ``chmod 600 <path>``). ACLED's access and refresh tokens are cached in
``acled-token.json`` (mode 0600) in a folder the caller names (``cache_dir``; by default the
config file's folder; with neither, the tokens live as long as the feed object).
:func:`from_environment` is what a feed uses when it is given no :class:`Credentials`: the
config file named by ``TRUCEWATCH_FEEDS_CONFIG`` and the cache folder named by
``TRUCEWATCH_FEEDS_CACHE``, if set (the library reads no folder nobody named).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trucewatch.errors import FeedError

__all__ = [
    "CACHE_ENV",
    "CONFIG_ENV",
    "CREDENTIALS",
    "Credentials",
    "Secret",
    "TokenCache",
    "from_environment",
]

CONFIG_ENV = "TRUCEWATCH_FEEDS_CONFIG"
CACHE_ENV = "TRUCEWATCH_FEEDS_CACHE"
TOKEN_FILE = "acled-token.json"

#: credential name -> (environment variable, config section, config key)
CREDENTIALS: dict[str, tuple[str, str, str]] = {
    "ucdp_token": ("TRUCEWATCH_UCDP_TOKEN", "ucdp", "token"),
    "acled_username": ("TRUCEWATCH_ACLED_USERNAME", "acled", "username"),
    "acled_password": ("TRUCEWATCH_ACLED_PASSWORD", "acled", "password"),
    "acled_client_id": ("TRUCEWATCH_ACLED_CLIENT_ID", "acled", "client_id"),
}
DEFAULTS = {"acled_client_id": "acled"}


class Secret:
    """A secret string: shown as ``***`` everywhere; :meth:`reveal` gives the text."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("a Secret holds a string")
        self._value = value

    def reveal(self) -> str:
        """The secret text, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(hashlib.sha256(self._value.encode()).digest())

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> Any:
        raise TypeError("a Secret is not pickled (it would be written in clear)")

    def fingerprint(self) -> str:
        """A short SHA-256 of the text (to tell two secrets apart without showing them)."""
        return hashlib.sha256(self._value.encode()).hexdigest()[:16]


def owner_only(path: Path) -> bool:
    """Whether only the owner may read or write ``path`` (mode 0600 or stricter)."""
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


@dataclass(frozen=True)
class Credentials:
    """The feeds' credentials (:class:`Secret` values, by name: see :data:`CREDENTIALS`),
    where each came from, and the folder ACLED's tokens are cached in (None: not cached)."""

    values: Mapping[str, Secret] = field(default_factory=dict)
    origins: Mapping[str, str] = field(default_factory=dict)
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        for name in self.values:
            if name not in CREDENTIALS:
                raise ValueError(f"unknown credential {name!r}: one of {', '.join(CREDENTIALS)}")

    @classmethod
    def load(
        cls,
        env: Mapping[str, str] | None = None,
        config: Path | None = None,
        *,
        cache_dir: Path | None = None,
        feed: str = "credentials",
    ) -> Credentials:
        """The credentials in ``env`` (default: ``os.environ``), else in ``config`` (TOML,
        refused unless mode 0600 or stricter), defaults last. A problem with the config file
        is a :class:`~trucewatch.errors.FeedError` of ``feed`` (state "token missing")."""
        env = os.environ if env is None else env
        from_file = _read_config(Path(config), feed) if config is not None else {}
        values: dict[str, Secret] = {}
        origins: dict[str, str] = {}
        for name, (variable, section, key) in CREDENTIALS.items():
            if env.get(variable):
                values[name], origins[name] = Secret(env[variable]), variable
            elif (section, key) in from_file:
                values[name] = Secret(from_file[(section, key)])
                origins[name] = f"{config} [{section}] {key}"
            elif name in DEFAULTS:
                values[name], origins[name] = Secret(DEFAULTS[name]), "default"
        if cache_dir is None and config is not None:
            cache_dir = Path(config).parent
        return cls(values, origins, Path(cache_dir) if cache_dir is not None else None)

    def get(self, name: str) -> Secret | None:
        """The credential ``name`` (see :data:`CREDENTIALS`), or None if it is not set."""
        if name not in CREDENTIALS:
            raise KeyError(f"unknown credential {name!r}: one of {', '.join(CREDENTIALS)}")
        return self.values.get(name)

    def require(self, name: str, *, feed: str, label: str) -> Secret:
        """The credential ``name``, or a FeedError ("token missing") saying how to set it."""
        value = self.get(name)
        if value:
            return value
        variable, section, key = CREDENTIALS[name]
        raise FeedError(
            f'{label}: no {key} is set: set {variable}, or {key} = "..." under [{section}] '
            f"in the config file named by {CONFIG_ENV} (mode 0600)",
            feed=feed,
            state="token missing",
        )

    def token_cache(self) -> TokenCache | None:
        """ACLED's token cache in :attr:`cache_dir` (None when no folder was named)."""
        return TokenCache(self.cache_dir / TOKEN_FILE) if self.cache_dir is not None else None

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}=*** ({self.origins.get(name, '?')})" for name in self.values)
        return f"Credentials({shown}; cache_dir={self.cache_dir})"


def from_environment(
    env: Mapping[str, str] | None = None, *, feed: str = "credentials"
) -> Credentials:
    """The credentials a feed uses when given none: ``env`` (default ``os.environ``), the
    config file named by ``TRUCEWATCH_FEEDS_CONFIG`` and the cache folder named by
    ``TRUCEWATCH_FEEDS_CACHE`` (else the config file's folder), when set."""
    env = os.environ if env is None else env
    config = Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None
    cache = Path(env[CACHE_ENV]) if env.get(CACHE_ENV) else None
    return Credentials.load(env, config, cache_dir=cache, feed=feed)


def _read_config(path: Path, feed: str) -> dict[tuple[str, str], str]:
    def refuse(reason: str) -> FeedError:
        return FeedError(f"config file {path}: {reason}", feed=feed, state="token missing")

    try:
        if not owner_only(path):
            mode = stat.S_IMODE(path.stat().st_mode)
            raise refuse(
                f"others may read it (mode {mode:04o}), so its secrets are not used: "
                f"run `chmod 600 {path}`"
            )
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise refuse(f"no such file: create it, or unset {CONFIG_ENV}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise refuse(f"cannot be read ({type(exc).__name__}): check the path") from None
    except tomllib.TOMLDecodeError as exc:
        # the parser's message names the line and column, never the value
        raise refuse(f"is not valid TOML ({exc}): fix it") from None
    known: dict[str, set[str]] = {}
    for _variable, section, key in CREDENTIALS.values():
        known.setdefault(section, set()).add(key)
    values: dict[tuple[str, str], str] = {}
    for section, table in data.items():
        if section not in known or not isinstance(table, dict):
            raise refuse(
                f"unknown section [{section}]: the sections are {', '.join(sorted(known))}"
            )
        for key, value in table.items():
            if key not in known[section]:
                keys = ", ".join(sorted(known[section]))
                raise refuse(f"unknown key {key!r} in [{section}]: its keys are {keys}")
            if not isinstance(value, str):
                raise refuse(f"[{section}] {key} is not a string: quote it")
            values[(section, key)] = value
    return values


@dataclass(frozen=True)
class TokenCache:
    """ACLED's OAuth tokens in a JSON file only its owner may read (0600), keyed by the
    account (a hash of the user name) so that another account's tokens are never sent."""

    path: Path

    def load(self, account: Secret) -> dict[str, Any] | None:
        """The cached tokens of ``account`` (``access_token``, ``refresh_token`` as
        :class:`Secret`, ``expires_at`` in Unix seconds), or None: no file, another
        account's, unreadable, or readable by others (then it is not trusted)."""
        try:
            if not owner_only(self.path):
                return None
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return None
        if not isinstance(data, dict) or data.get("account") != account.fingerprint():
            return None
        access, refresh = data.get("access_token"), data.get("refresh_token")
        if not isinstance(access, str) or not isinstance(data.get("expires_at"), (int, float)):
            return None
        return {
            "access_token": Secret(access),
            "refresh_token": Secret(refresh) if isinstance(refresh, str) else None,
            "expires_at": float(data["expires_at"]),
        }

    def save(
        self, account: Secret, access: Secret, refresh: Secret | None, expires_at: float
    ) -> None:
        """Write the tokens (mode 0600 from the start, replaced atomically)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(
            {
                "account": account.fingerprint(),
                "access_token": access.reveal(),
                "refresh_token": refresh.reveal() if refresh is not None else None,
                "expires_at": expires_at,
            }
        )
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def clear(self) -> None:
        """Forget the cached tokens."""
        self.path.unlink(missing_ok=True)

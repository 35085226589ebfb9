"""feeds/credentials.py: environment first, a TOML file only its owner may read, ACLED's token
cache in 0600, and no secret in a repr or a message."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from trucewatch.errors import FeedError
from trucewatch.feeds.credentials import (
    CACHE_ENV,
    CONFIG_ENV,
    Credentials,
    Secret,
    TokenCache,
    from_environment,
)

PASSWORD = "pw-SECRET-71c3"
TOKEN = "ucdp-SECRET-0e8d"


def config(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_secret_repr_str_and_format_hide_the_value(caplog):
    secret = Secret(PASSWORD)
    assert repr(secret) == "Secret('***')"
    assert str(secret) == f"{secret}" == "***"
    logging.getLogger("test").warning("password %s %r", secret, secret)
    assert PASSWORD not in caplog.text
    assert secret.reveal() == PASSWORD
    assert secret == Secret(PASSWORD) and secret != Secret("other")


def test_secret_is_not_pickled():
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(Secret(PASSWORD))


def test_credentials_from_the_environment_win_over_the_config_file(tmp_path):
    path = config(tmp_path, f'[ucdp]\ntoken = "from-file"\n[acled]\npassword = "{PASSWORD}"\n')
    env = {"TRUCEWATCH_UCDP_TOKEN": TOKEN}
    creds = Credentials.load(env, path)
    assert creds.get("ucdp_token") == Secret(TOKEN)
    assert creds.get("acled_password") == Secret(PASSWORD)
    assert creds.get("acled_client_id") == Secret("acled")  # the default
    assert creds.get("acled_username") is None
    assert creds.origins["ucdp_token"] == "TRUCEWATCH_UCDP_TOKEN"
    assert creds.origins["acled_password"] == f"{path} [acled] password"
    assert PASSWORD not in repr(creds) and TOKEN not in repr(creds)
    assert creds.cache_dir == tmp_path  # the tokens are cached beside the config file


def test_credentials_config_readable_by_others_is_refused_with_chmod_600(tmp_path):
    path = config(tmp_path, f'[acled]\npassword = "{PASSWORD}"\n', mode=0o644)
    with pytest.raises(FeedError) as caught:
        Credentials.load({}, path, feed="acled")
    message = str(caught.value)
    assert f"chmod 600 {path}" in message and "0644" in message
    assert caught.value.state == "token missing" and caught.value.feed == "acled"
    assert PASSWORD not in message


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_credentials_config_owner_only_is_read(tmp_path, mode):
    path = config(tmp_path, f'[ucdp]\ntoken = "{TOKEN}"\n', mode=mode)
    assert Credentials.load({}, path).get("ucdp_token") == Secret(TOKEN)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[acled]\npasword = "x"\n', "unknown key 'pasword' in [acled]"),
        ('[acld]\npassword = "x"\n', "unknown section [acld]"),
        ("[ucdp]\ntoken = 42\n", "[ucdp] token is not a string"),
        (f'[ucdp]\ntoken = "{TOKEN}\n', "is not valid TOML"),
    ],
)
def test_credentials_config_mistakes_are_named_without_the_value(tmp_path, text, said):
    path = config(tmp_path, text)
    with pytest.raises(FeedError) as caught:
        Credentials.load({}, path)
    assert said in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_credentials_missing_config_file_says_so(tmp_path):
    with pytest.raises(FeedError, match="no such file"):
        Credentials.load({}, tmp_path / "absent.toml")


def test_credentials_require_says_how_to_set_a_missing_one():
    with pytest.raises(FeedError) as caught:
        Credentials.load({}).require("ucdp_token", feed="ucdp", label="UCDP")
    assert caught.value.state == "token missing"
    assert "TRUCEWATCH_UCDP_TOKEN" in str(caught.value) and "[ucdp]" in str(caught.value)


def test_credentials_from_environment_reads_the_named_config_and_cache(tmp_path):
    path = config(tmp_path, f'[ucdp]\ntoken = "{TOKEN}"\n')
    cache = tmp_path / "cache"
    creds = from_environment({CONFIG_ENV: str(path), CACHE_ENV: str(cache)})
    assert creds.get("ucdp_token") == Secret(TOKEN)
    assert creds.cache_dir == cache
    assert from_environment({}).cache_dir is None  # no folder named, none used


def test_token_cache_is_written_0600_and_only_for_its_account(tmp_path):
    cache = TokenCache(tmp_path / "sub" / "acled-token.json")
    me, other = Secret("me@example.org"), Secret("other@example.org")
    cache.save(me, Secret("access-SECRET"), Secret("refresh-SECRET"), 1_900_000_000.0)
    assert stat.S_IMODE(cache.path.stat().st_mode) == 0o600
    assert "me@example.org" not in cache.path.read_text()  # the account is a hash
    tokens = cache.load(me)
    assert tokens is not None
    assert tokens["access_token"] == Secret("access-SECRET")
    assert tokens["refresh_token"] == Secret("refresh-SECRET")
    assert tokens["expires_at"] == 1_900_000_000.0
    assert cache.load(other) is None


def test_token_cache_readable_by_others_is_not_trusted(tmp_path):
    cache = TokenCache(tmp_path / "acled-token.json")
    me = Secret("me@example.org")
    cache.save(me, Secret("a"), None, 1.0)
    os.chmod(cache.path, 0o644)
    assert cache.load(me) is None

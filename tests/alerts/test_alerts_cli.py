"""trucewatch subscriptions add | list | remove and trucewatch alerts run | list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trucewatch.cli import app

runner = CliRunner()


def _run(db: Path, *args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, [*args, "--db", str(db)], env=env)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--webhook", "ftp://example.org/x"], "webhook URL 'ftp://example.org/x'"),
        (["--webhook", "example.org/hook"], "must be an absolute http:// or https:// URL"),
        (["--email", "desk at example.org"], "e-mail address 'desk at example.org'"),
        (["--email", "a@b.org", "--agreement", "no-such-truce"], "no agreement 'no-such-truce'"),
        (["--email", "a@b.org", "--kind", "violations"], "verdict kind 'violations'"),
        (["--email", "a@b.org", "--bbox", "37,36,36"], "bbox '37,36,36'"),
        (["--email", "a@b.org", "--timezone", "Mars/Olympus"], "time zone 'Mars/Olympus'"),
        (["--email", "a@b.org", "--webhook", "https://example.org"], "exactly one of"),
        ([], "exactly one of"),
    ],
)
def test_bad_subscription_exits_2_with_the_cause(db: Path, args, words) -> None:
    result = _run(db, "subscriptions", "add", "--name", "desk", *args)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert _run(db, "subscriptions", "list", "-f", "json").stdout == ""


def test_add_list_remove_a_webhook_subscription(db: Path) -> None:
    added = _run(
        db, "subscriptions", "add", "--name", "desk", "--webhook", "https://93.184.215.14/h",
        "--agreement", "syria-coh-2016", "--kind", "violation", "--min-fatalities", "3",
        "--digest", "--timezone", "Asia/Damascus",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    secret = added.stdout.strip().splitlines()[-1]
    assert len(secret) >= 32
    listed = _run(db, "subscriptions", "list", "-f", "json")
    record = json.loads(listed.stdout)
    assert record["mode"] == "digest" and record["min_fatalities"] == 3
    assert record["agreement_ids"] == ["syria-coh-2016"] and secret not in listed.stdout
    removed = _run(db, "subscriptions", "remove", record["subscription_id"])
    assert removed.exit_code == 0 and "removed" in removed.stdout
    assert _run(db, "subscriptions", "list", "-f", "json").stdout == ""
    unknown = _run(db, "subscriptions", "remove", "0000abcd")
    assert unknown.exit_code == 2 and "no subscription '0000abcd'" in unknown.output


def test_alerts_run_delivers_and_a_second_run_sends_nothing(db: Path, receiver) -> None:
    added = _run(
        db, "subscriptions", "add", "--name", "hook", "--webhook", receiver.url,
        "--agreement", "aleppo-calm-2016-05", "--include-existing",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    first = _run(db, "alerts", "run")
    second = _run(db, "alerts", "run")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert f"{len(receiver.received)} message(s) sent" in first.stdout
    assert "0 alert(s) queued; 0 message(s) sent" in second.stdout
    listed = _run(db, "alerts", "list", "--status", "sent", "-f", "csv")
    assert listed.stdout.count("\n") == len(receiver.received) + 1


def test_alerts_run_exits_1_when_a_delivery_fails_and_keeps_it(db: Path) -> None:
    _run(
        db, "subscriptions", "add", "--name", "mail", "--email", "desk@example.org",
        "--agreement", "eastern-ghouta-2016-04", "--include-existing",
    )  # fmt: skip
    env = {"TRUCEWATCH_SMTP_HOST": "127.0.0.1", "TRUCEWATCH_SMTP_PORT": "1",
           "TRUCEWATCH_SMTP_FROM": "tw@example.org"}  # fmt: skip
    result = _run(db, "alerts", "run", env=env)
    assert result.exit_code == 1, result.output
    assert "SMTP 127.0.0.1:1" in result.output and "1 waiting" in result.stdout
    listed = _run(db, "alerts", "list", "--status", "failed", "-f", "json")
    assert json.loads(listed.stdout)["attempts"] == 1


def test_alerts_list_refuses_an_unknown_status(db: Path) -> None:
    result = _run(db, "alerts", "list", "--status", "lost")
    assert result.exit_code == 2 and "--status 'lost' is not one of" in result.output


def test_a_loopback_webhook_is_refused_until_an_admin_allows_its_network(
    db: Path, receiver
) -> None:
    assert _run(db, "alerts", "disallow-network", "--all").exit_code == 0
    add = ["subscriptions", "add", "--name", "hook", "--webhook", receiver.url]
    refused = _run(db, *add)
    assert refused.exit_code == 2
    assert "host 127.0.0.1 is a loopback address" in refused.output
    assert "trucewatch alerts allow-network 127.0.0.1/32" in refused.output
    allowed = _run(db, "alerts", "allow-network", "127.0.0.0/8")
    assert allowed.exit_code == 0 and "127.0.0.0/8" in allowed.stdout
    assert _run(db, "alerts", "networks").stdout == "127.0.0.0/8\n"
    added = _run(db, *add)
    assert added.exit_code == 0, added.output
    assert "the key that encrypts the webhook secrets" in added.output  # the first secret


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["allow-network", "10.0.0.1/8"], 2, "host bits"),
        (["disallow-network", "10.0.0.0/8"], 2, "network 10.0.0.0/8 is not allowed"),
        (["disallow-network"], 2, "exactly one of NETWORK or --all"),
    ],
)
def test_bad_network_commands_exit_2_with_the_cause(db: Path, args, code, words) -> None:
    result = _run(db, "alerts", *args)
    assert result.exit_code == code and words in result.output, result.output


def test_a_stored_subscription_with_a_defect_is_listed_with_a_warning(db: Path) -> None:
    from trucewatch.store import Store

    _run(db, "subscriptions", "add", "--name", "desk", "--email", "desk@example.org")
    with Store.open(db) as store:
        store.conn.execute("UPDATE subscriptions SET name = 'desk\nBcc: spy@example.org'")
    listed = _run(db, "subscriptions", "list", "-f", "json")
    assert listed.exit_code == 0
    assert "refused by today's checks" in json.loads(listed.stdout)["defect"]
    assert "warning: subscription" in listed.output

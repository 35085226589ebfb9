"""Where webhooks may go: checked when a subscription is created and again at each delivery,
to the address checked, no redirect followed, nothing of the answer kept (real receivers on
127.0.0.1, allowed explicitly in the test stores)."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alerts_fixture import LOOPBACK, Receiver, start_receiver

from live_server import free_port
from trucewatch.errors import DeliveryError, ValidationError
from trucewatch.publish.alerts import (
    allow_webhook_network,
    disallow_webhook_network,
    run_alerts,
    subscribe,
    webhook_networks,
)
from trucewatch.publish.alerts.destinations import (
    Destination,
    address_problem,
    resolve_destination,
)
from trucewatch.publish.alerts.http import post_pinned
from trucewatch.store import Store
from trucewatch.store.outbox import outbox_rows

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALEPPO = "aleppo-calm-2016-05"


def _hook(store: Store, url: str, name: str = "newsroom") -> str:
    sub = subscribe(
        store,
        name=name,
        channel="webhook",
        target=url,
        agreement_ids=[ALEPPO],
        kinds=["violation"],
        include_existing=True,
    )
    return sub.subscription_id


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:8080/hook", "host 127.0.0.1 is a loopback address"),
        ("http://localhost:8080/hook", "resolves to 127.0.0.1, which is a loopback address"),
        ("http://[::1]/hook", "host ::1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data", "is a link-local address"),
        ("http://[fe80::1]/hook", "is a link-local address"),
        ("http://10.1.2.3/hook", "is a private address"),
        ("http://172.16.0.1/hook", "is a private address"),
        ("http://192.168.1.1/hook", "is a private address"),
        ("http://[fd00::1]/hook", "is a private address"),
        ("http://224.0.0.1/hook", "is a multicast address"),
        ("http://0.0.0.0/hook", "is an unspecified address"),
        ("http://[::]/hook", "is an unspecified address"),
        ("http://240.0.0.1/hook", "is a reserved address"),
        ("http://100.64.0.1/hook", "is a not public address"),
        ("http://[::ffff:127.0.0.1]/hook", "is a loopback address"),
        ("http://[::ffff:169.254.169.254]/hook", "is a link-local address"),
        ("http://[64:ff9b::a00:1]/hook", "is a private address"),
        ("http://0x7f000001/hook", "written in an unusual form"),
        ("http://2130706433/hook", "written in an unusual form"),
        ("http://127.1/hook", "written in an unusual form"),
        ("http://0177.0.0.1/hook", "written in an unusual form"),
        ("http://user:pw@93.184.215.14/hook", "holds credentials"),
        ("http://93.184.215.14/ho\x00ok", "control character U+0000 at position 24"),
        ("http://93.184.215.14/hook\n", "control character U+000A"),
        ("http://93.184.215.14/a b", "white space at position 23"),
        ("ftp://93.184.215.14/hook", "must be an absolute http:// or https:// URL"),
        ("file:///etc/passwd", "must be an absolute http:// or https:// URL"),
        ("http://[fe80::1%25eth0]/hook", "names an IPv6 zone"),
        ("http://bad_host!.example/hook", "not a valid host name"),
    ],
)
def test_a_webhook_to_a_refused_destination_is_not_created(db: Path, url: str, words: str) -> None:
    with Store.open(db) as store:
        disallow_webhook_network(store, None)  # the test stores allow loopback: not here
        with pytest.raises(ValidationError) as caught:
            _hook(store, url)
        assert words in str(caught.value)
        assert store.conn.execute("SELECT count(*) FROM subscriptions").fetchone() == (0,)


def test_a_refusal_says_how_an_admin_allows_the_network(db: Path) -> None:
    with Store.open(db) as store:
        disallow_webhook_network(store, None)
        with pytest.raises(ValidationError) as caught:
            _hook(store, "http://10.20.30.40/hook")
    assert "trucewatch alerts allow-network 10.20.30.40/32" in str(caught.value)


def test_a_public_address_needs_no_allowance(db: Path) -> None:
    with Store.open(db) as store:
        disallow_webhook_network(store, None)
        sid = _hook(store, "https://93.184.215.14/hook")
    assert len(sid) == 8


def test_an_allowed_network_opens_only_itself(db: Path) -> None:
    with Store.open(db) as store:
        disallow_webhook_network(store, None)
        assert allow_webhook_network(store, "10.20.0.0/16") == (
            ipaddress.ip_network("10.20.0.0/16"),
        )
        _hook(store, "http://10.20.30.40/hook")
        with pytest.raises(ValidationError, match="is a private address"):
            _hook(store, "http://10.21.0.1/hook")
        assert [str(n) for n in webhook_networks(store)] == ["10.20.0.0/16"]


@pytest.mark.parametrize("text", ["10.0.0.1/8", "10.0.0.0/33", "everything", ""])
def test_a_network_that_is_not_cidr_is_refused_with_the_form_to_use(db: Path, text: str) -> None:
    with Store.open(db) as store, pytest.raises(ValidationError, match="CIDR form"):
        allow_webhook_network(store, text)


def test_a_name_with_one_refused_address_is_refused() -> None:
    allowed = [ipaddress.ip_network("127.0.0.0/8")]
    assert resolve_destination("http://localhost:9/x", allowed).addresses == (
        ipaddress.ip_address("127.0.0.1"),
    )
    assert address_problem(ipaddress.ip_address("::1"), allowed) == "a loopback address"
    assert address_problem(ipaddress.ip_address("8.8.8.8"), allowed) is None


def test_a_name_that_does_not_resolve_is_refused_at_creation(db: Path) -> None:
    with Store.open(db) as store, pytest.raises(ValidationError, match="does not resolve"):
        _hook(store, "http://no-such-host.invalid/hook")


def test_a_named_host_is_reached_at_its_checked_address_with_its_name(
    db: Path, receiver: Receiver
) -> None:
    with Store.open(db) as store:
        _hook(store, f"http://localhost:{receiver.port}/hook")
        run = run_alerts(store, now=NOW)
    assert run.messages_sent == len(receiver.received) > 0 and not run.errors
    assert {g.headers["host"] for g in receiver.received} == {f"localhost:{receiver.port}"}


def test_the_connection_goes_to_the_checked_address_whatever_the_name_resolves_to(
    receiver: Receiver,
) -> None:
    # DNS rebinding: the name was checked when it resolved to 127.0.0.1; now it resolves to
    # nothing (or anywhere else). The request goes to the address checked, with the name.
    checked = Destination(
        url=f"http://rebound.invalid:{receiver.port}/hook",
        scheme="http",
        host="rebound.invalid",
        port=receiver.port,
        addresses=(ipaddress.ip_address("127.0.0.1"),),
    )
    status = post_pinned(checked, b"{}", {"X-Test": "1"}, timeout=5, connect_timeout=2)
    assert status == 200
    assert receiver.received[0].headers["host"] == f"rebound.invalid:{receiver.port}"


def test_a_network_disallowed_after_creation_is_refused_at_delivery(
    db: Path, receiver: Receiver
) -> None:
    with Store.open(db) as store:
        _hook(store, receiver.url)
        disallow_webhook_network(store, LOOPBACK)
        run = run_alerts(store, now=NOW)
        rows = outbox_rows(store.conn)
    assert receiver.received == []
    assert run.messages_failed == len(rows) > 0 and run.messages_sent == 0
    assert {r.status for r in rows} == {"dead"}  # refused: never tried again
    assert all("is a loopback address" in (r.last_error or "") for r in rows)


def test_a_redirect_is_not_followed_and_is_a_failure_with_its_reason(db: Path) -> None:
    first, first_server = start_receiver()
    elsewhere, elsewhere_server = start_receiver()
    first.status = 302
    first.answer_headers = {"Location": elsewhere.url}
    try:
        with Store.open(db) as store:
            _hook(store, first.url)
            run = run_alerts(store, now=NOW)
            rows = outbox_rows(store.conn)
    finally:
        for server in (first_server, elsewhere_server):
            server.shutdown()
            server.server_close()
    assert len(first.received) == 1 and elsewhere.received == []
    assert run.messages_failed == 1
    assert "answered 302, a redirect: redirects are not followed" in run.errors[0]
    assert elsewhere.url not in str(run.errors) + str([r.last_error for r in rows])


def test_nothing_of_the_answer_is_kept_or_shown(db: Path, receiver: Receiver) -> None:
    receiver.status = 500
    receiver.answer = b"internal: db password hunter2 at 10.0.0.5" * 20
    with Store.open(db) as store:
        _hook(store, receiver.url)
        run = run_alerts(store, now=NOW)
        errors = [r.last_error or "" for r in outbox_rows(store.conn)]
    shown = " ".join(run.errors) + " ".join(errors)
    assert "answered 500, not 2xx" in shown
    assert "hunter2" not in shown and "internal" not in shown


def test_post_pinned_maps_a_refused_connection_to_our_words() -> None:
    port = free_port()
    loopback = (ipaddress.ip_address("127.0.0.1"),)
    closed = Destination(f"http://127.0.0.1:{port}/x", "http", "127.0.0.1", port, loopback)
    with pytest.raises(DeliveryError, match="connection refused"):
        post_pinned(closed, b"{}", {}, timeout=5, connect_timeout=2)


def _certificate(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for ``name`` and its key (PEM files)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2020, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2100, 1, 1, tzinfo=UTC))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / f"{name}.crt", tmp_path / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.mark.parametrize(("served_as", "ok"), [("hooks.test", True), ("other.test", False)])
def test_tls_checks_the_certificate_against_the_name_while_connecting_to_the_checked_address(
    tmp_path: Path, served_as: str, ok: bool
) -> None:
    import ssl

    cert, key = _certificate(tmp_path, served_as)
    receiver, server = start_receiver()
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    server.socket = server_side.wrap_socket(server.socket, server_side=True)
    client_side = ssl.create_default_context(cafile=str(cert))
    checked = Destination(
        url=f"https://hooks.test:{receiver.port}/hook",
        scheme="https",
        host="hooks.test",
        port=receiver.port,
        addresses=(ipaddress.ip_address("127.0.0.1"),),
    )
    try:
        if ok:
            status = post_pinned(
                checked, b"{}", {}, timeout=10, connect_timeout=5, ssl_context=client_side
            )
            assert status == 200
            assert receiver.received[0].headers["host"] == f"hooks.test:{receiver.port}"
        else:
            with pytest.raises(DeliveryError, match="TLS certificate is not valid for the host"):
                post_pinned(
                    checked, b"{}", {}, timeout=10, connect_timeout=5, ssl_context=client_side
                )
            assert receiver.received == []
    finally:
        server.shutdown()
        server.server_close()

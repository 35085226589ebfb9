"""Networks an administrator allows webhooks to reach although they are not public.

By default a webhook may only reach public addresses (``publish/alerts/destinations.py``):
loopback, private, link-local, multicast, reserved and other special addresses are refused.
An administrator allows a network explicitly (``trucewatch alerts allow-network
127.0.0.0/8``); the list is kept in the store, in the ``settings`` table, as the row
``webhook_networks`` (a JSON list of networks in CIDR form), so that the command line, the
API server and every scheduled run check against the same list. It is not one of the
settings ``trucewatch settings`` and ``PUT /settings`` change: only someone who can write
the store file on the machine allows a network, never an API key.
"""

from __future__ import annotations

import ipaddress
import json
from datetime import UTC, datetime

import duckdb

from trucewatch.errors import StoreError, ValidationError
from trucewatch.store.connect import Db, conn_of, transaction

__all__ = [
    "NETWORKS_SETTING",
    "Network",
    "allow_network",
    "allowed_networks",
    "disallow_network",
    "parse_network",
]

#: The row of the ``settings`` table holding the allowed networks.
NETWORKS_SETTING = "webhook_networks"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_network(text: str) -> Network:
    """A network in CIDR form (``10.20.0.0/16``, ``fd00::/8``; one address: ``192.0.2.7``)."""
    try:
        return ipaddress.ip_network(text.strip(), strict=True)
    except ValueError as exc:
        raise ValidationError(
            f"network {text!r} is not a network in CIDR form ({exc}): write it as "
            "ADDRESS/PREFIX with the host bits zero, such as 127.0.0.0/8, 10.20.0.0/16 or "
            "fd00::/8"
        ) from None


def allowed_networks(db: Db) -> tuple[Network, ...]:
    """The networks allowed in the store (none: only public addresses), in the order added.
    A hand-edited row that is not a list of networks is a StoreError naming the fix."""
    conn = conn_of(db)
    row = conn.execute("SELECT value FROM settings WHERE name = ?", [NETWORKS_SETTING]).fetchone()
    if row is None:
        return ()
    try:
        values = json.loads(row[0])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError("not a list of strings")
        return tuple(parse_network(v) for v in values)
    except (ValueError, ValidationError) as exc:
        raise StoreError(
            f"the store's setting {NETWORKS_SETTING} holds {row[0]!r}, which is not a list of "
            f"networks ({exc}): delete it with trucewatch alerts disallow-network --all, then "
            "allow each network again with trucewatch alerts allow-network CIDR"
        ) from None


def _write(conn: duckdb.DuckDBPyConnection, networks: list[Network]) -> None:
    with transaction(conn):
        if networks:
            conn.execute(
                "INSERT OR REPLACE INTO settings VALUES (?, ?, ?)",
                [NETWORKS_SETTING, json.dumps([str(n) for n in networks]), datetime.now(UTC)],
            )
        else:
            conn.execute("DELETE FROM settings WHERE name = ?", [NETWORKS_SETTING])


def allow_network(db: Db, network: str) -> tuple[Network, ...]:
    """Allow webhooks to reach ``network`` (CIDR); return the allowed networks."""
    conn = conn_of(db)
    parsed = parse_network(network)
    current = list(allowed_networks(conn))
    if parsed not in current:
        _write(conn, [*current, parsed])
    return allowed_networks(conn)


def disallow_network(db: Db, network: str | None) -> tuple[Network, ...]:
    """Take ``network`` (CIDR, as allowed) off the list, or every network when None; return
    what stays allowed. A network that is not on the list is a ValidationError naming them."""
    conn = conn_of(db)
    if network is None:
        conn.execute("DELETE FROM settings WHERE name = ?", [NETWORKS_SETTING])
        return ()
    parsed = parse_network(network)
    current = list(allowed_networks(conn))
    if parsed not in current:
        listed = ", ".join(str(n) for n in current) or "none"
        raise ValidationError(
            f"network {parsed} is not allowed, so it cannot be taken off (allowed: {listed})"
        )
    _write(conn, [n for n in current if n != parsed])
    return allowed_networks(conn)

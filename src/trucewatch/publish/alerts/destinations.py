"""Where a webhook may be delivered: public addresses, and the networks an admin allows.

:func:`resolve_destination` resolves a webhook URL's host once and checks every address it
resolves to. An address is refused unless it is public or inside a network the store allows
(``trucewatch alerts allow-network``, :mod:`trucewatch.store.networks`): unspecified
(0.0.0.0, ::), loopback (127.0.0.0/8, ::1), link-local (169.254.0.0/16, fe80::/10), private
(10/8, 172.16/12, 192.168/16, fc00::/7 ...), multicast, reserved, shared (100.64/10) and every
other address that is not globally reachable; an IPv6 address that carries an IPv4 one
(IPv4-mapped ``::ffff:a.b.c.d``, 6to4, NAT64 ``64:ff9b::/96``) is judged by that IPv4 address
too. A name is refused if ANY of its addresses is: a name with one public and one private
address could be sent either way.

The delivery then connects to the addresses checked here and to no other
(``publish/alerts/http.py``): a DNS answer that changes between the check and the connection
(DNS rebinding) cannot move the request to an address that was not checked.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from trucewatch.errors import DeliveryError, ValidationError
from trucewatch.store.networks import Network
from trucewatch.store.webhook_urls import check_webhook_url, url_host

__all__ = ["Address", "Destination", "address_problem", "resolve_destination"]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@dataclass(frozen=True)
class Destination:
    """A webhook URL with the addresses its host resolved to, every one of them allowed."""

    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[Address, ...]

    @property
    def host_header(self) -> str:
        """The Host header: the name (IPv6 in brackets) and the port unless the default."""
        name = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return name if self.port == default else f"{name}:{self.port}"


def _kind(ip: Address) -> str | None:
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "not public"
    return None


def _embedded(ip: Address) -> ipaddress.IPv4Address | None:
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(ip: Address, allowed: Sequence[Network] = ()) -> str | None:
    """Why webhooks may not reach ``ip`` ("a loopback address", ...), or None if they may:
    it is public, or inside one of the ``allowed`` networks."""
    if any(ip.version == net.version and ip in net for net in allowed):
        return None
    inner = _embedded(ip)
    kind = _kind(ip) if inner is None else (_kind(inner) or _kind(ip))
    if inner is not None and any(inner in net for net in allowed if net.version == 4):
        return None
    if kind is None:
        return None
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{article} {kind} address"


def _lookup(host: str, port: int, timeout: float) -> list[Address]:
    """getaddrinfo in a helper thread, given up after ``timeout`` seconds (it has none)."""
    found: list[Address] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            found.extend(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos)
        except (OSError, UnicodeError, ValueError) as exc:
            failure.append(exc)

    thread = threading.Thread(target=work, name=f"resolve {host}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise DeliveryError(f"host {host} did not resolve within {timeout:g} s")
    if failure or not found:
        reason = failure[0] if failure else "no address"
        raise DeliveryError(f"host {host} does not resolve ({reason}): check the name")
    return list(dict.fromkeys(found))


def resolve_destination(
    url: str, allowed: Sequence[Network] = (), *, timeout: float = 5.0
) -> Destination:
    """``url`` checked and resolved: a ValidationError if its form or one of its addresses
    is refused (the message names the address, why, and how an admin allows its network);
    a DeliveryError if the host does not resolve (within ``timeout`` seconds)."""
    parts = check_webhook_url(url)
    scheme = parts.scheme.lower()
    host = url_host(parts)
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = _lookup(host, port, timeout)
    for ip in addresses:
        problem = address_problem(ip, allowed)
        if problem is not None:
            via = "" if str(ip) == host else f" resolves to {ip}, which"
            network = ipaddress.ip_network(f"{ip}/{32 if ip.version == 4 else 128}")
            raise ValidationError(
                f"webhook URL {url!r}: host {host}{via} is {problem}: webhooks are sent only "
                "to public addresses, unless an administrator allows the network "
                f"(trucewatch alerts allow-network {network})"
            )
    return Destination(url, scheme, host, port, tuple(addresses))

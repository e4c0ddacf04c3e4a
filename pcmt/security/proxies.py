"""The client's address: X-Forwarded-For is believed only from configured proxies."""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.PCMT_TRUSTED_PROXIES)))


def forwarded_client(remote: str, forwarded_for: str) -> str:
    """Walk X-Forwarded-For from the right past trusted proxies: the first other address is
    the client (anything left of it could have been written by the client itself)."""
    if not is_trusted_proxy(remote):
        return remote
    client = remote
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break
        client = hop
        if not is_trusted_proxy(hop):
            break
    return client


def client_ip(request: HttpRequest) -> str:
    """The address login throttling and the audit key on (set by TrustedProxyMiddleware)."""
    return str(request.META.get("REMOTE_ADDR", ""))

"""The realtime hub: websockets server, protocol, positions, event fan-out (docs/protocol.md)."""

from console.hub.limits import HubLimits
from console.hub.server import Hub

__all__ = ["Hub", "HubLimits"]

"""The HTTP API beside the websocket hub: integrations, webhooks and the customer's pages.

Handlers are thin: they check the request with the hub's own protocol checks, run the hub's
operations on the same kind of writer and reader threads, and answer errors as RFC 9457
problem documents carrying the websocket protocol's error codes. No Qt, no upper layers.
"""

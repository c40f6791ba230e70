"""The demo and training simulator: a night of calls and technicians driven against a real hub.

The simulator connects to the hub the way production does (field apps, intake channels and a
console client over websockets), so a demo exercises the same code paths as a live night.
"""

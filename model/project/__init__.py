"""The project itself: its dataclasses, image store, editions, refine threads and worker snapshots.

Imports only the base modules of `model`.
"""

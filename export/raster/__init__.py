"""The one Pillow page renderer and what is written with it: PNG strips and pages, per-panel PNGs, CBZ.

Imports model and export.atomic.
"""

"""The animatic: shots laid out like storyboard frames, encoded to MP4/GIF with PyAV.

Imports model, export.atomic and export.raster.
"""

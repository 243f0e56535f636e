"""The fixed-layout EPUB 3 picture book: pages as XHTML + SVG, subset web fonts, the package.

Imports model, export.atomic and export.raster.
"""

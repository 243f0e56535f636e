"""The print PDF (reportlab, fonts embedded), the CMYK print-shop PDF/X and the print preflight.

Imports model, export.atomic and export.raster.
"""

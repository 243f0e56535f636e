"""export.raster.render"""

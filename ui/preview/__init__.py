"""The page preview: pages drawn by export.raster on a worker, balloon and tail dragging, words editing.
"""

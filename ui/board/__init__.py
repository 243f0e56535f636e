"""The panel board: the Qt list model over the project's panels, the board view, thumbnails.
"""

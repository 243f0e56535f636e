"""Page shapes: how a comic page is divided into panels (splits, gutters, slants, insets), the named
templates in English and Chinese, and the edits the Layout mode makes.

Pure geometry on model's base modules; the project, the script and the page layout all use it.
"""

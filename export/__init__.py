"""Writers that turn a laid-out project into files (PNG, PDF, PDF/X, CBZ, EPUB, animatic); no Qt.

Imports model (and `export.atomic` for every file written); never generation, ui or cli.
"""

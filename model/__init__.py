"""The domain, pure Python and no Qt: the project, the Panel Script language, prompts, page geometry, the file.

Floors, lowest first: this package's own modules (errors, geometry, cjk, fonts, textfile, language, mentions,
imageload, pagesize), then project/, script/, prompt/, page/ and fileformat/. Nothing here imports generation,
export, ui or cli (tests/test_architecture.py).
"""

"""Image and text backends and the job runner that fans requests out; no Qt.

Base modules: request, runner, planning, recording, backends (the chooser), credentials, errors, image models.
Imports model; never export, ui or cli.
"""

"""Which timeline file is which: the suffixes Panelsmith writes and reads, and OTIO's adapter for each
(kept apart so the command line can tell a timeline by its name without loading OpenTimelineIO)."""
from __future__ import annotations

import os
from pathlib import Path

ADAPTERS = {".otio": "otio_json", ".xml": "fcp_xml", ".fcpxml": "fcpx_xml", ".edl": "cmx_3600"}
TIMELINE_SUFFIXES = tuple(ADAPTERS)


def is_timeline_file(path: str | os.PathLike[str]) -> bool:
    """True for a path whose name says OTIO, Final Cut 7 XML, FCPXML or CMX 3600 EDL."""
    return Path(path).suffix.lower() in TIMELINE_SUFFIXES

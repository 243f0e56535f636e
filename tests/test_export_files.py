"""Exported files are ordinary files: the user's umask decides who may read them, a replaced file keeps its mode."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from export.raster.cbz import write_cbz
from export.raster.panels import write_panels
from export.pdf.writer import write_pdf
from export.raster.png import write_png
from model.page.layout import layout_project
from model.project.project import Project
from model.fileformat.projectfile import save_project
from tests.pagebuilders import snail_strip

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _write_each_format(tmp_path: Path) -> list[Path]:
    project = snail_strip()
    layout = layout_project(project)
    written = write_png(layout, project.images, tmp_path / "strip.png", 40)
    written.append(write_pdf(layout, project.images, tmp_path / "strip.pdf", 40))
    written.append(write_cbz(project, layout, project.images, tmp_path / "strip.cbz", 40))
    written += write_panels(layout, project.images, tmp_path / "panels", 40)
    return written


def test_new_exports_are_readable_by_everyone_the_umask_allows(tmp_path: Path, umask_022) -> None:
    for path in _write_each_format(tmp_path):
        assert _mode(path) == 0o644, path.name


def test_a_replaced_export_keeps_the_mode_the_user_gave_it(tmp_path: Path, umask_022) -> None:
    first = _write_each_format(tmp_path)
    for path in first:
        path.chmod(0o640)
    for path in _write_each_format(tmp_path):
        assert _mode(path) == 0o640, path.name


def test_a_new_project_file_gets_the_umask_mode_too(tmp_path: Path, umask_022) -> None:
    target = tmp_path / "new.panels"
    save_project(Project(title="New"), target)
    assert _mode(target) == 0o644
    target.chmod(0o600)
    save_project(Project(title="Again"), target)
    assert _mode(target) == 0o600

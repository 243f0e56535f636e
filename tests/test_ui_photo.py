"""A photo dropped on a panel (Use as is / Restyle) and a character's sheet from a photo, in the real window."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtWidgets import QFileDialog, QMessageBox

from photos import jpeg_bytes, synthetic_photo
from tests.ui_helpers import answer_the_photo_question, dispose, isolate_dirs


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    isolate_dirs(monkeypatch, tmp_path)
    from ui.window.main_window import MainWindow
    from ui.settings import load_settings

    w = MainWindow(load_settings())
    w.files.open_example()
    w.show()
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.generation.shutdown()
    assert w.close()
    dispose(w)


@pytest.fixture
def photo(tmp_path) -> Path:
    path = tmp_path / "street.jpg"
    path.write_bytes(jpeg_bytes(synthetic_photo(1200, 900).transpose(Image.Transpose.ROTATE_90), orientation=6))
    return path


def drop_on_panel(window, row: int, path: Path) -> None:
    """The board's real drop path: URLs of files dropped on a panel's cell."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    model = window.panel_model
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.index(row))


def test_a_dropped_photo_restyled_is_the_photo_then_its_restyle_each_one_undo_step(window, photo, qtbot) -> None:
    seen: list[str] = []
    answer_the_photo_question("Restyle", seen)
    panel = window.doc.project.panels[1]
    drop_on_panel(window, 1, photo)
    assert seen and "street.jpg" in seen[0]
    qtbot.waitUntil(lambda: len(panel.images.versions) == 2 and not window.generation.busy(), timeout=30000)
    original, restyled = panel.images.versions
    assert original.backend == "import" and (original.width, original.height) == (1200, 900)  # upright
    assert restyled.backend == "offline" and restyled.parent == original.id
    assert panel.images.selected is restyled
    assert window.stack.undoText().startswith("Restyle")
    window.undo()
    assert panel.images.selected.id == original.id
    window.undo()
    assert panel.images.versions == []
    window.redo()
    window.redo()
    assert panel.images.selected.id == restyled.id


def test_a_dropped_photo_used_as_is_is_one_version(window, photo, qtbot) -> None:
    seen: list[str] = []
    answer_the_photo_question("Use as is", seen)
    drop_on_panel(window, 0, photo)
    panel = window.doc.project.panels[0]
    assert [v.backend for v in panel.images.versions] == ["import"]
    assert not window.generation.busy()


def test_cancelling_the_photo_question_changes_nothing(window, photo) -> None:
    seen: list[str] = []
    answer_the_photo_question("Cancel", seen)
    drop_on_panel(window, 0, photo)
    assert seen and window.doc.project.panels[0].images.versions == [] and not window.is_dirty()


def test_a_bad_photo_dropped_for_restyling_is_one_sentence_and_no_version(window, tmp_path, monkeypatch) -> None:
    bad = tmp_path / "empty.jpg"
    bad.write_bytes(b"")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    answer_the_photo_question("Restyle", [])
    drop_on_panel(window, 0, bad)
    assert window.doc.project.panels[0].images.versions == []
    assert len(shown) == 1 and "empty" in shown[0] and not window.generation.busy()


def test_sheet_from_photo_in_the_characters_tab_restyles_it_into_the_sheet(window, photo, qtbot, monkeypatch) -> None:
    # The native file dialog cannot be driven here; it answers with the photo's path.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(photo), ""))
    panel = window.characters
    names = [c.name for c in window.doc.project.characters]
    panel.list.setCurrentRow(names.index("Gary"))
    assert panel.photo_button.isEnabled() and panel.photo_button.text() == "Sheet from photo…"
    qtbot.mouseClick(panel.photo_button, Qt.MouseButton.LeftButton)
    gary = window.doc.project.character("Gary")
    qtbot.waitUntil(lambda: len(gary.sheet.versions) == 2 and not window.generation.busy(), timeout=30000)
    original, sheet = gary.sheet.versions
    assert sheet.parent == original.id and gary.sheet.selected is sheet and sheet.backend == "offline"
    assert (sheet.width, sheet.height) != (0, 0) and sheet.width > sheet.height  # the photo's own shape
    # The preview comes from the thumbnail cache, decoded on its workers.
    qtbot.waitUntil(lambda: not panel.preview.pixmap().isNull(), timeout=10000)


def test_with_a_service_the_dropped_photo_is_sent_as_an_edit_and_the_answer_is_a_child_version(
        qtbot, monkeypatch, tmp_path, photo) -> None:
    from tests.fake_openai import FakeImageService

    isolate_dirs(monkeypatch, tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-photo-app-not-a-real-key")
    from ui.window.main_window import MainWindow
    from ui.settings import AppSettings

    with FakeImageService(image_scale=0.25) as service:
        w = MainWindow(AppSettings(backend="compatible", base_url=service.base_url, concurrency=2))
        w.files.open_example()
        w.show()
        try:
            answer_the_photo_question("Restyle", [])
            drop_on_panel(w, 0, photo)
            panel = w.doc.project.panels[0]
            qtbot.waitUntil(lambda: len(panel.images.versions) == 2 and not w.generation.busy(), timeout=30000)
            original, redrawn = panel.images.versions
            assert redrawn.backend == "openai" and redrawn.parent == original.id
            sent = service.requests[-1]
            assert sent.path == "/v1/images/edits"
            assert sent.files[0].data == w.doc.project.images.get(original.sha256)
            assert "Keep the photo's composition" in sent.fields["prompt"]
            assert "bright hand-drawn comic" in sent.fields["prompt"]  # the example's style line
        finally:
            monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
            w.generation.shutdown()
            w.close()
            dispose(w)

"""First run: Save and Export start in the user's documents (never inside the program), then the last
folder used; the interface speaks the system's language; the Chinese preview has no English left."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui_helpers import dispose, isolate_dirs


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    isolate_dirs(monkeypatch, tmp_path)
    (tmp_path / "home" / "Documents").mkdir()
    from ui.settings import load_settings
    from ui.window.main_window import MainWindow

    w = MainWindow(load_settings())
    w.files.open_example()
    w.show()
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert w.close()
    dispose(w)


def _save_dialog_answering(monkeypatch, answer: Path) -> list[str]:
    asked: list[str] = []

    def dialog(parent, caption, start, filters):
        asked.append(start)
        return str(answer), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return asked


def test_saving_the_example_starts_in_documents_and_then_in_the_last_folder_used(window, monkeypatch, tmp_path, qtbot) -> None:
    documents = tmp_path / "home" / "Documents"
    elsewhere = tmp_path / "books"
    elsewhere.mkdir()
    asked = _save_dialog_answering(monkeypatch, elsewhere / "snail.panels")
    assert window.files.save_as(wait=True)
    assert Path(asked[0]) == documents / "s-car.panels"  # not resources/examples inside the program
    assert (elsewhere / "snail.panels").is_file()
    window.files.new_project()
    assert window.files.save_as(wait=True)
    assert Path(asked[1]).parent == elsewhere  # the last folder used


def test_the_export_dialog_of_the_example_starts_in_documents_then_where_the_last_export_went(window, monkeypatch, tmp_path) -> None:
    from ui.dialogs.export_dialog import ExportDialog

    shown: list[ExportDialog] = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: shown.append(self) or 0)
    window.open_export_dialog()
    assert Path(shown[-1].target.text()) == tmp_path / "home" / "Documents" / "s-car.png"
    out = tmp_path / "exports"
    out.mkdir()
    shown[-1].target.setText(str(out / "strip.png"))
    window.start_export(shown[-1].choice())
    window.files.new_project()
    window.open_export_dialog()
    assert Path(shown[-1].target.text()).parent == out


@pytest.mark.parametrize(("system", "language"), [("zh_CN", "zh"), ("zh_TW", "zh"), ("zh-Hans", "zh"),
                                                  ("en_GB", "en"), ("fr_FR", "en"), ("C", "en")])
def test_the_first_interface_language_follows_the_system_locale(system: str, language: str) -> None:
    from ui.settings import first_language

    assert first_language(system) == language


def test_on_first_run_a_chinese_system_gets_the_chinese_interface(qtbot, monkeypatch, tmp_path) -> None:
    isolate_dirs(monkeypatch, tmp_path)
    import ui.window.app as app
    from ui.i18n import install_language, interface_language

    class ChineseSystem:
        @staticmethod
        def system():
            class Locale:
                def name(self) -> str:
                    return "zh_CN"
            return Locale()

    monkeypatch.setattr(app, "QLocale", ChineseSystem)
    w = app.create_window(offer_restore=False)
    try:
        assert interface_language() == "zh"
        assert w.editor.text().startswith("// S 跑车")  # the example in Chinese, too
    finally:
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        w.close()
        dispose(w)
        install_language("en")


def test_the_chinese_preview_says_no_picture_yet_in_chinese(qtbot, monkeypatch, tmp_path) -> None:
    isolate_dirs(monkeypatch, tmp_path)
    from ui.i18n import install_language
    from ui.preview.page_render import render_preview
    from ui.settings import load_settings
    from ui.window.main_window import MainWindow

    install_language("zh")
    w = MainWindow(load_settings())
    try:
        w.files.open_example()
        w.show()
        qtbot.waitUntil(lambda: w.preview.current is not None and not w.preview.busy(), timeout=10000)
        w.preview.refresh_now()
        qtbot.waitUntil(lambda: not w.preview.busy(), timeout=10000)
        from ui.document import snapshot_project

        project = snapshot_project(w.doc.project)
        chinese = render_preview(project, 0, None, "还没有图片").image
        english = render_preview(project, 0, None, "no picture yet").image
        assert chinese != english
        assert w.preview.current.image == chinese
    finally:
        install_language("en")
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        w.close()
        dispose(w)

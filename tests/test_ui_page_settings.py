"""The page settings dialog writes what the script's `Page:` line holds back into the script, undoably."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from tests.test_ui_preview import window  # noqa: F401 (the fixture: the snail strip with its page drawn)
from ui.dialogs.page_settings_dialog import PageSettingsDialog


def _answer_dialog(monkeypatch, size: str, bleed: bool, rtl: bool, dpi: int) -> list[PageSettingsDialog]:
    shown: list[PageSettingsDialog] = []

    def fill_in(dialog: PageSettingsDialog) -> int:
        shown.append(dialog)
        dialog.size.setCurrentText(size)
        dialog.bleed.setChecked(bleed)
        dialog.direction.setCurrentIndex(dialog.direction.findData("rtl" if rtl else "ltr"))
        dialog.dpi.setValue(dpi)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PageSettingsDialog, "exec", fill_in)
    return shown


def test_the_page_settings_dialog_writes_the_page_line_into_the_script_and_undo_takes_it_back(window, monkeypatch) -> None:
    before = window.editor.text()
    assert "Page:" not in before
    _answer_dialog(monkeypatch, "8.5x8.5in", bleed=True, rtl=True, dpi=150)
    window.preview.edit_page_settings()
    page = window.doc.project.page
    assert (page.page_size, page.bleed, page.direction, page.dpi) == ("8.5x8.5in", True, "rtl", 150)
    assert "Page: 8.5x8.5in, bleed, rtl, 150dpi" in window.editor.text()
    # The script alone now reproduces the page: re-parsing it keeps every setting.
    window.replace_script(window.editor.text(), "Edit script")
    assert window.doc.project.page.bleed and window.doc.project.page.page_size == "8.5x8.5in"
    window.undo()
    window.undo()
    assert window.editor.text() == before
    assert (window.doc.project.page.page_size, window.doc.project.page.bleed) == ("A4", False)


def test_a_page_line_typed_in_the_script_changes_the_page(window) -> None:
    text = window.editor.text().replace("Layout: strip", "Layout: book\nPage: A5, words over art, grid 3x2")
    window.replace_script(text, "Edit script")
    page = window.doc.project.page
    assert (window.doc.project.layout, page.page_size, page.book_text, page.grid_rows, page.grid_columns) == \
        ("book", "A5", "over", 3, 2)
    window.undo()
    assert window.doc.project.page.page_size == "A4"


def test_an_unknown_page_size_keeps_the_dialog_open_with_one_sentence(window, monkeypatch) -> None:
    shown = _answer_dialog(monkeypatch, "B7", bleed=False, rtl=False, dpi=300)
    window.preview.edit_page_settings()
    assert shown[0].result() != QDialog.DialogCode.Accepted
    assert "Unknown page size 'B7'" in shown[0].problem.text()
    assert window.doc.project.page.page_size == "A4" and "Page:" not in window.editor.text()


@pytest.mark.parametrize("kind, suffix", [("epub", ".epub"), ("pdfx", ".pdf")])
def test_the_export_dialog_writes_an_epub_and_a_print_shop_pdf(window, qtbot, monkeypatch, tmp_path, kind, suffix) -> None:
    from ui.dialogs.export_dialog import ExportDialog

    target = tmp_path / f"book{suffix}"

    def choose(dialog: ExportDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        assert dialog.layout_box.currentData() == "book"  # a strip becomes a book for these
        dialog.target.setText(str(target))
        if kind == "pdfx":  # the preflight runs first, with the ink check
            qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=60000)
            texts = [dialog.findings.item(i).text() for i in range(dialog.findings.count())]
            assert any("Panel 1 has no picture yet" in t for t in texts), texts
        dialog.run_export()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with qtbot.waitSignal(window.exportFinished, timeout=120000) as done:
        window.open_export_dialog()
    assert done.args[0] == [str(target)] and target.stat().st_size > 0
    if kind == "epub":
        import zipfile

        with zipfile.ZipFile(target) as book:
            assert book.read("mimetype") == b"application/epub+zip"
    else:
        assert b"/GTS_PDFX" in target.read_bytes()

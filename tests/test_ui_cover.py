"""The export dialog offers the cover wrap (paper, page count) and the end pages, and offers padding when the check warns."""
from __future__ import annotations

from pypdf import PdfReader

from tests.test_ui_preview import window  # noqa: F401 (the fixture: the snail strip with its page drawn)
from tests.test_ui_window import generate_all


def _texts(dialog) -> list[str]:
    return [dialog.findings.item(i).text() for i in range(dialog.findings.count())]


def test_the_export_dialog_writes_a_cover_wrap_for_the_paper_and_pages_chosen(window, qtbot, monkeypatch, tmp_path) -> None:
    from ui.dialogs.export_dialog import ExportDialog

    generate_all(window, qtbot)
    target = tmp_path / "cover.pdf"

    def choose(dialog: ExportDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData("cover"))
        assert dialog.paper.isEnabled() and dialog.page_count.isEnabled() and not dialog.layout_box.isEnabled()
        dialog.paper.setCurrentIndex(dialog.paper.findData("cream"))
        dialog.page_count.setValue(200)
        dialog.target.setText(str(target))
        qtbot.waitUntil(lambda: dialog.export_button.isEnabled() and dialog.findings.count() > 0, timeout=60000)
        texts = _texts(dialog)
        assert any("Spine 0.500 in: 200 pages × 0.0025 in (cream paper)" in t for t in texts), texts
        dialog.grab().save("/tmp/cw/dialog.png")
        dialog.run_export()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with qtbot.waitSignal(window.exportFinished, timeout=120000) as done:
        window.open_export_dialog()
    assert done.args[0] == [str(target)]
    page = PdfReader(target).pages[0]
    width = float(page.mediabox.width) / 72
    assert abs(width - (2 * 210 / 25.4 + 0.5 + 0.25)) < 0.01  # two A4 trims, the spine and the bleed


def test_the_check_offers_end_pages_when_a_stapled_book_is_not_a_multiple_of_4(window, qtbot, monkeypatch, tmp_path) -> None:
    from ui.dialogs.export_dialog import ExportDialog

    target = tmp_path / "book.pdf"
    seen: dict[str, object] = {}

    def choose(dialog: ExportDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
        dialog.target.setText(str(target))
        qtbot.waitUntil(lambda: dialog.export_button.isEnabled() and dialog.findings.count() > 0, timeout=60000)
        assert any("multiple of 4" in t for t in _texts(dialog))  # a cover and 4 pages: 5
        assert not dialog.pad_button.isHidden() and dialog.pad_row.isEnabled()
        dialog.credit.setChecked(False)
        dialog.pad_button.click()  # the offer: the end pages, then the check again
        assert dialog.pad.isChecked() and not dialog.export_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.export_button.isEnabled() and dialog.findings.count() > 0, timeout=60000)
        seen["after"] = _texts(dialog)
        assert dialog.pad_button.isHidden()
        dialog.run_export()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", choose)
    with qtbot.waitSignal(window.exportFinished, timeout=120000):
        window.open_export_dialog()
    assert not any("multiple of 4" in t for t in seen["after"])
    reader = PdfReader(target)
    assert len(reader.pages) == 8
    last = reader.pages[-1].extract_text()
    assert "The S-car" in last and "Made with Panelsmith" not in last
    assert window.settings.copyright_credit is False  # the choice is kept for the next book


def test_drawing_in_the_app_draws_the_cover_block_too_and_undo_takes_it_back(window, qtbot) -> None:
    from model.prompt.status import cover_status

    text = window.editor.text().replace("Layout: strip", "Layout: book\n\nCover: Gary waves from the S-car.\n\nBlurb: A snail buys a car.")
    window.replace_script(text, "Edit script")
    assert window.doc.project.cover.blurb == "A snail buys a car." and cover_status(window.doc.project) == "missing"
    generate_all(window, qtbot)
    qtbot.waitUntil(lambda: cover_status(window.doc.project) == "ready" and not window.generation.busy(), timeout=20000)
    assert "Gary waves" in window.doc.project.cover.images.selected.prompt
    while cover_status(window.doc.project) == "ready":
        window.undo()  # the pictures drawn are undone with their run
    assert window.doc.project.cover.images.versions == []

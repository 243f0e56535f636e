"""Export ▸ Animatic… through real widgets: the preview plays shot after shot, Export writes a film that
PyAV plays, and Cancel stops an export without leaving a file."""
from __future__ import annotations

import av
import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from tests.test_ui_window import close_quietly, generate_all, window  # noqa: F401 (window: the fixture)


class FakeClock:
    """Stands in for the dialog's QElapsedTimer: playback moves only when the test moves this clock."""

    def __init__(self) -> None:
        self.now = self.mark = 0

    def advance(self, seconds: float) -> None:
        self.now += round(seconds * 1000)

    def start(self) -> None:
        self.mark = self.now

    def restart(self) -> int:
        elapsed, self.mark = self.now - self.mark, self.now
        return elapsed


@pytest.fixture
def dialog(window, qtbot):
    from ui.dialogs.animatic_dialog import AnimaticDialog

    generate_all(window, qtbot)
    d = AnimaticDialog(window.doc.project, None, window.tasks, window)
    d.clock = FakeClock()  # before the event loop runs: playback has not started yet
    d.show()
    yield d
    d.reject()
    qtbot.waitUntil(lambda: d._cancel is None, timeout=30000)  # an export in flight has stopped


def test_the_file_menu_offers_the_animatic(window) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert window.actions["animatic"] in file_menu.actions()


def test_the_preview_plays_from_panel_to_panel(dialog, qtbot, tmp_path) -> None:
    qtbot.waitUntil(lambda: dialog.film is not None, timeout=20000)
    assert [shot.number for shot in dialog.film.shots] == [1, 2, 3, 4]
    assert dialog.current_shot() == 0 and "Panel 1 of 4" in dialog.where.text()
    dialog.clock.advance(1.4)  # panel 1 is held 1.5 s ...
    qtbot.waitUntil(lambda: dialog.position == pytest.approx(1.4), timeout=20000)  # the playback timer ticked
    assert dialog.current_shot() == 0
    dialog.clock.advance(0.2)  # ... then a cut
    qtbot.waitUntil(lambda: dialog.current_shot() == 1, timeout=20000)
    assert "Panel 2 of 4" in dialog.where.text()
    dialog.screen_view.grab().save(str(tmp_path / "preview.png"))
    with Image.open(tmp_path / "preview.png") as shot:
        assert shot.convert("L").getextrema()[1] > 200  # a picture with a white balloon, not a black screen
    dialog.toggle_play()
    paused_at = dialog.position
    dialog.clock.advance(5.0)
    assert not dialog.timer.isActive()  # paused: nothing will move the playback on
    QApplication.processEvents()
    assert dialog.position == paused_at and dialog.play_button.text() == "Play"
    dialog.dialogue.setCurrentIndex(dialog.dialogue.findData("subtitles"))
    qtbot.waitUntil(lambda: dialog.film.options.dialogue == "subtitles", timeout=20000)
    assert any(shot.page.texts for shot in dialog.film.shots)


def test_export_writes_a_film_that_plays(dialog, qtbot, tmp_path) -> None:
    target = tmp_path / "film.mp4"
    dialog.size.setCurrentIndex(dialog.size.findData("720p"))
    dialog.target.setText(str(target))
    written = []
    dialog.exported.connect(written.append)
    dialog.export_button.click()
    assert not dialog.export_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: bool(written), timeout=60000)
    assert written == [str(target)] and "Wrote" in dialog.status.text()
    with av.open(str(target)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.codec_context.width) == ("h264", 1280)
        frames = sum(1 for _ in container.decode(video=0))
        assert container.duration / av.time_base == pytest.approx(dialog.film.seconds, abs=1 / 24)
        assert abs(frames - dialog.film.seconds * 24) <= 1


def test_cancel_stops_the_export_and_writes_nothing(dialog, qtbot, tmp_path) -> None:
    target = tmp_path / "film.mp4"
    dialog.target.setText(str(target))
    dialog.export_button.click()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=30000)
    assert "cancelled" in dialog.status.text()
    assert list(tmp_path.glob("film.mp4*")) == [] and list(tmp_path.glob(".film.mp4*")) == []


def test_the_script_editor_colours_a_duration_line_as_a_setting_not_a_speaker(qtbot) -> None:
    from PySide6.QtGui import QTextDocument

    from ui.editor.script_highlighter import ScriptHighlighter

    document = QTextDocument()
    highlighter = ScriptHighlighter(document)
    document.setPlainText("Panel 1\nDuration: 2.5s\n时长：3秒\nGary: Hi.\n")
    highlighter.rehighlight()

    def colour(line: int) -> str:
        layout = document.findBlockByNumber(line).layout()
        ranges = layout.formats()
        first = ranges[0]
        return first.format.foreground().color().name()

    header = ScriptHighlighter.FORMATS["header"].foreground().color().name()
    assert colour(1) == colour(2) == header
    assert colour(3) == ScriptHighlighter.FORMATS["speaker"].foreground().color().name()


def test_the_menu_opens_the_dialog_and_closing_it_before_the_preview_is_ready_is_safe(window, qtbot) -> None:
    from PySide6.QtCore import QTimer

    from ui.dialogs.animatic_dialog import AnimaticDialog

    opened = []

    def close_it() -> None:
        dialogs = [d for d in window.findChildren(AnimaticDialog) if d.isVisible()]
        opened.extend(dialogs)
        for d in dialogs:
            d.reject()

    QTimer.singleShot(100, close_it)
    window.actions["animatic"].trigger()  # modal: returns once closed
    assert len(opened) == 1
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not window.findChildren(AnimaticDialog), timeout=20000)  # deleted, not kept
    # The preview's worker answers after the dialog has gone (its answer is delivered once the runner
    # is idle): nothing may break.
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=60000)
    assert window.isVisible()

"""The window's menus, toolbar and keyboard shortcuts (Ctrl+N/O/S/Shift+S/Z/Y/Shift+Z, Delete, Ctrl+D,
Ctrl+G, Ctrl+E; arrows and Home/End are the board's own)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QToolBar

from ui.dialogs.animatic_dialog import open_animatic_dialog
from ui.dialogs.style_picker import StyleHost, pick_style
from ui.dialogs.template_picker import TemplateHost, pick_template

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QMenuBar
    from ui.board.panel_board import PanelBoard
    from ui.inspector.inspector import Inspector
    from ui.window.file_actions import FileActions
    from ui.workers.generation_worker import GenerationWorker


class ActionHost(StyleHost, TemplateHost, Protocol):
    """What the menus and toolbar trigger: the window's commands, its views and undo stack, and its menu bar
    and toolbars."""

    board: PanelBoard
    files: FileActions
    generation: GenerationWorker
    inspector: Inspector
    stack: QUndoStack

    def addToolBar(self, toolbar: QToolBar) -> None: ...

    def menuBar(self) -> QMenuBar: ...

    def close(self) -> bool: ...

    def selected_ids(self) -> list[str]: ...

    def insert_panel(self) -> None: ...

    def duplicate_selected(self) -> None: ...

    def delete_selected(self) -> None: ...

    def move_selected(self, step: int) -> None: ...

    def undo(self) -> None: ...

    def redo(self) -> None: ...

    def draft_from_idea(self) -> None: ...

    def open_export_dialog(self) -> None: ...

    def open_settings(self) -> None: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def build_actions(w: ActionHost) -> dict[str, QAction]:
    """Create every action once, put them in menus and the toolbar, and return them by name."""
    actions: dict[str, QAction] = {}

    def act(name: str, text: str, slot: Callable, keys=None, tip: str = "") -> QAction:
        a = QAction(_tr(text), w)
        if keys is not None:
            a.setShortcuts(keys if isinstance(keys, list) else [keys])
        if tip:
            a.setStatusTip(_tr(tip))
        a.triggered.connect(lambda _checked=False: slot())
        actions[name] = a
        return a

    K = QKeySequence
    f = w.files
    act("new", "&New", f.new_project, K(K.StandardKey.New))
    act("draft", "New from &Idea…", w.draft_from_idea, tip="Draft a script from an idea or a story with a text model")
    act("open", "&Open…", f.open_dialog, K(K.StandardKey.Open))
    act("example", "Open &Example (the snail strip)", f.open_example)
    act("save", "&Save", f.save, K(K.StandardKey.Save))
    act("save_as", "Save &As…", f.save_as, K("Ctrl+Shift+S"))
    act("import_script", "&Import Script…", f.import_script_dialog)
    act("import_screenplay", "Import Screen&play…", f.import_screenplay_dialog,
        tip="Break a Fountain or Final Draft screenplay down into scenes and shots")
    act("import_screenplay_planned", "Import Screenplay, Shots &Planned by the Text Model…",
        lambda: f.import_screenplay_dialog(plan=True),
        tip="Break a screenplay down with a text model planning each scene's shots (size, camera move, picture)")
    act("open_timeline", "Open &Timeline…", f.open_timeline_dialog,
        tip="Bring a cut back from the editor (.otio, Final Cut XML, FCPXML, EDL) as a storyboard")
    act("import_images", "Import &Images to Panel…", f.import_images_dialog)
    act("export", "&Export…", w.open_export_dialog, K("Ctrl+E"))
    act("animatic", "Export &Animatic…", lambda: open_animatic_dialog(w))
    act("settings", "Se&ttings…", w.open_settings)
    act("quit", "&Quit", w.close, K(K.StandardKey.Quit))
    act("undo", "&Undo", w.undo, [K("Ctrl+Z")])
    act("redo", "&Redo", w.redo, [K("Ctrl+Y"), K("Ctrl+Shift+Z")])
    act("insert", "&Insert Panel", w.insert_panel, K("Ctrl+Shift+N"))
    act("duplicate", "&Duplicate Panel", w.duplicate_selected, K("Ctrl+D"))
    act("delete", "De&lete Panel", w.delete_selected, K(K.StandardKey.Delete))
    act("earlier", "Move Panel &Earlier", lambda: w.move_selected(-1), K("Alt+Left"))
    act("later", "Move Panel &Later", lambda: w.move_selected(+1), K("Alt+Right"))
    act("style", "St&yle…", lambda: pick_style(w), tip="Choose the art style of every panel, or of this panel")
    act("page_layout", "&Page Layout…", lambda: pick_template(w),
        tip="Choose a template for the page shown in the preview (splash, 2x2, 3 tiers, manga 5-panel …)")
    act("generate", "&Generate Missing Panels", w.generation.generate_missing, K("Ctrl+G"),
        "Draw every panel that has no current picture")
    act("generate_selected", "Generate &Selected", lambda: w.generation.generate(w.selected_ids()), K("Ctrl+Shift+G"))
    act("regenerate", "&Regenerate Selected", lambda: w.generation.generate(w.selected_ids(), force=True))
    act("refine", "Re&fine…", w.inspector.refine, K("Ctrl+R"))
    act("cancel", "&Cancel Generation", w.generation.cancel)
    act("openai_help", "How to Use &OpenAI", lambda: show_openai_help(w))
    act("about", "&About Panelsmith", lambda: QMessageBox.about(w, "Panelsmith", _tr(
        "Panelsmith: write a panel-by-panel script, draw every panel with the same characters, and export "
        "a strip, a picture book or a comic.")))

    w.preview.templateRequested.connect(lambda: pick_template(w))  # the preview's Template… button

    # Delete and the panel moves act on the board only, so the script editor keeps its own keys.
    for name in ("delete", "earlier", "later"):
        actions[name].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        w.board.addAction(actions[name])

    bar = w.menuBar()
    menus = [
        ("&File", ["new", "draft", "open", "example", "recent", None, "save", "save_as", None, "import_script", "import_screenplay",
                   "import_screenplay_planned", "open_timeline",
                   "import_images", "export", "animatic", None, "settings", None, "quit"]),
        ("&Edit", ["undo", "redo", None, "insert", "duplicate", "delete", None, "earlier", "later", None, "style", "page_layout"]),
        ("&Generate", ["generate", "generate_selected", "regenerate", "refine", None, "cancel"]),
        ("&Help", ["openai_help", "about"]),
    ]
    for title, names in menus:
        menu = bar.addMenu(_tr(title))
        for name in names:
            if name is None:
                menu.addSeparator()
            elif name == "recent":
                recent = menu.addMenu(_tr("Open &Recent"))
                recent.aboutToShow.connect(lambda m=recent: f.fill_recent_menu(m))
                f.fill_recent_menu(recent)
            else:
                menu.addAction(actions[name])

    tools = QToolBar(_tr("Main"), w)
    tools.setObjectName("main-toolbar")
    tools.setMovable(False)
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for name in ("new", "open", "save", None, "undo", "redo", None, "style", "generate", "refine", None, "export"):
        if name is None:
            tools.addSeparator()
        else:
            tools.addAction(actions[name])
    w.addToolBar(tools)

    def sync_undo() -> None:
        actions["undo"].setEnabled(w.stack.canUndo())
        actions["redo"].setEnabled(w.stack.canRedo())
        actions["undo"].setToolTip(_tr("Undo {what}").format(what=w.stack.undoText()))
        actions["redo"].setToolTip(_tr("Redo {what}").format(what=w.stack.redoText()))

    w.stack.indexChanged.connect(lambda _i: sync_undo())
    w.stack.cleanChanged.connect(lambda _c: sync_undo())
    sync_undo()
    return actions


def show_openai_help(w: ActionHost) -> None:
    QMessageBox.information(w, _tr("Using OpenAI"), _tr(
        "Panelsmith draws offline sketches until it has an OpenAI API key.\n\n"
        "To switch on OpenAI: open File ▸ Settings…, paste your API key (it is kept in your system's "
        "keyring, never in a project), and choose the backend “OpenAI”. Or start Panelsmith with the "
        "OPENAI_API_KEY environment variable set.\n\n"
        "An OpenAI-compatible server works too: choose “OpenAI-compatible” and enter its URL."))

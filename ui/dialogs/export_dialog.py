"""Export: PNG pages, a PDF picture book (print options and the preflight shown before writing), a CBZ
comic, a folder of panel images, or a paperback's cover wrap (paper and page count, its own preflight).
A picture book can be padded to a multiple of 4 pages with end pages; the check offers it when it warns. The check runs on a worker here; the window writes the export
on a worker too, so the dialog can close while a long book is written."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)
from PySide6.QtGui import QColor

from ui.i18n import fill_layouts, select_layout
from ui.document import snapshot_project
from model.language import language_name
from ui.workers.exporting import PRODUCTION, ExportChoice, check, untranslated_warning
from ui.i18n import interface_is_chinese
from model.pagesize import PAGE_SIZES
from ui.tasks import TaskRunner
from model.page.coverwrap import PAPERS

SUFFIX = {"png": ".png", "pdf": ".pdf", "pdfx": ".pdf", "epub": ".epub", "cbz": ".cbz", "panels": "", "cover": "-cover.pdf",
          "csv": ".csv", "shotlist": ".pdf", "otio": ".otio", "fcp7": ".xml", "fcpxml": ".fcpxml", "edl": ".edl"}
PRINT = ("pdf", "pdfx")  # the kinds that get bleed and the preflight
CHECKED = PRINT + ("cover",)  # the kinds whose check must be seen before Export
PADDED = ("png", "pdf", "pdfx", "epub", "cbz", "cover")  # the kinds a picture book's end pages go into
FOUR_PAGES = "multiple of 4"  # the check's words when a stapled book's page count is off
CHECK_PAUSE_MS = 300  # typing a size or a path re-checks once the typing pauses, not per key


def check_key(choice: ExportChoice) -> ExportChoice:
    """What the print check depends on: everything chosen but where the file goes."""
    return replace(choice, target=Path())


class ExportDialog(QDialog):
    """Collects an ExportChoice; for PDF, the preflight must have been shown before Export is enabled."""

    exportRequested = Signal(object)  # ExportChoice

    def __init__(self, project, base_path: Path | None, tasks: TaskRunner, parent: QWidget | None = None,
                 edition: str | None = None, credit: bool = True) -> None:
        super().__init__(parent)
        self.project, self.tasks = project, tasks
        self.setWindowTitle(self.tr("Export"))
        self.setMinimumWidth(560)
        self._checked_for: ExportChoice | None = None  # the check_key of the findings shown
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_PAUSE_MS)
        self._check_timer.timeout.connect(self.run_check)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        for key, label in (("png", self.tr("PNG image (one per page)")), ("pdf", self.tr("PDF picture book (print)")),
                           ("pdfx", self.tr("Print-shop PDF (CMYK, PDF/X-1a style)")),
                           ("epub", self.tr("EPUB picture book (e-readers)")),
                           ("cbz", self.tr("CBZ comic")), ("panels", self.tr("Panel images (a folder)")),
                           ("cover", self.tr("Cover wrap for a paperback (PDF: back, spine, front)")),
                           ("csv", self.tr("Shot list (CSV)")), ("shotlist", self.tr("Shot list with thumbnails (PDF)")),
                           ("otio", self.tr("Timeline (OpenTimelineIO)")),
                           ("fcp7", self.tr("Timeline (Final Cut 7 XML: Premiere, Resolve)")),
                           ("fcpxml", self.tr("Timeline (FCPXML)")), ("edl", self.tr("Timeline (CMX 3600 EDL)"))):
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        form.addRow(self.tr("Format"), self.kind)
        self.layout_box = QComboBox()
        fill_layouts(self.layout_box, project.layout)
        form.addRow(self.tr("Layout"), self.layout_box)
        self.edition_box = QComboBox()  # the original words or a translated edition (Editions ▸ Translate into…)
        self.edition_box.addItem(self.tr("Original"), None)
        for code in sorted(project.editions):
            self.edition_box.addItem(f"{language_name(code, interface_is_chinese())} ({code})", code)
        self.edition_box.setCurrentIndex(max(0, self.edition_box.findData(edition)))
        form.addRow(self.tr("Edition"), self.edition_box)
        self.size_box = QComboBox()
        self.size_box.setEditable(True)
        self.size_box.addItems(list(PAGE_SIZES))
        self.size_box.setCurrentText(project.page.page_size)
        form.addRow(self.tr("Page size"), self.size_box)
        self.dpi = QSpinBox()
        self.dpi.setRange(72, 1200)
        self.dpi.setValue(project.page.dpi)
        form.addRow(self.tr("Resolution (DPI)"), self.dpi)
        self.bleed = QCheckBox(self.tr("Add 0.125 in bleed on every side (for printers)"))
        self.bleed.setChecked(project.page.bleed)
        form.addRow(self.tr("Print"), self.bleed)
        self.pad = QCheckBox(self.tr("Fill to a multiple of 4 pages (title page, copyright page, blank pages)"))
        self.credit = QCheckBox(self.tr("“Made with Panelsmith” on the copyright page"))
        self.credit.setChecked(credit)
        self.pad.toggled.connect(self.credit.setEnabled)
        self.credit.setEnabled(False)
        pages_box = QVBoxLayout()
        pages_box.setContentsMargins(0, 0, 0, 0)
        pages_box.addWidget(self.pad)
        pages_box.addWidget(self.credit)
        self.pad_row = QWidget()
        self.pad_row.setLayout(pages_box)
        form.addRow(self.tr("End pages"), self.pad_row)
        self.paper = QComboBox()
        for key, label in (("white", self.tr("White paper")), ("cream", self.tr("Cream paper")), ("colour", self.tr("Colour paper"))):
            self.paper.addItem(label + " (" + self.tr("{inches} in a page").format(inches=PAPERS[key]) + ")", key)
        form.addRow(self.tr("Paper"), self.paper)
        self.page_count = QSpinBox()
        self.page_count.setRange(0, 5000)
        self.page_count.setSpecialValueText(self.tr("The book's own"))  # 0: counted from the book layout
        form.addRow(self.tr("Interior pages"), self.page_count)
        self._cover_rows = (self.paper, self.page_count)
        target_row = QHBoxLayout()
        self.target = QLineEdit()
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        target_row.addWidget(self.target, 1)
        target_row.addWidget(browse)
        form.addRow(self.tr("Save to"), target_row)
        layout.addLayout(form)
        self.preflight_label = QLabel(self.tr("Print check"))
        self.preflight_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.preflight_label)
        self.findings = QListWidget()
        self.findings.setMinimumHeight(150)
        layout.addWidget(self.findings)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.check_button = self.buttons.addButton(self.tr("Check"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pad_button = self.buttons.addButton(self.tr("Add end pages"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pad_button.setToolTip(self.tr("Fill the book to a multiple of 4 pages with a title page, a copyright page and blank pages"))
        self.pad_button.clicked.connect(lambda: self.pad.setChecked(True))
        self.pad_button.setVisible(False)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.check_button.clicked.connect(self.run_check)
        self.export_button.clicked.connect(self.run_export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._base = base_path
        for w in (self.layout_box, self.size_box, self.kind, self.edition_box):
            w.currentTextChanged.connect(self._invalidate)
        self.dpi.valueChanged.connect(self._invalidate)
        self.bleed.toggled.connect(self._invalidate)
        for box in (self.pad, self.credit):
            box.toggled.connect(self._invalidate)
        self.paper.currentTextChanged.connect(self._invalidate)
        self.page_count.valueChanged.connect(self._invalidate)
        self.target.textChanged.connect(self._invalidate)
        self._kind_changed()

    def choice(self) -> ExportChoice:
        kind = self.kind.currentData()
        book = kind == "cover" or self.layout_box.currentData() == "book"
        return ExportChoice(kind, Path(self.target.text().strip()).expanduser(),
                            self.layout_box.currentData(), self.size_box.currentText().strip(), self.dpi.value(),
                            self.bleed.isChecked() and kind in PRINT, self.edition_box.currentData(),
                            pad=self.pad.isChecked() and book and kind in PADDED, credit=self.credit.isChecked(),
                            paper=self.paper.currentData(), pages=self.page_count.value() or None)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.bleed.setEnabled(kind in PRINT)
        self.layout_box.setEnabled(kind != "cover")  # a cover wraps the picture book
        for widget in self._cover_rows:
            widget.setEnabled(kind == "cover")
        for box in (self.size_box, self.dpi):
            box.setEnabled(kind not in PRODUCTION)  # a shot list or a timeline has no pages
        if kind in PRODUCTION:
            self.layout_box.setEnabled(False)
        if kind == "cover" or (kind in PRINT + ("epub",) and self.layout_box.currentData() == "strip"):
            select_layout(self.layout_box, "book")
        stem = self._base.with_suffix("") if self._base else Path.home() / (self.project.title or "panelsmith")
        self.target.setText(str(stem.parent / (stem.name + ("-panels" if kind == "panels" else "") + SUFFIX[kind])))
        self._invalidate()

    def _invalidate(self, *_args) -> None:
        kind = self.kind.currentData()
        self.pad_row.setEnabled(kind in PADDED and (kind == "cover" or self.layout_box.currentData() == "book"))
        needs_check = kind in CHECKED
        self.preflight_label.setVisible(needs_check)
        self.findings.setVisible(needs_check)
        self.check_button.setVisible(needs_check)
        current = check_key(self.choice())
        self.export_button.setEnabled(not needs_check or self._checked_for == current)
        if needs_check and self._checked_for != current:
            self.findings.clear()
            self.pad_button.setVisible(False)
            self._check_timer.start()
        elif not needs_check:
            self.status.setText(untranslated_warning(self.project, self.choice()) or "")

    def _browse(self) -> None:
        kind = self.kind.currentData()
        if kind == "panels":
            path = QFileDialog.getExistingDirectory(self, self.tr("Folder for panel images"), self.target.text())
        else:
            suffix = ".pdf" if kind == "cover" else SUFFIX[kind]
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.target.text(), f"*{suffix}")
        if path:
            if kind != "panels" and not path.lower().endswith(".pdf" if kind == "cover" else SUFFIX[kind]):
                path += ".pdf" if kind == "cover" else SUFFIX[kind]
            self.target.setText(path)

    def run_check(self) -> None:
        self._check_timer.stop()
        choice, project = check_key(self.choice()), snapshot_project(self.project)
        self.status.setText(self.tr("Checking…"))
        self.check_button.setEnabled(False)
        self.tasks.run(lambda: (choice, check(project, choice)), self._checked, self._error)

    def _checked(self, answer) -> None:
        choice, findings = answer
        self.check_button.setEnabled(True)
        if choice != check_key(self.choice()):
            return  # an answer for options changed since; their own check is on its way
        self.findings.clear()
        warnings = 0
        # A stapled book's page count is off: offer the end pages that fix it (one click, then checked again).
        self.pad_button.setVisible(any(FOUR_PAGES in text for text in findings) and not self.pad.isChecked())
        for text in findings:
            item = QListWidgetItem(text)
            if text.startswith("warning"):
                warnings += 1
                item.setForeground(QColor("#b23c17"))
            self.findings.addItem(item)
        self._checked_for = choice
        self.status.setText(self.tr("{n} warnings. Export anyway, or fix them first.").format(n=warnings)
                            if warnings else self.tr("Ready to print."))
        self.export_button.setEnabled(True)

    def run_export(self) -> None:
        """Hand the choice to the window, which writes it in the background; the dialog closes."""
        choice = self.choice()
        if not self.target.text().strip():
            self.status.setText(self.tr("Choose where to save the export."))
            return
        self.exportRequested.emit(choice)
        self.accept()

    def _error(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.status.setText(message)
        self.status.setStyleSheet("color: #b23c17;")

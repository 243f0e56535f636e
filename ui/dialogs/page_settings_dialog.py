"""Page settings at hand: page size, bleed, margins, padding, gutter, borders, background, reading direction,
DPI, grid, book text. What the script's `Page:` line holds is written back into the script by SetPageCommand."""
from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget,
)

from model.errors import BadInputError
from model.pagesize import PAGE_SIZES, is_auto, parse_page_size
from model.project.project import PageSettings


def _mm(value: float, top: float = 100.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0.0, top)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setValue(value)
    return box


class PageSettingsDialog(QDialog):
    def __init__(self, page: PageSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Page settings"))
        self.page = copy.copy(page)
        form = QFormLayout(self)
        self.size = QComboBox()
        self.size.setEditable(True)
        self.size.addItems(list(PAGE_SIZES))
        self.size.setCurrentText(page.page_size)
        form.addRow(self.tr("Page size"), self.size)
        self.bleed = QCheckBox(self.tr("Add 0.125 in bleed on every side (for printers)"))
        self.bleed.setChecked(page.bleed)
        form.addRow(self.tr("Bleed"), self.bleed)
        self.margin = _mm(page.margin_mm)
        form.addRow(self.tr("Margin (mm)"), self.margin)
        self.padding = _mm(page.padding_mm)
        form.addRow(self.tr("Padding around panels (mm)"), self.padding)
        self.gutter = _mm(page.gutter_mm)
        form.addRow(self.tr("Gutter between panels (mm)"), self.gutter)
        self.border = _mm(page.border_width_pt, 20.0)
        form.addRow(self.tr("Border width (pt)"), self.border)
        self.border_color = QLineEdit(page.border_color)
        form.addRow(self.tr("Border colour"), self.border_color)
        self.radius = _mm(page.corner_radius_mm, 30.0)
        form.addRow(self.tr("Corner radius (mm)"), self.radius)
        self.background = QLineEdit(page.background)
        form.addRow(self.tr("Background"), self.background)
        self.direction = QComboBox()
        self.direction.addItem(self.tr("Left to right"), "ltr")
        self.direction.addItem(self.tr("Right to left (manga)"), "rtl")
        self.direction.setCurrentIndex(self.direction.findData(page.direction))
        form.addRow(self.tr("Reading direction"), self.direction)
        self.dpi = QSpinBox()
        self.dpi.setRange(72, 1200)
        self.dpi.setValue(page.dpi)
        form.addRow(self.tr("Export DPI"), self.dpi)
        self.rows = QSpinBox()
        self.rows.setRange(1, 8)
        self.rows.setValue(page.grid_rows)
        form.addRow(self.tr("Grid rows"), self.rows)
        self.columns = QSpinBox()
        self.columns.setRange(1, 8)
        self.columns.setValue(page.grid_columns)
        form.addRow(self.tr("Grid columns"), self.columns)
        self.book_text = QComboBox()
        self.book_text.addItem(self.tr("In a band under the picture"), "band")
        self.book_text.addItem(self.tr("In balloons over the picture"), "over")
        self.book_text.setCurrentIndex(self.book_text.findData(page.book_text))
        form.addRow(self.tr("Picture-book words"), self.book_text)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        size = self.size.currentText().strip()
        if not is_auto(size):
            try:
                parse_page_size(size, self.dpi.value())
            except BadInputError as exc:
                self.problem.setText(str(exc))  # one sentence; the dialog stays open with everything kept
                return
        super().accept()

    def result_settings(self) -> PageSettings:
        p = copy.copy(self.page)
        p.page_size = self.size.currentText().strip() or p.page_size
        p.bleed = self.bleed.isChecked()
        p.margin_mm, p.padding_mm, p.gutter_mm = self.margin.value(), self.padding.value(), self.gutter.value()
        p.border_width_pt, p.corner_radius_mm = self.border.value(), self.radius.value()
        p.border_color = self.border_color.text().strip() or "#000000"
        p.background = self.background.text().strip() or "#ffffff"
        p.direction = self.direction.currentData()
        p.dpi, p.grid_rows, p.grid_columns = self.dpi.value(), self.rows.value(), self.columns.value()
        p.book_text = self.book_text.currentData()
        return p

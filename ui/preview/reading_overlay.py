"""The reading order drawn over the page preview: each balloon numbered in the order a reader meets it
(model.page.readingorder), with arrows from one to the next; a balloon read before a line the script puts
ahead of it is numbered in red."""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF
from PySide6.QtGui import QBrush, QColor, QFont, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsLineItem, QGraphicsPolygonItem, QGraphicsScene, QGraphicsSimpleTextItem

from model.page.readingorder import read_balloons

IN_ORDER = QColor("#1e88e5")
OUT_OF_ORDER = QColor("#d32f2f")


class ReadingOverlay:
    """Numbered circles and arrows on a scene, redrawn for each page shown."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: list[QGraphicsItem] = []

    def clear(self) -> None:
        for item in self.items:
            self.scene.removeItem(item)
        self.items = []

    def show(self, page, rtl: bool, px) -> None:
        """Draw the order of `page`'s balloons; `px` turns page points into scene pixels."""
        self.clear()
        read = read_balloons(page, rtl)
        later = sorted(read, key=lambda b: (b.panel, b.line))
        centres = [(px(b.body.center[0]), px(b.body.center[1])) for b in read]
        radius = max(9.0, px(13.0))  # about the size of a word balloon's letters, at any zoom
        for (x0, y0), (x1, y1) in zip(centres, centres[1:]):
            self._arrow(x0, y0, x1, y1, radius)
        for n, (balloon, (x, y)) in enumerate(zip(read, centres), start=1):
            colour = IN_ORDER if later[n - 1] is balloon else OUT_OF_ORDER
            dot = QGraphicsEllipseItem(x - radius, y - radius, 2 * radius, 2 * radius)
            dot.setBrush(QBrush(colour))
            dot.setPen(QPen(QColor("#ffffff"), 2))
            dot.setZValue(11)
            label = QGraphicsSimpleTextItem(str(n))
            font = QFont()
            font.setBold(True)
            font.setPixelSize(int(radius * 1.2))
            label.setFont(font)
            label.setBrush(QBrush(QColor("#ffffff")))
            box = label.boundingRect()
            label.setPos(x - box.width() / 2, y - box.height() / 2)
            label.setZValue(12)
            for item in (dot, label):
                self.scene.addItem(item)
                self.items.append(item)

    def _arrow(self, x0: float, y0: float, x1: float, y1: float, radius: float) -> None:
        length = math.hypot(x1 - x0, y1 - y0)
        if length <= 2 * radius:
            return
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        sx, sy, ex, ey = x0 + ux * radius, y0 + uy * radius, x1 - ux * radius, y1 - uy * radius
        pen = QPen(IN_ORDER, 2.5)
        line = QGraphicsLineItem(sx, sy, ex, ey)
        line.setPen(pen)
        line.setZValue(10)
        head = radius * 0.8
        tip = QPolygonF([QPointF(ex, ey), QPointF(ex - ux * head - uy * head * 0.6, ey - uy * head + ux * head * 0.6),
                         QPointF(ex - ux * head + uy * head * 0.6, ey - uy * head - ux * head * 0.6)])
        arrowhead = QGraphicsPolygonItem(tip)
        arrowhead.setBrush(QBrush(IN_ORDER))
        arrowhead.setPen(QPen(IN_ORDER, 1))
        arrowhead.setZValue(10)
        for item in (line, arrowhead):
            self.scene.addItem(item)
            self.items.append(item)

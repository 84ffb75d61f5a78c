"""Map labels without collisions: greedy placement with bounding boxes and leader lines.

The map faces (report and dashboard) place their names the same way: marks (centres,
zones, crossings) are *blocked* first, then labels are offered in priority order
(centres and large regions first) with candidate positions around their anchor, nearest
first. A label takes the first candidate whose box is inside the frame and overlaps no
blocked box; a candidate further out than the first ring gets a leader line back to its
anchor. A label that fits nowhere is dropped (the name stays in the mark's tooltip and in
the tables), unless it is *forced*.

Widths are measured with the font's advance widths (:mod:`shekara.present.metrics`).

Example:
    >>> p = LabelPlacer(200.0, 100.0)
    >>> p.block(95.0, 45.0, 105.0, 55.0)
    >>> first = p.place_around("Омск", 100.0, 50.0, size=10.0)
    >>> first is not None and first.leader is None
    True
    >>> p.block(0.0, 0.0, 200.0, 100.0)  # nothing is free any more: the label is dropped
    >>> p.place_around("Уральск", 100.0, 50.0, size=10.0) is None
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shekara.present.metrics import text_width

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
#: Directions tried around a point, in the order a reader expects a name (right, above…).
DIRECTIONS: tuple[tuple[float, float], ...] = (
    (1, -1),
    (1, 1),
    (-1, -1),
    (-1, 1),
    (1, 0),
    (-1, 0),
    (0, -1),
    (0, 1),
)


@dataclass(frozen=True)
class PlacedLabel:
    """A placed label: baseline position, anchor (start/middle/end), size and box."""

    text: str
    x: float
    y: float
    anchor: str
    size: float
    box: Box
    leader: tuple[float, float, float, float] | None = None  # anchor point → label edge


def overlap(a: Box, b: Box) -> bool:
    """True when two boxes share an area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_box(x: float, y: float, anchor: str, width: float, size: float) -> Box:
    """The box of a text of *width* whose baseline starts (or is anchored) at x, y."""
    x0 = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return (x0 - 1.0, y - 0.8 * size, x0 + width + 1.0, y + 0.25 * size)


class LabelPlacer:
    """Greedy placement inside a frame of *width* × *height* (px of the drawing)."""

    def __init__(self, width: float, height: float, margin: float = 2.0) -> None:
        self.boxes: list[Box] = []
        self.frame = (margin, margin, width - margin, height - margin)

    def block(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Keep labels off a mark's box."""
        self.boxes.append((x0, y0, x1, y1))

    def free(self, box: Box) -> bool:
        """True when *box* is inside the frame and overlaps nothing placed or blocked."""
        f = self.frame
        inside = box[0] >= f[0] and box[1] >= f[1] and box[2] <= f[2] and box[3] <= f[3]
        return inside and not any(overlap(box, b) for b in self.boxes)

    def place(
        self,
        text: str,
        size: float,
        candidates: Sequence[tuple[float, float, str]],
        *,
        force: bool = False,
    ) -> PlacedLabel | None:
        """The first free candidate (x, y, anchor); the first one anyway when *force*."""
        width = text_width(text, size)
        first: PlacedLabel | None = None
        for x, y, anchor in candidates:
            label = PlacedLabel(text, x, y, anchor, size, label_box(x, y, anchor, width, size))
            first = first or label
            if self.free(label.box):
                self.boxes.append(label.box)
                return label
        if force and first is not None:
            self.boxes.append(first.box)
            return first
        return None

    def place_around(
        self,
        text: str,
        x: float,
        y: float,
        *,
        size: float,
        gap: float = 8.0,
        rings: int = 3,
        force: bool = False,
    ) -> PlacedLabel | None:
        """A label beside the point (x, y): eight directions, then rings further out; a label
        off the first ring carries a leader line from the point to its nearest box edge."""
        width = text_width(text, size)
        for ring in range(rings):
            d = gap + ring * 1.4 * size
            for dx, dy in DIRECTIONS:
                anchor = "start" if dx > 0 else "end" if dx < 0 else "middle"
                lx = x + dx * d
                ly = y + (dy * d + (0.8 * size if dy > 0 else 0.0)) + (0.3 * size if dy == 0 else 0)
                box = label_box(lx, ly, anchor, width, size)
                if self.free(box):
                    self.boxes.append(box)
                    leader = None
                    if ring > 0:
                        ex = min(max(x, box[0]), box[2])
                        ey = min(max(y, box[1]), box[3])
                        leader = (round(x, 1), round(y, 1), round(ex, 1), round(ey, 1))
                    return PlacedLabel(text, lx, ly, anchor, size, box, leader)
        if force:
            return self.place(text, size, [(x + gap, y - gap, "start")], force=True)
        return None

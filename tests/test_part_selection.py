"""Selections and the part-redraw geometry: the model always gets context around the selection, and
whatever it draws, only the selection and its feather change."""
from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image

from model.errors import BadInputError
from model.picture.drawing import read_layer, white_to_alpha
from model.picture.partredraw import MIN_CONTEXT, composite_part, context_region, model_inputs, plan_part
from model.picture.selection import box_selection, mask_selection, parse_box, polygon_selection


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_tiny_selection_is_grown_to_the_minimum_context() -> None:
    selection = box_selection(1536, 1024, (0.5, 0.5, 0.004, 0.004))
    left, top, right, bottom = context_region(selection, 1536, 1024)
    assert right - left >= MIN_CONTEXT and bottom - top >= MIN_CONTEXT
    sl, st_, sr, sb = selection.bounds
    assert left < sl and top < st_ and right > sr and bottom > sb  # context on every side


def test_a_selection_at_the_edge_keeps_its_context_inside_the_picture() -> None:
    selection = box_selection(800, 600, (0.0, 0.0, 0.1, 0.9))
    left, top, right, bottom = context_region(selection, 800, 600)
    assert (left, top) == (0, 0) and right <= 800 and bottom <= 600
    assert 1 / 3 <= (right - left) / (bottom - top) <= 3


@given(x=st.floats(0, 0.9), y=st.floats(0, 0.9), w=st.floats(0.01, 0.5), h=st.floats(0.01, 0.5), seed=st.integers(0, 99))
@settings(max_examples=25, deadline=None)
def test_whatever_the_model_draws_only_the_selection_and_its_feather_change(x, y, w, h, seed) -> None:
    w, h = min(w, 1 - x), min(h, 1 - y)
    rng = np.random.default_rng(seed)
    picture = Image.fromarray(rng.integers(0, 255, (120, 160, 3), dtype=np.uint8), "RGB")
    selection = box_selection(160, 120, (x, y, w, h))
    part = plan_part(selection, 160, 120, "parent")
    crop, mask, _plain = model_inputs(picture, part, (64, 48))
    assert Image.open(io.BytesIO(mask)).size == Image.open(io.BytesIO(crop)).size == (64, 48)
    drawn = Image.fromarray(rng.integers(0, 255, (48, 64, 3), dtype=np.uint8), "RGB")
    out = np.array(composite_part(picture, drawn, part))
    reach = np.array(selection.mask) >= 128
    ys, xs = np.nonzero(reach)
    f = part.feather + 1
    far = np.ones(reach.shape, bool)
    far[max(0, ys.min() - f):ys.max() + f + 1, max(0, xs.min() - f):xs.max() + f + 1] = False
    assert np.array_equal(out[far], np.array(picture)[far])


def test_bad_boxes_and_masks_say_one_sentence() -> None:
    with pytest.raises(BadInputError, match="outside the panel"):
        box_selection(100, 100, (0.5, 0.5, 0.6, 0.1))
    with pytest.raises(BadInputError, match="four numbers"):
        parse_box("1,2,3")
    with pytest.raises(BadInputError, match="too short"):
        polygon_selection(100, 100, [(1, 1), (5, 5)])
    with pytest.raises(BadInputError, match="selects nothing"):
        mask_selection(_png(Image.new("RGBA", (10, 10), (255, 255, 255, 0))), 10, 10)  # transparent white keeps
    selection = mask_selection(_png(Image.new("L", (20, 10), 255)), 40, 20)
    assert "scaled" in selection.note and selection.mask.size == (40, 20)


def test_white_becomes_transparent_and_colours_keep_their_look_over_white() -> None:
    scan = Image.new("RGB", (4, 1))
    scan.putdata([(255, 255, 255), (0, 0, 0), (200, 200, 200), (220, 40, 40)])
    layer = np.array(white_to_alpha(scan)).astype(int)
    assert layer[0, 0, 3] == 0 and tuple(layer[0, 1]) == (0, 0, 0, 255)
    over_white = layer[0, :, :3] * layer[0, :, 3:] / 255 + 255 * (1 - layer[0, :, 3:] / 255)
    assert np.abs(over_white - np.array(scan)).max() <= 1
    with pytest.raises(BadInputError, match="empty"):
        read_layer(_png(Image.new("RGB", (8, 8), "white")), None)

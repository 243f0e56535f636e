"""Named art styles: what a `Style:` line can select, in English and Chinese.

Each preset is a prompt fragment (written here, in our own words: no studio or artist names) plus
the parameters the offline sketch renderer draws it with (`SketchLook`), so a style shows offline
too. A style line is `preset; free words`, either part optional (`Style: manga; rainy neon city`,
`风格：绘本水彩；雨夜`); a style line that names no preset is free text, exactly as before.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from model.project.project import Panel, Project

RGB = tuple[int, int, int]

# How the sketch renderer fills areas: flat printed colour, animation cels (flat colour with one shadow
# tone), watercolour wash on textured paper, screentone dots, ink hatching, soft clay shading, oil brush
# texture, or pencil grey.
FILLS = ("flat", "cel", "wash", "screentone", "hatching", "clay", "oil", "pencil")


@dataclass(frozen=True)
class SketchLook:
    """How the offline sketch renderer draws a style (see `generation.sketch.looks`)."""

    fill: str = "flat"  # one of FILLS
    palette: tuple[RGB, ...] | None = None  # the colours areas are reduced to; None keeps the sketch's own
    monochrome: bool = False  # greys only: no colour at all
    line_weight: float = 1.0  # ink outlines as a multiple of the default; 0 draws none
    wobble: float = 0.0  # hand tremble of the outlines: 0 ruled … 1 loose
    contrast: float = 1.0  # 1 keeps the sketch's contrast
    darkness: float = 0.0  # 0 keeps its brightness, 1 is black
    softness: float = 0.0  # edge blur: 0 crisp … 1 very soft
    saturation: float = 1.0  # 1 keeps the colours, 0 is grey
    paper: RGB = (250, 248, 240)  # the ground light areas and textures sit on
    ink: RGB = (28, 26, 30)  # the outline colour

    def __post_init__(self) -> None:
        if self.fill not in FILLS:
            raise ValueError(f"unknown fill {self.fill!r}; use one of {', '.join(FILLS)}")


@dataclass(frozen=True)
class StylePreset:
    """A named style: how it is called, what the image model is told, and how the sketch draws it."""

    id: str  # canonical, e.g. "picture-book"
    name: str  # English name
    name_zh: str  # Chinese name
    aliases: tuple[str, ...]  # other English names a script may use
    aliases_zh: tuple[str, ...]
    description: str  # one line, English
    description_zh: str
    prompt: str  # the prompt fragment (original wording)
    look: SketchLook

    def names(self) -> tuple[str, ...]:
        """Every name this preset answers to, canonical ones first."""
        return (self.id, self.name, self.name_zh) + self.aliases + self.aliases_zh

    def display_name(self, language: str = "en") -> str:
        return self.name_zh if language.startswith("zh") else self.name


@dataclass(frozen=True)
class ResolvedStyle:
    """A style line read: the preset it names (if any) and the free words around it."""

    preset: StylePreset | None
    free_text: str

    @property
    def look(self) -> SketchLook | None:
        return self.preset.look if self.preset else None


STYLES: tuple[StylePreset, ...] = (
    StylePreset(
        "picture-book", "Picture book", "绘本水彩",
        ("children's picture book", "childrens picture book", "picture-book", "storybook", "watercolour",
         "watercolor", "soft watercolour", "soft watercolor", "watercolour picture book"),
        ("绘本", "儿童绘本", "水彩绘本", "水彩", "童书插画"),
        "Children's picture book: soft watercolour washes on textured paper.",
        "儿童绘本：纹理纸上的柔和水彩晕染。",
        "a children's picture-book illustration in soft watercolour: gentle washes of colour that bleed "
        "softly at their edges, visible paper grain, light pencil outlines, a warm pastel palette, simple "
        "rounded shapes and friendly faces",
        SketchLook(fill="wash", line_weight=0.6, wobble=0.35, softness=0.6, saturation=1.3,
                   paper=(250, 244, 230), ink=(104, 80, 70)),
    ),
    StylePreset(
        "animation-still", "Animation film still", "手绘动画",
        ("hand-drawn animation", "hand drawn animation", "animation still", "animated film", "animated film still",
         "anime film", "anime", "cel animation", "film still"),
        ("动画电影", "动画剧照", "手绘动画电影", "动画", "赛璐璐"),
        "A still from a hand-drawn animated film: clean lines, cel shading, painted skies.",
        "手绘动画电影的一帧：干净的线条，赛璐璐上色，手绘天空。",
        "a still frame from a hand-drawn animated feature film: clean thin outlines, flat cel-shaded "
        "characters with a single soft shadow tone, richly painted backgrounds in soft daylight, lush "
        "natural colours, cinematic framing",
        SketchLook(fill="cel", line_weight=0.7, wobble=0.05, softness=0.15, saturation=1.3, contrast=1.08,
                   ink=(52, 46, 60),
                   palette=((252, 250, 242), (214, 236, 248), (128, 190, 232), (60, 120, 190),
                            (174, 214, 130), (90, 160, 90), (40, 96, 70), (250, 226, 180),
                            (236, 176, 130), (200, 90, 70), (250, 214, 90), (130, 96, 80),
                            (60, 54, 70), (170, 170, 186), (120, 122, 130), (88, 90, 100))),
    ),
    StylePreset(
        "manga", "Manga", "漫画",
        ("black and white manga", "black-and-white manga", "manga style", "screentone"),
        ("日漫", "黑白漫画", "日式漫画", "网点"),
        "Black-and-white manga: inked lines, screentone dots, solid blacks.",
        "黑白日式漫画：墨线、网点、实黑。",
        "black-and-white manga artwork: crisp inked lines of varying weight, screentone dot shading, "
        "solid black shadows, speed lines where there is motion, no colour at all",
        SketchLook(fill="screentone", monochrome=True, line_weight=1.4, wobble=0.05, contrast=1.3,
                   saturation=0.0, paper=(255, 255, 255), ink=(10, 10, 10)),
    ),
    StylePreset(
        "newspaper-strip", "Newspaper comic strip", "报纸连环漫画",
        ("newspaper comic", "newspaper strip", "comic strip", "funnies", "sunday funnies", "newspaper"),
        ("报纸漫画", "连环漫画", "报刊漫画", "报纸四格"),
        "A newspaper comic strip: bold ink outlines, a few flat printed colours.",
        "报纸连环漫画：粗墨线，少量平涂印刷色。",
        "a newspaper comic strip: bold, even black ink outlines, a few flat printed colours without "
        "gradients, simple expressive cartoon characters, clear uncluttered backgrounds",
        SketchLook(fill="flat", line_weight=1.8, wobble=0.1, contrast=1.1, saturation=1.0,
                   paper=(250, 246, 232), ink=(20, 18, 20),
                   palette=((250, 246, 232), (248, 214, 80), (230, 70, 60), (90, 150, 210),
                            (120, 180, 100), (240, 180, 150), (176, 176, 170), (50, 70, 130), (226, 200, 150),
                            (20, 18, 20))),
    ),
    StylePreset(
        "noir", "Noir", "黑色电影",
        ("film noir", "noir comic", "hard-boiled", "high contrast"),
        ("黑色", "黑色漫画", "暗黑", "高反差"),
        "Noir: deep shadows, hard light, stark black and white.",
        "黑色电影：深重的阴影，硬光，强烈的黑白对比。",
        "a high-contrast noir comic panel: deep black shadows over most of the frame, hard-edged light "
        "from a single source, stark black and white with a few grey tones, rain-slick surfaces, dramatic "
        "angles",
        SketchLook(fill="hatching", monochrome=True, line_weight=1.6, wobble=0.05, contrast=1.6, darkness=0.3,
                   saturation=0.0, paper=(228, 226, 220), ink=(6, 6, 8)),
    ),
    StylePreset(
        "oil-painting", "Oil painting", "油画",
        ("oil", "oils", "oil paint", "painterly", "oil on canvas"),
        ("布面油画", "油彩"),
        "An oil painting: thick brushstrokes, rich colour, canvas texture.",
        "油画：厚重的笔触，浓郁的色彩，画布纹理。",
        "an oil painting on canvas: thick visible brushstrokes, rich layered colour, softly blended "
        "edges, warm directional light, the texture of the paint and the weave of the canvas",
        SketchLook(fill="oil", line_weight=0.0, softness=0.45, saturation=1.2, contrast=1.1, darkness=0.08,
                   paper=(236, 222, 196), ink=(70, 50, 40)),
    ),
    StylePreset(
        "clay", "3D clay", "3D黏土",
        ("3d clay", "clay toy", "3d toy", "toy", "claymation", "plasticine", "stop motion", "stop-motion"),
        ("黏土", "粘土", "3D粘土", "黏土动画", "玩具", "定格动画", "橡皮泥"),
        "A 3D clay toy scene: rounded matte plasticine, soft studio light.",
        "3D黏土玩具场景：圆润的哑光黏土，柔和的影棚光。",
        "a 3D clay toy scene: characters and props modelled from smooth matte plasticine with rounded "
        "forms and visible thumbprints, soft studio lighting, gentle shadows, shallow depth of field, a "
        "handmade miniature look",
        SketchLook(fill="clay", line_weight=0.45, softness=0.7, saturation=1.15, contrast=1.05,
                   paper=(240, 236, 228), ink=(80, 70, 70)),
    ),
    StylePreset(
        "pencil-storyboard", "Pencil storyboard", "铅笔分镜",
        ("storyboard", "pencil", "pencil sketch", "rough", "rough storyboard", "sketch", "thumbnail sketch"),
        ("分镜草图", "铅笔", "铅笔草图", "素描", "草图"),
        "A quick pencil storyboard: loose grey lines on white paper.",
        "快速铅笔分镜：白纸上松散的灰色线条。",
        "a quick pencil storyboard sketch: loose grey graphite lines, rough construction strokes, simple "
        "tonal shading, no colour, white paper, the focus on staging and camera",
        SketchLook(fill="pencil", monochrome=True, line_weight=0.8, wobble=0.8, contrast=0.7,
                   saturation=0.0, paper=(250, 250, 248), ink=(90, 90, 96)),
    ),
    StylePreset(
        "ink-wash", "Ink wash", "水墨",
        ("ink wash painting", "ink-and-wash", "sumi-e", "brush painting", "chinese ink painting"),
        ("水墨画", "国画", "中国水墨", "写意"),
        "Chinese ink-wash painting: graded black ink, soft bleeding edges, rice paper.",
        "中国水墨画：浓淡墨色，柔和晕染，宣纸质感。",
        "a Chinese ink-wash painting: brushed black ink in graded washes from deep black to pale grey, "
        "soft bleeding edges, generous empty space, rice-paper texture, one small red seal as the only colour",
        SketchLook(fill="wash", monochrome=True, line_weight=1.1, wobble=0.4, softness=0.7, contrast=1.2,
                   saturation=0.0, paper=(244, 238, 224), ink=(24, 22, 22)),
    ),
)

_SEPARATORS = re.compile(r"[;；]")
_ITEM = re.compile(r"[,，、]")
_KEYWORD = re.compile(r"^\s*(?:style|风格)\s*[:：]\s*", re.I)
_SUFFIX = re.compile(r"(?:\s+style|\s*风格|\s*风)$")


def _key(text: str) -> str:
    """A name as it is compared: case, dashes, apostrophes, spacing and a trailing "style" ignored."""
    text = text.casefold().replace("’", "'").replace("'", "")
    text = " ".join(re.sub(r"[-_/]+", " ", text).split())
    bare = _SUFFIX.sub("", text).strip()
    return bare or text


_BY_KEY: dict[str, StylePreset] = {}
for _preset in STYLES:
    for _name in _preset.names():
        _BY_KEY.setdefault(_key(_name), _preset)


def find_style(text: str) -> StylePreset | None:
    """The preset `text` names (an id, an English or Chinese name or alias), or None."""
    return _BY_KEY.get(_key(text))


def style_by_id(preset_id: str) -> StylePreset:
    """The preset with this canonical id (KeyError if there is none)."""
    for preset in STYLES:
        if preset.id == preset_id:
            return preset
    raise KeyError(preset_id)


def resolve_style(style_line: str) -> ResolvedStyle:
    """Read a style line (`manga; rainy neon city`, `风格：绘本水彩；雨夜`, with or without its keyword).

    The line is split at semicolons. The first part that is a preset's name selects it; a part whose
    first comma item is a preset's name selects it too (`picture book, autumn colours`). Everything
    else is kept, in order, as free text. A line naming no preset is all free text.
    """
    line = _KEYWORD.sub("", style_line).strip()
    parts = [p.strip() for p in _SEPARATORS.split(line)]
    for i, part in enumerate(parts):
        preset = find_style(part)
        if preset is None:
            head, _, tail = (x.strip() for x in _split_item(part))
            if not tail or (preset := find_style(head)) is None:
                continue
            parts[i] = tail
        else:
            parts[i] = ""
        return ResolvedStyle(preset, "; ".join(p for p in parts if p))
    return ResolvedStyle(None, "; ".join(p for p in parts if p))


def _split_item(part: str) -> tuple[str, str, str]:
    """A part cut at its first comma (half- or full-width, or 、)."""
    m = _ITEM.search(part)
    return (part[:m.start()], m.group(), part[m.end():]) if m else (part, "", "")


def suggest(name: str, limit: int = 3) -> list[str]:
    """Preset names close to `name` (a mistyped one), best first, one per preset, for a did-you-mean."""
    key = _key(name)
    if not key:
        return []
    keys = list(_BY_KEY)
    found: list[str] = []
    seen: set[str] = set()
    for close in difflib.get_close_matches(key, keys, n=12, cutoff=0.75):
        preset = _BY_KEY[close]
        if preset.id in seen:
            continue
        seen.add(preset.id)
        found.append(next(n for n in preset.names() if _key(n) == close))
        if len(found) >= limit:
            break
    return found


def _looks_like_a_name(part: str) -> bool:
    """One Latin word, or a short run of CJK letters with no punctuation: what a preset name looks like."""
    part = part.strip()
    if re.fullmatch(r"[^\W\d_][\w'’\-]*", part) and not re.search(r"[\u3400-\u9fff]", part):
        return True
    return bool(re.fullmatch(r"[\u3400-\u4dbf\u4e00-\u9fff0-9A-Za-z]{1,6}", part))


def style_warning(style_line: str) -> str | None:
    """One sentence when a style line seems to mistype a preset, else None.

    A part (between semicolons) is taken for a mistyped preset only when it names no preset, is a
    single word (or at most six CJK characters), and is close to a preset's name; so genuine free-text
    styles ("soft crayon", "cyberpunk") are never warned about.
    """
    line = _KEYWORD.sub("", style_line).strip()
    for part in (p.strip() for p in _SEPARATORS.split(line)):
        if not part or find_style(part) or not _looks_like_a_name(part):
            continue
        close = suggest(part)
        if close:
            names = ", ".join(p.id for p in STYLES)
            return (f"unknown style preset “{part}”; did you mean “{close[0]}”? Presets: {names} "
                    "(anything else is kept as free-text style).")
    return None


def style_line(project: Project, panel: Panel | None = None) -> str:
    """The style line that applies to `panel`: its own `Style:` line, else the project's."""
    own = panel.style.strip() if panel is not None else ""
    return own or project.style.strip()


def panel_style(project: Project, panel: Panel | None = None) -> ResolvedStyle:
    """The style `panel` is drawn in (the project's when `panel` is None or has no style of its own)."""
    return resolve_style(style_line(project, panel))


def preset_list(language: str = "en") -> str:
    """The presets' names, one line, for messages."""
    return ", ".join(p.display_name(language) for p in STYLES)

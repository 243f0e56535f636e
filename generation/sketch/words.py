"""Words the offline sketch renderer understands: colours, places, times of day, creatures and props.

English and Chinese from the start. Matching is case-insensitive for Latin words (whole words) and a
plain substring search for Chinese, which has no spaces between words.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

RGB = tuple[int, int, int]

COLOURS: dict[str, RGB] = {
    # English, longest first when matched, so "navy blue" and "caramel" win over "blue" and "brown".
    "caramel": (196, 124, 62), "chocolate": (110, 62, 34), "brown": (139, 90, 52), "tan": (210, 180, 140),
    "beige": (222, 206, 170), "cream": (246, 236, 206), "ivory": (246, 242, 224), "white": (246, 246, 242),
    "black": (34, 34, 38), "grey": (140, 140, 146), "gray": (140, 140, 146), "silver": (186, 190, 198),
    "red": (208, 48, 48), "crimson": (176, 22, 52), "scarlet": (226, 50, 36), "maroon": (118, 32, 42),
    "pink": (238, 142, 170), "magenta": (200, 40, 140), "orange": (240, 132, 36), "orange-red": (236, 84, 40),
    "amber": (240, 170, 40), "gold": (222, 178, 52), "golden": (222, 178, 52), "yellow": (244, 208, 58),
    "lime": (150, 210, 60), "green": (70, 150, 80), "olive": (120, 130, 60), "emerald": (40, 150, 100),
    "teal": (40, 140, 140), "turquoise": (64, 190, 190), "cyan": (70, 190, 220), "sky-blue": (120, 180, 230),
    "blue": (52, 100, 196), "navy": (32, 46, 98), "indigo": (70, 60, 150), "purple": (128, 70, 160),
    "violet": (150, 100, 200), "lavender": (190, 170, 225), "rust": (170, 80, 40), "copper": (184, 110, 60),
    # Chinese
    "橘红": (236, 92, 40), "橙红": (236, 84, 40), "焦糖": (196, 124, 62), "咖啡": (120, 76, 46),
    "棕": (139, 90, 52), "褐": (139, 90, 52), "米色": (222, 206, 170), "白": (246, 246, 242),
    "黑": (34, 34, 38), "灰": (140, 140, 146), "银": (186, 190, 198), "红": (208, 48, 48),
    "粉": (238, 142, 170), "橙": (240, 132, 36), "橘": (240, 132, 36), "金": (222, 178, 52),
    "黄": (244, 208, 58), "绿": (70, 150, 80), "青": (40, 140, 140), "天蓝": (120, 180, 230),
    "藏青": (32, 46, 98), "海军蓝": (32, 46, 98), "蓝": (52, 100, 196), "紫": (128, 70, 160),
}


@dataclass(frozen=True)
class Scene:
    """How a setting looks in a sketch: sky, ground, where the horizon sits and what stands on it."""

    sky_top: RGB
    sky_bottom: RGB
    ground: RGB
    horizon: float  # 0 top … 1 bottom, for an eye-level shot
    motif: str  # "plain", "forest", "sea", "road", "street", "room", "showroom", "garden"
    night: bool = False


SCENES: dict[str, Scene] = {
    "plain": Scene((196, 218, 236), (236, 238, 228), (214, 206, 178), 0.62, "plain"),
    "forest": Scene((188, 214, 200), (226, 236, 214), (124, 150, 92), 0.6, "forest"),
    "sea": Scene((170, 208, 236), (224, 238, 244), (76, 140, 186), 0.55, "sea"),
    "road": Scene((180, 210, 236), (236, 232, 220), (120, 120, 124), 0.5, "road"),
    "street": Scene((200, 214, 228), (232, 232, 228), (168, 164, 156), 0.58, "street"),
    "room": Scene((232, 222, 204), (238, 230, 214), (176, 142, 108), 0.64, "room"),
    "showroom": Scene((226, 230, 236), (244, 244, 244), (206, 208, 214), 0.64, "showroom"),
    "garden": Scene((186, 216, 238), (232, 240, 226), (132, 176, 96), 0.6, "garden"),
}

# (motif, words): the first motif whose word appears wins, so "showroom" is tested before "room".
PLACE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("showroom", ("showroom", "dealership", "gallery", "展厅", "展示厅", "车行")),
    ("road", ("highway", "motorway", "freeway", "road", "高速公路", "公路", "马路", "高速")),
    ("street", ("street", "city", "town", "sidewalk", "pavement", "街", "城市", "人行道", "小镇")),
    ("sea", ("sea", "ocean", "beach", "shore", "lake", "海", "湖", "沙滩")),
    ("forest", ("forest", "woods", "jungle", "森林", "树林", "丛林")),
    ("garden", ("garden", "park", "meadow", "花园", "公园", "草地")),
    ("room", ("room", "kitchen", "office", "bedroom", "house", "shop", "房间", "屋", "厨房", "办公室", "卧室", "店")),
)
NIGHT_WORDS = ("night", "midnight", "evening", "dark", "moon", "夜", "晚上", "傍晚", "月")
DAY_WORDS = ("day", "daytime", "morning", "noon", "sunny", "白天", "早上", "中午", "阳光")

# Creatures drawn differently from a person; matched in the character's own description.
CREATURE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("snail", ("snail", "蜗牛")),
    ("eared", ("fox", "cat", "kitten", "dog", "puppy", "rabbit", "bunny", "bear", "wolf", "mouse",
               "狐狸", "猫", "狗", "兔", "熊", "狼", "老鼠")),
)
# What a figure wears at the collar, only when its own description or an active detail says so.
ACCESSORY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bow", ("bow tie", "bowtie", "bow-tie", "ribbon", "领结", "蝴蝶结")),
    ("tie", ("necktie", "tie", "领带")),
)
HAIR_WORDS = ("hair", "头发", "发型")
CAR_WORDS = ("car", "sports car", "truck", "taxi", "vehicle", "跑车", "汽车", "车")
# Words that put a character in the vehicle ("Gary at the wheel", "小蜗在开车", "drives a red car").
DRIVE_WORDS = ("at the wheel", "behind the wheel", "drives", "drive", "driving", "drove", "steers", "steering",
               "rides in", "riding in", "in the car", "in the driver's seat", "passenger",
               "开车", "开着", "驾驶", "驾着", "握着方向盘", "坐在车里", "车里")
# People the action names without naming anyone: drawn as small unlabelled figures, as an artist would.
CROWD_WORDS = ("people", "crowd", "crowds", "pedestrians", "pedestrian", "passers-by", "passersby", "onlookers",
               "bystanders", "spectators", "audience", "路人", "人们", "行人", "人群", "群众", "观众", "围观", "众人")
COUNTER_WORDS = ("counter", "desk", "table", "柜台", "桌")
QUOTED = re.compile(r"\"([^\"\n]{1,24})\"|“([^”\n]{1,24})”|「([^」\n]{1,24})」|『([^』\n]{1,24})』|‘([^’\n]{1,3})’|'([^'\s]{1,3})'")


@lru_cache(maxsize=256)
def _word_pattern(word: str) -> re.Pattern[str]:
    if any(ord(ch) > 0x2E7F for ch in word):
        return re.compile(re.escape(word))
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?!\w)", re.IGNORECASE)


def find_word(text: str, words: tuple[str, ...] | list[str]) -> int:
    """Position of the earliest of `words` in `text`, or -1."""
    best = -1
    for word in words:
        m = _word_pattern(word).search(text)
        if m and (best < 0 or m.start() < best):
            best = m.start()
    return best


def has_word(text: str, words: tuple[str, ...] | list[str]) -> bool:
    return find_word(text, words) >= 0


_COLOUR_NAMES = sorted(COLOURS, key=len, reverse=True)


@lru_cache(maxsize=512)
def colours_in(text: str) -> tuple[RGB, ...]:
    """The colours named in `text`, in the order they are written; "caramel-brown" counts once."""
    taken: list[tuple[int, int, RGB]] = []
    for name in _COLOUR_NAMES:
        for m in _word_pattern(name).finditer(text):
            if any(s <= m.start() < e for s, e, _ in taken):
                continue
            taken.append((m.start(), m.end(), COLOURS[name]))
    taken.sort()
    merged: list[tuple[int, int, RGB]] = []
    for start, end, rgb in taken:
        if merged and 0 <= start - merged[-1][1] <= 1 and text[merged[-1][1]:start] in ("-", ""):
            merged[-1] = (merged[-1][0], end, merged[-1][2])  # a compound colour keeps its first word
        else:
            merged.append((start, end, rgb))
    return tuple(rgb for _, _, rgb in merged)


_CLAUSE_END = re.compile(r"[,.;:!?，。；：！？、\n]")


def colour_before(text: str, at: int) -> RGB | None:
    """The colour word written just before position `at` ("a red sports car", "红色跑车"), or None.

    Only the same clause and the last three words (six characters in Chinese) count, so a colour that
    belongs to something else earlier in the sentence never leaks onto the thing at `at`.
    """
    head = text[max(0, at - 40):at]
    ends = list(_CLAUSE_END.finditer(head))
    head = head[ends[-1].end():] if ends else head
    if head and ord(head[-1]) > 0x2E7F:
        tail = head[-6:]
    else:
        tail = " ".join(head.split()[-3:])
    found = colours_in(tail)
    return found[-1] if found else None


def word_positions(text: str, words: tuple[str, ...] | list[str]) -> list[int]:
    """Every position where one of `words` starts in `text`, in order."""
    return sorted({m.start() for word in words for m in _word_pattern(word).finditer(text)})


def accessory_in(text: str) -> tuple[str, RGB | None] | None:
    """("bow" or "tie", its colour if one is written just before it) when `text` mentions one, else None."""
    for kind, words in ACCESSORY_WORDS:
        at = find_word(text, words)
        if at >= 0:
            return kind, colour_before(text, at)
    return None


def stable_colour(name: str) -> RGB:
    """A pleasant colour that is always the same for the same name (for characters without colour words)."""
    h = hashlib.sha256(name.encode("utf-8")).digest()
    palette = [(92, 132, 196), (196, 108, 84), (108, 164, 110), (176, 120, 180), (214, 170, 70), (84, 160, 170)]
    return palette[h[0] % len(palette)]


def scene_for(text: str) -> Scene:
    """The scene a setting's words describe; night words darken it, day words keep it light."""
    motif = next((m for m, words in PLACE_WORDS if has_word(text, words)), "plain")
    scene = SCENES[motif]
    night_at, day_at = find_word(text, NIGHT_WORDS), find_word(text, DAY_WORDS)
    if night_at >= 0 and (day_at < 0 or night_at > day_at):
        return night_of(scene)
    return scene


def night_of(scene: Scene) -> Scene:
    """The same place after dark."""
    return Scene(
        (18, 24, 58), (58, 62, 104), _dim(scene.ground, 0.45), scene.horizon, scene.motif, night=True
    )


def _dim(rgb: RGB, f: float) -> RGB:
    return (int(rgb[0] * f), int(rgb[1] * f), int(rgb[2] * f + 18))


def quoted_texts(text: str) -> list[str]:
    """Short quoted words in an action ("S", “S”, 「S」) that belong drawn into the scene."""
    return [next(g for g in m.groups() if g) for m in QUOTED.finditer(text)]


def creature_of(description: str) -> str:
    """"snail", "eared" (foxes, cats, rabbits …) or "person"."""
    return next((kind for kind, words in CREATURE_WORDS if has_word(description, words)), "person")

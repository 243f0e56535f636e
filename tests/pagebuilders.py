"""Hand-built projects with real PNG pictures, for the layout and export tests."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw

from model.project.project import Character, ImageVersion, Line, Panel, Project

PANEL_COLOURS = [(40, 120, 200), (200, 120, 40), (40, 160, 80), (180, 40, 60), (120, 60, 160), (20, 140, 140)]


def picture(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A flat-coloured PNG with two darker figures, like a very plain panel drawing."""
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    dark = tuple(c // 2 for c in colour)
    draw.ellipse((width * 0.15, height * 0.45, width * 0.35, height * 0.95), fill=dark)
    draw.ellipse((width * 0.65, height * 0.45, width * 0.85, height * 0.95), fill=dark)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def give_picture(project: Project, panel: Panel, colour: tuple[int, int, int], size: tuple[int, int] = (1024, 1024)) -> None:
    data = picture(size[0], size[1], colour)
    digest = project.images.put(data)
    panel.images.add(ImageVersion(digest, size[0], size[1], "a prompt", "offline"))


def snail_strip(pictures: bool = True, size: tuple[int, int] = (1024, 1024)) -> Project:
    """The S-car strip, by hand: four panels, two characters, English dialogue."""
    project = Project(title="The S-car", author="Ann Author", layout="strip")
    project.characters = [Character("Gary", "a snail"), Character("Salesman", "a tall man")]
    project.panels = [
        Panel(action="Gary stands on the counter. The Salesman leans over the desk."),
        Panel(shot="close-up", action="Gary looks serious.", lines=[
            Line("speech", "I want your fastest sports car... and I want a capital \"S\" painted on the doors, the hood and the roof.", "Gary"),
        ]),
        Panel(shot="medium", action="Gary and the Salesman talk.", lines=[
            Line("speech", "Uh... we can do that,", "Salesman"),
            Line("speech", "but why an S?", "Salesman"),
            Line("thought", "He will see.", "Gary"),
        ]),
        Panel(shot="extreme wide", action="A red car races down the highway.", lines=[
            Line("caption", "Later that day..."),
            Line("shout", "Wow! Look at that S-car go!", "Pedestrians"),
            Line("sfx", "VROOOM"),
        ]),
    ]
    if pictures:
        for panel, colour in zip(project.panels, PANEL_COLOURS):
            give_picture(project, panel, colour, size)
    return project


def snail_strip_zh(pictures: bool = True) -> Project:
    """The Chinese edition: the same strip, every word in Chinese."""
    project = Project(title="S跑车", author="作者", layout="strip")
    project.characters = [Character("小蜗", "一只蜗牛"), Character("销售员", "高个子")]
    project.panels = [
        Panel(action="小蜗站在柜台上。销售员探过桌子看它。"),
        Panel(action="小蜗看起来非常严肃。", lines=[
            Line("speech", "我想要你最快的跑车……我要你在车门、引擎盖和车顶上画上大写的“S”。", "小蜗"),
        ]),
        Panel(action="销售员挠头。", lines=[Line("speech", "呃……我们可以这么做，但为什么是S呢？", "销售员")]),
        Panel(action="一辆红色跑车在高速公路上疾驰。", lines=[
            Line("shout", "哇！看那辆S跑车开走了！", "路人"),
            Line("whisper", "（真快啊）", "路人"),
        ]),
    ]
    if pictures:
        for panel, colour in zip(project.panels, PANEL_COLOURS):
            give_picture(project, panel, colour)
    return project


def dialogue_lines(project: Project) -> list[str]:
    return [line.text for panel in project.panels for line in panel.lines]

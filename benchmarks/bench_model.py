"""Model benchmarks: parsing a 500-panel script, saving and opening a 500-image project.

Run: `uv run python benchmarks/bench_model.py`. Prints one line per figure with its target and the
ratio figure/target (<= 1.0 meets the target). Building the fixture is not timed.
"""
from __future__ import annotations

import io
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from model.project.project import ImageVersion  # noqa: E402
from model.fileformat.projectfile import load_project, save_project  # noqa: E402
from model.prompt.compose import compose_prompt  # noqa: E402
from model.script.panelscript import parse_script  # noqa: E402

PANELS = 500
IMAGE_SIZE = 1024
DISTINCT_DRAWINGS = 8


def script_text(panels: int) -> str:
    """A long bilingual script with characters, settings, dialogue and lasting details."""
    out = ["Title: Bench / 基准", "Style: clean ink, flat colours", ""]
    for name, text in (("Gary", "a tiny snail"), ("Salesman", "a tall man in a navy suit"), ("小红", "一个红衣女孩")):
        out += [f"Character: {name}", text, ""]
    for name in ("Showroom", "Highway", "Garage"):
        out += [f"Setting: {name}", f"The {name.lower()}, bright and busy.", ""]
    shots = ["wide", "medium", "close-up", "low angle"]
    for n in range(1, panels + 1):
        where = f" @ {('Showroom', 'Highway', 'Garage')[n % 3]}" if n % 7 == 1 else ""
        out += [f"Panel {n} ({shots[n % 4]}){where}", f"Gary and the Salesman talk; 小红 watches, scene {n}."]
        out += [f"Gary: Line {n}, please.", "Salesman (whisper): Why an S?", "Caption: Later.", "SFX: VROOM"]
        if n % 50 == 0:
            out.append(f"+Gary: a cap number {n}")
        out.append("")
    return "\n".join(out)


def with_text_chunk(png: bytes, text: str) -> bytes:
    """The same picture with a tEXt chunk after IHDR: a distinct file (hash) without re-encoding."""
    body = b"tEXt" + b"Comment\0" + text.encode("ascii")
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    return png[:33] + chunk + png[33:]


def drawings(count: int) -> list[bytes]:
    """A few distinct drawn pictures: gradient sky, ground, shapes and a little grain, as real art has."""
    rng = random.Random(7)
    result = []
    for i in range(count):
        image = Image.linear_gradient("L").resize((IMAGE_SIZE, IMAGE_SIZE)).convert("RGB")
        image = Image.blend(image, Image.new("RGB", image.size, (40 + 20 * i, 120, 200)), 0.6)
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 700, IMAGE_SIZE, IMAGE_SIZE), fill=(90, 70 + 10 * i, 50))
        for _ in range(40):
            x, y, r = rng.randrange(IMAGE_SIZE), rng.randrange(IMAGE_SIZE), rng.randrange(10, 120)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour, outline=(0, 0, 0), width=4)
        grain = Image.effect_noise(image.size, 12).convert("RGB")
        image = Image.blend(image, grain, 0.08)
        out = io.BytesIO()
        image.save(out, format="PNG")
        result.append(out.getvalue())
    return result


def timed(action, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    """Median seconds over a few runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(what: str, figure: float, target: float, unit: str) -> None:
    print(f"{what:<52} {figure:9.3f} {unit:<3} target <= {target:g} {unit:<3} ratio {figure / target:5.2f}")


OPEN_PROBE = """
import sys, time
sys.path.insert(0, sys.argv[2])
from model.fileformat.projectfile import load_project
start = time.perf_counter()
project = load_project(sys.argv[1])
elapsed = time.perf_counter() - start
rss = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:'))
print(elapsed, rss / 1024, len(project.panels))
"""


def main() -> None:
    text = script_text(PANELS)
    result = parse_script(text, filename="bench.txt")
    assert len(result.project.panels) == PANELS, len(result.project.panels)
    report(f"parse a {PANELS}-panel script", timed(lambda: parse_script(text, "bench.txt")) * 1000, 100, "ms")

    project = result.project
    bases = drawings(DISTINCT_DRAWINGS)
    for n, panel in enumerate(project.panels):
        data = with_text_chunk(bases[n % DISTINCT_DRAWINGS], f"panel {n}")
        digest = project.images.put(data)
        panel.images.add(ImageVersion(digest, IMAGE_SIZE, IMAGE_SIZE, compose_prompt(project, panel), "offline"))
    total_mb = sum(len(project.images.get(d)) for d in project.images.hashes()) / 1024 / 1024
    print(f"fixture: {PANELS} panels, {PANELS} images of {IMAGE_SIZE}x{IMAGE_SIZE}, {total_mb:.0f} MB of PNG")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.panels"
        save_project(project, path)  # first save, from memory (not the measured case)
        reopened = load_project(path)
        report(f"save an unchanged {PANELS}-image project", timed(lambda: save_project(reopened, path)), 1, "s")
        probe = [sys.executable, "-c", OPEN_PROBE, str(path), str(ROOT)]
        runs = [subprocess.run(probe, capture_output=True, text=True, check=True).stdout.split() for _ in range(3)]
        seconds = statistics.median(float(r[0]) for r in runs)
        rss = statistics.median(float(r[1]) for r in runs)
        assert all(int(r[2]) == PANELS for r in runs)
        report(f"open it (fresh process, images lazy)", seconds, 1, "s")
        report("resident memory after opening (VmRSS)", rss, 200, "MB")


if __name__ == "__main__":
    main()

"""A 120-page screenplay to the editor's timeline: import with offline shots (time and peak memory),
`--shots auto` through the fake service (requests per batch of scenes), and the ~800-shot timeline written
as OTIO, FCP 7 XML, FCPXML and EDL with its stills.

Run: uv run python benchmarks/bench_screenplay.py
"""
from __future__ import annotations

import io
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from PIL import Image  # noqa: E402

from export.timeline.build import write_timeline  # noqa: E402
from fake_openai import FakeImageService  # noqa: E402
from fake_text import request_texts  # noqa: E402
from generation.text.shotplanning import batches, plan_shots  # noqa: E402
from generation.text.textmodel import TextModel  # noqa: E402
from model.project.project import ImageVersion  # noqa: E402
from model.script.scenes import scenes  # noqa: E402
from model.screenplay.reading import import_screenplay  # noqa: E402

PAGES = 120
LINES_PER_PAGE = 55  # a screenplay page in Courier 12: about 55 lines
IMPORT_TARGET_S = 2.0
MEMORY_TARGET_MB = 300.0
EXPORT_TARGET_S = 2.0
CAST = ["MAYA", "LEO", "DR. OKAFOR", "GRANDMA JUNE", "THE COURIER"]
PLACES = ["KITCHEN", "GARDEN", "HOSPITAL CORRIDOR", "BUS STOP", "ROOFTOP", "CAR"]


def screenplay(pages: int = PAGES) -> str:
    """A feature-length Fountain screenplay: scenes of action, dialogue with parentheticals, V.O. and transitions."""
    out = ["Title: The Long Night", "Author: Bench Mark", ""]
    scene = 0
    while page_lines(out) < pages * LINES_PER_PAGE:
        scene += 1
        a, b = CAST[scene % len(CAST)], CAST[(scene + 2) % len(CAST)]
        place = PLACES[scene % len(PLACES)]
        out += [f"{'INT' if scene % 3 else 'EXT'}. {place} - {'NIGHT' if scene % 2 else 'DAY'}", ""]
        out += [f"{a}, tired, in a coat too big for them, waits by the window while rain runs down the glass "
                f"and the streetlights flicker on one by one. Scene {scene}.", ""]
        for exchange in range(3):
            out += [a] + (["(whispering)"] if exchange == 1 else ["(beat)"] if exchange == 2 else [])
            out += [f"We can't stay here. Not after what happened at the {place.lower()}.", ""]
            out += [f"{b} (V.O.)" if exchange == 2 else b] + (["(shouting)"] if exchange == 0 else [])
            out += ["Then we go now, before anyone notices we were ever here at all.", ""]
            if exchange == 1:
                out += [f"{b} crosses the room and pulls the curtain shut. [[check the continuity of the coat]]", ""]
        out += [f"{a} looks at {b}. Neither of them moves.", "", "CUT TO:", ""]
    return "\n".join(out)


def page_lines(lines: list[str]) -> int:
    """Lines on the printed page: action wraps at about 60 characters, dialogue at about 35."""
    return sum(max(1, -(-len(line) // (35 if line.startswith(("We can't", "Then we go")) else 60))) for line in lines)


def planner(body: dict) -> dict:
    """A shot list per scene: a wide shot, then a close-up for every two numbered lines."""
    _, text = request_texts(body)
    plan = []
    for block in text.split("\n\n"):
        m = re.match(r"SCENE (\d+):", block)
        if not m:
            continue
        lines = [int(n) for n in re.findall(r"^\[(\d+)\]", block, re.M)]
        shots = [{"size": "wide", "camera": "static", "picture": "The room, from the door.", "lines": []}]
        shots += [{"size": "close-up", "camera": "slow push in", "picture": "A face in the lamp light.",
                   "lines": lines[i:i + 2]} for i in range(0, len(lines), 2)]
        plan.append({"scene": int(m.group(1)), "shots": shots})
    return {"scenes": plan}


def png(index: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 180), ((index * 37) % 256, (index * 91) % 256, 140)).save(out, format="PNG")
    return out.getvalue()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "long_night.fountain"
        source.write_text(screenplay(), encoding="utf-8")
        lines = page_lines(source.read_text(encoding="utf-8").splitlines())

        start = time.perf_counter()
        project = import_screenplay(source).project
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        scene_count = len(scenes(project))
        print(f"screenplay: {lines} printed lines (~{lines / LINES_PER_PAGE:.0f} pages), {scene_count} scenes, "
              f"{len(project.panels)} shots, {source.stat().st_size / 1024:.0f} KB")
        print(f"import, offline shots       {seconds:8.2f} s   (target <= {IMPORT_TARGET_S:.0f} s, ratio {seconds / IMPORT_TARGET_S:.2f})")
        print(f"peak memory (process)       {peak_mb:8.0f} MB  (target <= {MEMORY_TARGET_MB:.0f} MB, ratio {peak_mb / MEMORY_TARGET_MB:.2f})")

        with FakeImageService() as fake:
            fake.text_responder = planner
            model = TextModel(api_key="sk-bench-not-a-key", base_url=fake.base_url)
            auto = import_screenplay(source).project
            expected = len(batches(auto))
            start = time.perf_counter()
            plan_shots(auto, model)
            auto_s = time.perf_counter() - start
        print(f"--shots auto requests       {model.requests_sent:8d}     ({expected} batches of scenes, ratio "
              f"{model.requests_sent / expected:.2f} requests a batch; {len(auto.panels)} shots, {auto_s:.2f} s with the fake service)")

        for k, panel in enumerate(project.panels):  # a still for every shot, as after `generate`
            data = png(k)
            panel.images.add(ImageVersion(project.images.put(data), 320, 180, "", "offline"))
        for suffix in (".otio", ".xml", ".fcpxml", ".edl"):
            target = folder / f"film{suffix}"
            start = time.perf_counter()
            _, stills, clips = write_timeline(project, target)
            took = time.perf_counter() - start
            note = "stills written" if suffix == ".otio" else "stills already there"
            print(f"timeline {suffix:<8} {clips:5d} clips {took:8.2f} s   (target <= {EXPORT_TARGET_S:.0f} s, "
                  f"ratio {took / EXPORT_TARGET_S:.2f}; {note})")


if __name__ == "__main__":
    main()

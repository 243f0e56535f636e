"""How `panelsmith prompts` grows with the panels: it must be linear (issue 19 measured 5,000: 3.7 s,
10,000: 10.7 s, 20,000: 41 s before the continuity walk was made once per run).

Run: `uv run python benchmarks/bench_prompts.py`. Prints, per panel count, the seconds to parse the script
and to run `prompts` on it in-process, then the ratio of the 20,000-panel time to 4 x the 5,000-panel time
(about 1.0 when linear; a quadratic walk gives about 4).
"""
from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cli import run  # noqa: E402
from model.script.panelscript import parse_script  # noqa: E402

COUNTS = (5_000, 10_000, 20_000)


def script_text(panels: int) -> str:
    """The first-run example's cast and places, then `panels` panels: a setting every 7th, a lasting detail every 50th."""
    head = (ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8").split("# Panel 1")[0]
    body = []
    for i in range(panels):
        if i % 50 == 0:
            body.append(f"# Panel {i + 1} (medium)" + (" @ Highway" if i % 7 == 0 else "")
                        + "\nGary looks at the Salesman.\nGary: Hello there.\n+Gary: wears a hat\n")
        else:
            body.append(f"# Panel {i + 1} (medium)\nGary looks at the Salesman.\nSalesman: Hi.\n")
    return head + "\n".join(body)


def main() -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        run(["prompts", str(ROOT / "resources/examples/s-car.txt")])  # imports, out of the timing
    seconds: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in COUNTS:
            path = Path(folder) / f"big{count}.txt"
            text = script_text(count)
            path.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            parse_script(text)
            parsed = time.perf_counter() - start
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                assert run(["prompts", str(path)]) == 0
            seconds[count] = time.perf_counter() - start
            print(f"prompts, {count:>6} panels: {seconds[count]:6.2f} s (of which parsing {parsed:5.2f} s)")
    ratio = seconds[COUNTS[-1]] / (seconds[COUNTS[0]] * COUNTS[-1] / COUNTS[0])
    print(f"growth 5,000 -> 20,000 panels against linear: ratio {ratio:.2f} (target <= 1.5; quadratic is ~4)")


if __name__ == "__main__":
    main()

"""Every backend draws to a panel's staging: the offline sketch puts each figure in its box, the prompt
says where each one stands, ComfyUI conditions each character's words to its box with stock nodes."""
from __future__ import annotations

from pathlib import Path

from fake_comfyui import FakeComfyUI
from generation.comfyui.backend import ComfyUIBackend
from generation.planning import GenerationSettings, plan_panel
from generation.sketch.render import SketchBackend
from model.project.project import StagedBox
from model.prompt.compose import compose_prompt
from model.script.panelscript import parse_script
from model.staging.words import parse_staging

ROOT = Path(__file__).resolve().parent.parent


def staged_scar(words: str = "Gary left, Salesman right near"):
    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    panel = project.panels[0]
    panel.staging = parse_staging(project, panel, words, 1)
    return project, panel


def inside(point: tuple[float, float], box: StagedBox) -> bool:
    return box.x <= point[0] <= box.x + box.w and box.y <= point[1] <= box.y + box.h


def test_the_offline_sketch_puts_each_figure_centre_inside_its_box() -> None:
    for words in ("Gary left, Salesman right near", "Gary right far large, Salesman left", "Salesman centre, Gary left near"):
        project, panel = staged_scar(words)
        for shot in ("wide", "medium", "close-up", "bird's-eye"):
            panel.shot = shot
            job = plan_panel(project, panel, GenerationSettings())
            result = SketchBackend().generate(job.request)
            figures = {name: (x + w / 2, y + h / 2) for name, x, y, w, h in result.parameters["figures"]}
            assert set(figures) == {"Gary", "Salesman"}, (words, shot)
            for box in panel.staging:
                assert inside(figures[box.name], box), (words, shot, box, figures[box.name])


def test_an_unstaged_sketch_records_where_it_drew_its_figures() -> None:
    project = parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project
    result = SketchBackend().generate(plan_panel(project, project.panels[0], GenerationSettings()).request)
    names = [f[0] for f in result.parameters["figures"]]
    assert names == ["Gary", "Salesman"]
    assert result.parameters["figures"][0][1] < result.parameters["figures"][1][1]  # left to right as before


def test_the_prompt_says_where_each_character_stands() -> None:
    project, panel = staged_scar()
    prompt = compose_prompt(project, panel)
    staging = next(line for line in prompt.splitlines() if line.startswith("Staging:"))
    assert "Gary stands on the left" in staging
    assert "Salesman stands on the right, in the foreground" in staging
    panel.staging = []
    assert "Staging:" not in compose_prompt(project, panel)


def test_the_openai_request_carries_the_staging_in_words(fake_openai) -> None:
    from generation.openai.backend import OpenAIBackend

    project, panel = staged_scar()
    job = plan_panel(project, panel, GenerationSettings(backend="openai", model="gpt-image-2", quality="low"))
    OpenAIBackend(api_key="sk-test-secret-0123456789abcdef", base_url=fake_openai.base_url).generate(job.request)
    (request,) = fake_openai.requests
    assert "Staging: Gary stands on the left" in request.fields["prompt"]
    assert not job.request.regions  # regions are ComfyUI's; the service reads the words


def test_comfyui_gets_one_regional_conditioning_per_character(fake_comfyui: FakeComfyUI) -> None:
    project, panel = staged_scar("Gary left, Salesman centre near")
    job = plan_panel(project, panel, GenerationSettings(backend="comfyui", model="", workflow="sdxl"))
    assert [r.name for r in job.request.regions] == ["Gary", "Salesman"]
    result = ComfyUIBackend(fake_comfyui.url).generate(job.request)
    assert result.parameters["regions"] == ["Gary", "Salesman"]
    graph = fake_comfyui.graphs()[-1]
    masked = [n for n in graph.values() if n["class_type"] == "ConditioningSetMask"]
    assert len(masked) == 2
    texts = {graph[n["inputs"]["conditioning"][0]]["inputs"]["text"] for n in masked}
    assert any(t.startswith("bright hand-drawn") and "Gary (A tiny garden snail" in t for t in texts)
    assert all(graph[n["inputs"]["conditioning"][0]]["inputs"]["clip"] == ["4", 1] for n in masked)
    # The sampler's positive conditioning is the prompt combined with both regions.
    positive = graph[graph["3"]["inputs"]["positive"][0]]
    assert positive["class_type"] == "ConditioningCombine"
    seen, todo = set(), [graph["3"]["inputs"]["positive"][0]]
    while todo:
        key = todo.pop()
        seen.add(key)
        todo += [str(v[0]) for v in graph[key]["inputs"].values() if isinstance(v, list) and len(v) == 2]
    assert "6" in seen and all(k in seen for k, n in graph.items() if n["class_type"] == "ConditioningSetMask")
    # Gary stands behind the Salesman where their boxes overlap: the Salesman's box is cut out of his.
    gary = next(n for n in masked if "Gary" in graph[n["inputs"]["conditioning"][0]]["inputs"]["text"])
    cut = graph[gary["inputs"]["mask"][0]]
    assert cut["class_type"] == "MaskComposite" and cut["inputs"]["operation"] == "subtract"
    salesman = next(n for n in masked if n is not gary)
    assert graph[salesman["inputs"]["mask"][0]]["inputs"]["operation"] == "add"


def test_flux_regions_feed_its_guidance_and_an_unstaged_panel_has_none(fake_comfyui: FakeComfyUI) -> None:
    project, panel = staged_scar()
    backend = ComfyUIBackend(fake_comfyui.url)
    backend.generate(plan_panel(project, panel, GenerationSettings(backend="comfyui", model="", workflow="flux")).request)
    graph = fake_comfyui.graphs()[-1]
    assert graph[graph["35"]["inputs"]["conditioning"][0]]["class_type"] == "ConditioningCombine"
    assert sum(n["class_type"] == "ConditioningSetMask" for n in graph.values()) == 2
    panel.staging = []
    backend.generate(plan_panel(project, panel, GenerationSettings(backend="comfyui", model="", workflow="flux")).request)
    assert not any(n["class_type"] == "ConditioningSetMask" for n in fake_comfyui.graphs()[-1].values())

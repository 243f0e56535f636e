"""The ComfyUI backend driven through the job runner against the fake server (real HTTP and websocket):
panels, refinements, reference sheets, cancel, exact redraws, and every failure as one sentence on
its own panel only."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from fake_comfyui import FakeComfyUI
from fake_openai import png_of_size
from generation.comfyui.backend import ComfyUIBackend
from generation.planning import GenerationSettings, plan_panel, plan_panels, plan_refine, plan_sheet, recorded_seed
from generation.recording import record_failure, record_import, record_result
from generation.runner import JobRunner
from model.imageload import inspect_image
from model.script.panelscript import parse_script
from model.prompt.compose import request_prompt
from model.prompt.status import panel_status

ROOT = Path(__file__).resolve().parent.parent
SDXL = GenerationSettings(backend="comfyui", model="", workflow="sdxl")


def _project():
    return parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project


class Run:
    """A runner over the backend that records every update and progress report."""

    def __init__(self, url: str, jobs: int = 4) -> None:
        self.updates: list = []
        self.progress: list[tuple[str, float]] = []
        self.partials: list[str] = []
        self.runner = JobRunner(ComfyUIBackend(url), jobs, on_update=lambda j, s: self.updates.append((j, s)),
                                on_progress=lambda j, f: self.progress.append((j.target.key, f)),
                                on_partial=lambda j, png, i: self.partials.append(j.target.key))

    def all(self, project, jobs, force: bool = False) -> dict[str, object]:
        for job in jobs:
            self.runner.submit(job, force=force)
        assert self.runner.wait(60)
        final = {}
        for job, state in self.updates:
            if state.status == "ready":
                record_result(project, job, state.result, "comfyui")
            elif state.status == "failed":
                record_failure(project, job, state.error)
            final[job.target.key] = state
        self.updates.clear()
        return final


def _slot(graph: dict, node: str, name: str):
    return graph[node]["inputs"][name]


def test_panels_are_drawn_with_their_prompts_sizes_and_recorded_seeds(fake_comfyui):
    project = _project()
    jobs = plan_panels(project, project.panels, GenerationSettings(backend="comfyui", model="dreamshaperXL.safetensors",
                                                                   steps=12))
    run = Run(fake_comfyui.url)
    states = run.all(project, jobs)
    run.runner.shutdown()
    assert {s.status for s in states.values()} == {"ready"}
    by_prompt = {_slot(g, "6", "text"): g for g in fake_comfyui.graphs()}
    for job, panel in zip(jobs, project.panels):
        graph = by_prompt[job.request.prompt]
        version = panel.images.selected
        assert (_slot(graph, "5", "width"), _slot(graph, "5", "height")) == (job.request.width, job.request.height)
        assert _slot(graph, "4", "ckpt_name") == "dreamshaperXL.safetensors" == version.model
        assert _slot(graph, "3", "steps") == 12 == version.parameters["steps"]
        assert version.parameters["seed"] == _slot(graph, "3", "seed")
        assert version.parameters["workflow"] == "sdxl" and version.backend == "comfyui"
        assert "panelsmith" not in _slot(graph, "7", "text") and _slot(graph, "7", "text")  # a negative prompt
        assert "13" not in graph and "10" not in graph  # no sheets, no init image: those nodes are left out
        assert panel_status(project, panel) == "ready"
    assert len({p.images.selected.parameters["seed"] for p in project.panels}) == 4
    for key in {k for k, _ in run.progress}:  # the websocket's step events, in order, up to the end
        fractions = [f for k, f in run.progress if k == key]
        assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) >= 3
    assert len(set(run.partials)) == 4  # a preview frame for every panel


def test_refine_uploads_the_panel_and_wires_it_in_as_the_starting_image(fake_comfyui):
    project = _project()
    panel = project.panels[1]
    original = png_of_size(300, 200, "the old panel")
    record_import(project, panel, original, "old", "mine.png")
    job = plan_refine(project, panel, "make the background a night city", GenerationSettings(backend="comfyui", workflow="flux"))
    run = Run(fake_comfyui.url)
    assert run.all(project, [job])[panel.id].status == "ready"
    graph = fake_comfyui.graphs()[-1]
    loaded = _slot(graph, "10", "image")
    assert fake_comfyui.uploads[loaded] == original
    assert _slot(graph, "31", "latent_image") == ["11", 0] and "27" not in graph  # encoded panel, no empty latent
    assert 0 < _slot(graph, "31", "denoise") < 1
    assert (_slot(graph, "12", "width"), _slot(graph, "12", "height")) == (job.request.width, job.request.height)
    text = _slot(graph, "6", "text")  # a description the text encoder can follow, not a command
    assert text == f"{request_prompt(project, panel)}\nWith the background a night city."
    assert "Edit the given image" not in text
    version = panel.images.selected
    assert version.parent == panel.images.versions[0].id and version.parameters["denoise"] == _slot(graph, "31", "denoise")
    assert len(panel.images.versions) == 2  # the old picture stays


def _with_sheets(project):
    for character in project.characters:
        record_import(project, character, png_of_size(240, 160, character.name), "sheet", f"{character.name}.png")
    return project


def test_reference_sheets_are_uploaded_and_wired_to_the_ip_adapter():
    with FakeComfyUI(latency=0.05, ip_adapter=True) as fake:
        project = _with_sheets(_project())
        panel = project.panels[0]  # Gary and the salesman
        job = plan_panel(project, panel, SDXL)
        assert len(job.request.references) == 2
        run = Run(fake.url)
        assert run.all(project, [job])[panel.id].status == "ready"
    graph = fake.graphs()[-1]
    sheet = fake.uploads[_slot(graph, "13", "image")]
    assert inspect_image(sheet).height == 160 and inspect_image(sheet).width == 240 * len(job.request.references)
    assert _slot(graph, "3", "model") == ["15", 0] and graph["14"]["class_type"] == "IPAdapterUnifiedLoader"
    assert panel.images.selected.parameters["references_sent"] == "reference slot"
    assert panel.images.selected.parameters["references"] == list(job.reference_names)


def test_a_workflow_without_a_reference_slot_sends_the_description_alone_and_says_so(fake_comfyui, tmp_path):
    graph = json.loads((ROOT / "resources/workflows/sdxl.json").read_text())
    for node in ("10", "11", "12", "13", "14", "15"):
        del graph[node]
    mine = tmp_path / "my-export.json"  # a user's own export without a slot map: its slots are guessed
    mine.write_text(json.dumps(graph))
    project = _with_sheets(_project())
    job = plan_panel(project, project.panels[0], GenerationSettings(backend="comfyui", workflow=str(mine)))
    run = Run(fake_comfyui.url)
    assert run.all(project, [job])[project.panels[0].id].status == "ready"
    assert not fake_comfyui.uploads
    assert "13" not in fake_comfyui.graphs()[-1]
    assert fake_comfyui.graphs()[-1]["6"]["inputs"]["text"] == job.request.prompt
    assert "description only" in project.panels[0].images.selected.parameters["references_sent"]


def test_a_server_without_ip_adapter_draws_every_panel_from_its_description_and_names_the_pack_once():
    with FakeComfyUI(latency=0.05) as fake:  # a stock server: no IP-Adapter nodes
        project = _with_sheets(_project())
        run = Run(fake.url)
        states = run.all(project, plan_panels(project, project.panels, SDXL))
        graphs = fake.graphs()
    assert {s.status for s in states.values()} == {"ready"} and not fake.rejected
    assert all(g[k]["class_type"] not in ("IPAdapterAdvanced", "LoadImage") for g in graphs for k in g)
    assert not fake.uploads  # no sheet is sent where nothing would use it
    with_sheets = [p for p in project.panels if p.images.selected.parameters.get("references")]
    assert with_sheets and all(p.images.selected.parameters["references_sent"] ==
                               "description only: the server lacks ComfyUI_IPAdapter_plus custom node pack"
                               for p in with_sheets)
    (notice,) = run.runner.backend.notices  # said once, not once per panel
    assert "install the ComfyUI_IPAdapter_plus custom node pack to use the sheets" in notice
    assert "IP-Adapter loader" not in notice


def test_each_sheet_goes_to_a_server_once_named_by_its_content():
    with FakeComfyUI(latency=0.05, ip_adapter=True) as fake:
        project = _with_sheets(_project())
        Run(fake.url).all(project, plan_panels(project, project.panels, SDXL))
        sent = list(fake.upload_log)
        again = _with_sheets(_project())  # a later run, with a new backend, the same sheets
        Run(fake.url).all(again, plan_panels(again, again.panels, SDXL), force=True)
        graphs = fake.graphs()
    assert sent and len(sent) == len(set(sent)) and fake.upload_log == sent  # nothing sent twice, nor later
    assert all(name.startswith("panelsmith-") for name in sent)
    assert {g["13"]["inputs"]["image"] for g in graphs if "13" in g} == set(sent)


def test_the_recorded_seed_redraws_a_panel_exactly(fake_comfyui):
    project = _project()
    panel = project.panels[2]
    run = Run(fake_comfyui.url)
    run.all(project, [plan_panel(project, panel, SDXL)])
    first = panel.images.selected
    again = plan_panel(project, panel, GenerationSettings(backend="comfyui", workflow="sdxl", same_seed=True))
    assert again.request.seed == first.parameters["seed"] == recorded_seed(panel)
    run.all(project, [again], force=True)
    assert panel.images.selected is first and len(panel.images.versions) == 1  # the same picture: no twin version
    assert _slot(fake_comfyui.graphs()[-1], "3", "seed") == first.parameters["seed"]
    fixed = plan_panel(project, panel, GenerationSettings(backend="comfyui", seed=42))
    run.all(project, [fixed], force=True)
    assert panel.images.selected.parameters["seed"] == 42 and panel.images.selected.sha256 != first.sha256


def _wait(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_cancel_deletes_a_queued_prompt_and_interrupts_the_running_one():
    with FakeComfyUI(latency=3600.0, workers=1) as fake:  # only an interrupt can end the running prompt
        project = _project()
        jobs = plan_panels(project, project.panels[:3], SDXL)
        run = Run(fake.url)
        for job in jobs:
            run.runner.submit(job)
        _wait(lambda: len(fake.running) == 1 and len(fake.pending) == 2)
        running = next(iter(fake.running))
        queued = [j for j in jobs if fake.jobs[running].graph["6"]["inputs"]["text"] != j.request.prompt]
        run.runner.cancel(queued[0].target)
        _wait(lambda: len(fake.deleted) == 1)
        assert fake.jobs[fake.deleted[0]].graph["6"]["inputs"]["text"] == queued[0].request.prompt
        run.runner.cancel_all()
        _wait(lambda: running in fake.interrupts and not fake.running and not fake.pending)
        assert fake.history[running]["status"]["messages"][-1][0] == "execution_interrupted"  # stopped, not finished
        assert run.runner.wait(60)
        assert {s.status for s in run.runner.states().values()} == {"cancelled"}
        assert not any(p.images.versions for p in project.panels)


def _one_fails(fake: FakeComfyUI, action: str, settings: GenerationSettings = SDXL):
    """Two panels, the first scripted to fail: its sentence, and the other panel drawn untouched."""
    project = _project()
    run = Run(fake.url, jobs=1)
    fake.script(action)
    states = run.all(project, plan_panels(project, project.panels[:2], settings))
    first, second = project.panels[:2]
    assert states[second.id].status == "ready" and second.error is None
    assert states[first.id].status == "failed" and panel_status(project, first) == "failed"
    assert first.error == states[first.id].error and first.error.count(". ") == 0 and first.error.endswith(".")
    assert not first.images.versions
    fake.script(None)  # retryable: the next try draws it
    assert run.all(project, plan_panels(project, [first], settings))[first.id].status == "ready"
    assert first.error is None
    return states[first.id].error


def test_an_out_of_memory_error_fails_that_panel_with_one_sentence(fake_comfyui):
    assert "ran out of GPU memory" in _one_fails(fake_comfyui, "oom")


def test_a_server_error_fails_that_panel_with_one_sentence(fake_comfyui):
    assert "HTTP 500" in _one_fails(fake_comfyui, "crash")


def test_a_websocket_that_drops_once_is_reopened_and_twice_fails_the_panel(fake_comfyui):
    project = _project()
    fake_comfyui.script("drop")
    run = Run(fake_comfyui.url)
    assert run.all(project, [plan_panel(project, project.panels[0], SDXL)])[project.panels[0].id].status == "ready"
    assert "dropped twice" in _one_fails(fake_comfyui, "drop_always")


def test_an_unknown_checkpoint_names_it_and_what_the_server_has(fake_comfyui):
    project = _project()
    states = Run(fake_comfyui.url).all(project, plan_panels(project, project.panels[:1],
                                                            GenerationSettings(backend="comfyui", model="nope.ckpt")))
    error = states[project.panels[0].id].error
    assert "no checkpoint 'nope.ckpt'" in error and "dreamshaperXL.safetensors" in error
    assert project.panels[0].error == error and not project.panels[0].images.versions


def test_a_workflow_missing_a_slot_fails_each_panel_with_one_sentence(fake_comfyui, tmp_path):
    mine = tmp_path / "noseed.json"
    shutil.copy(ROOT / "resources/workflows/sdxl.json", mine)
    slots = json.loads((ROOT / "resources/workflows/sdxl.slots.json").read_text())
    del slots["seed"]
    (tmp_path / "noseed.slots.json").write_text(json.dumps(slots))
    project = _project()
    states = Run(fake_comfyui.url).all(project, plan_panels(project, project.panels[:2],
                                                            GenerationSettings(backend="comfyui", workflow=str(mine))))
    assert {s.error for s in states.values()} == {"The workflow noseed.json has no seed slot; map it in noseed.slots.json."}
    assert not fake_comfyui.jobs


def test_a_server_that_is_down_or_not_comfyui_fails_with_one_sentence(fake_openai):
    project = _project()
    down = Run("http://127.0.0.1:9").all(project, plan_panels(project, project.panels[:1], SDXL))
    assert "Could not reach the ComfyUI server at 127.0.0.1:9" in down[project.panels[0].id].error
    wrong = fake_openai.base_url.removesuffix("/v1")  # a web server, but not ComfyUI
    states = Run(wrong).all(project, plan_panels(project, project.panels[:1], SDXL))
    assert "ComfyUI" in states[project.panels[0].id].error
    assert not project.panels[0].images.versions


def test_a_queue_of_prompts_keeps_a_one_at_a_time_server_busy():
    with FakeComfyUI(latency=0.05, workers=1) as fake:
        fake.hold()  # the server takes nothing from its queue until released
        project = _project()
        run = Run(fake.url, jobs=4)
        for job in plan_panels(project, project.panels, SDXL):
            run.runner.submit(job)
        _wait(lambda: len(fake.pending) == 4)  # all four wait on the server, none on Panelsmith
        fake.release()
        assert run.runner.wait(60)
    assert {s.status for s in run.runner.states().values()} == {"ready"}


def test_a_failed_refine_or_sheet_leaves_the_picture_it_followed_and_its_status_alone(fake_comfyui):
    project = _with_sheets(_project())
    panel, gary = project.panels[1], project.character("Gary")
    record_import(project, panel, png_of_size(300, 200, "the old panel"), "old", "mine.png")
    status = panel_status(project, panel)
    run = Run(fake_comfyui.url, jobs=1)
    fake_comfyui.script("oom", "oom")
    refine = run.all(project, [plan_refine(project, panel, "make it night", SDXL)])[panel.id]
    sheet = run.all(project, [plan_sheet(project, gary, SDXL)])[gary.name]
    assert refine.status == sheet.status == "failed"
    assert "drawing this panel" in refine.error and "drawing this reference sheet" in sheet.error
    assert panel_status(project, panel) == status and panel.error is None and len(panel.images.versions) == 1
    assert gary.error is None and len(gary.sheet.versions) == 1


def test_a_refinement_reads_as_a_description_for_a_diffusion_model():
    from model.prompt.compose import refinement_as_description as described

    assert described("make the background a night city.") == "with the background a night city"
    assert described("Make it night") == "night"
    assert described("turn the sky into a sunset") == "with the sky a sunset"
    assert described("add a red scarf on Gary") == "with a red scarf on Gary"
    assert described("remove the car") == "without the car"
    assert described("Gary smiles more") == "Gary smiles more"  # already a description
    assert described("把背景改成夜晚的城市") == "把背景改成夜晚的城市"

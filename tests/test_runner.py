"""The job runner with the real SDK against the fake service: parallel, cached, cancellable, and
a failing panel leaves the others and the project intact."""
from __future__ import annotations

import time
from pathlib import Path

from fake_openai import refusal
from generation.openai.backend import OpenAIBackend
from generation.planning import GenerationSettings, plan_panel
from generation.recording import cached_images, record_failure, record_result
from generation.runner import JobRunner
from generation.sketch.render import SketchBackend
from model.fileformat.projectfile import load_project, save_project
from model.script.panelscript import parse_script
from model.prompt.status import panel_status

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-test-runner-0123456789"
SETTINGS = GenerationSettings(backend="openai")


def _project():
    return parse_script((ROOT / "resources/examples/s-car.txt").read_text(encoding="utf-8")).project


def _run_all(runner: JobRunner, project, jobs, outcome: list) -> None:
    for job in jobs:
        runner.submit(job)
    assert runner.wait(60)
    for job, state in outcome:
        if state.status == "ready":
            record_result(project, job, state.result, runner.backend.name)
        elif state.status == "failed":
            record_failure(project, job, state.error)


def test_panels_run_in_parallel(fake_openai):
    meeting = fake_openai.meet(4)  # the server answers none until all four are in flight together
    project = _project()
    runner = JobRunner(OpenAIBackend(api_key=KEY, base_url=fake_openai.base_url), max_jobs=4)
    for panel in project.panels:
        runner.submit(plan_panel(project, panel, SETTINGS))
    assert runner.wait(120)
    assert not meeting.broken  # serial requests would have left the barrier waiting until it broke
    assert {s.status for s in runner.states().values()} == {"ready"} and len(fake_openai.requests) == 4
    runner.shutdown()


def test_at_most_one_job_per_panel(fake_openai):
    fake_openai.latency = 0.3
    project = _project()
    runner = JobRunner(OpenAIBackend(api_key=KEY, base_url=fake_openai.base_url))
    job = plan_panel(project, project.panels[0], SETTINGS)
    assert runner.submit(job) is True
    assert runner.submit(job) is False
    assert runner.wait(60)
    assert len(fake_openai.requests) == 1
    runner.shutdown()


def test_a_refused_panel_keeps_its_reason_and_the_others_are_drawn(fake_openai, tmp_path):
    project = _project()
    fake_openai.script(refusal())
    outcome: list = []
    runner = JobRunner(OpenAIBackend(api_key=KEY, base_url=fake_openai.base_url), max_jobs=1,
                       on_update=lambda job, state: outcome.append((job, state)))
    _run_all(runner, project, [plan_panel(project, p, SETTINGS) for p in project.panels], outcome)
    statuses = [panel_status(project, p) for p in project.panels]
    assert statuses == ["failed", "ready", "ready", "ready"]
    assert "safety system" in project.panels[0].error
    save_project(project, tmp_path / "s.panels")
    again = load_project(tmp_path / "s.panels")
    assert [panel_status(again, p) for p in again.panels] == statuses
    runner.shutdown()


def test_an_identical_request_reuses_the_stored_image_unless_forced(fake_openai, tmp_path):
    project = _project()
    backend = OpenAIBackend(api_key=KEY, base_url=fake_openai.base_url)
    outcome: list = []
    runner = JobRunner(backend, on_update=lambda job, state: outcome.append((job, state)))
    _run_all(runner, project, [plan_panel(project, project.panels[0], SETTINGS)], outcome)
    runner.shutdown()
    save_project(project, tmp_path / "s.panels")
    reopened = load_project(tmp_path / "s.panels")
    cache = {key: (lambda sha=sha: reopened.images.get(sha)) for key, sha in cached_images(reopened).items()}
    later: list = []
    runner = JobRunner(backend, cache=cache, on_update=lambda job, state: later.append((job, state)))
    job = plan_panel(reopened, reopened.panels[0], SETTINGS)
    _run_all(runner, reopened, [job], later)
    assert len(fake_openai.requests) == 1  # the cache hit cost no request
    assert later[-1][1].cached and reopened.panels[0].images.versions[-1].sha256 == reopened.panels[0].images.versions[0].sha256
    runner.wait(60)
    runner.submit(job, force=True)
    assert runner.wait(60)
    assert len(fake_openai.requests) == 2
    runner.shutdown()


def test_cancel_stops_everything_without_waiting_for_the_service(fake_openai):
    fake_openai.hold()  # the service never answers while the test runs: only cancelling can end the jobs
    project = _project()
    runner = JobRunner(OpenAIBackend(api_key=KEY, base_url=fake_openai.base_url), max_jobs=2)
    for panel in project.panels:
        runner.submit(plan_panel(project, panel, SETTINGS))
    deadline = time.monotonic() + 60
    while fake_openai.arrivals < 2:  # both workers are inside a request
        assert time.monotonic() < deadline, "the requests never arrived"
        time.sleep(0.01)
    runner.cancel_all()
    assert runner.wait(60)  # returns although no answer has come
    assert {s.status for s in runner.states().values()} == {"cancelled"}
    assert fake_openai.arrivals == 2 and not fake_openai.requests  # queued panels never started; none answered
    fake_openai.release()
    runner.shutdown()


def test_results_are_new_versions_and_never_overwrite():
    project = _project()
    panel = project.panels[2]
    outcome: list = []
    runner = JobRunner(SketchBackend(), on_update=lambda job, state: outcome.append((job, state)))
    _run_all(runner, project, [plan_panel(project, panel, GenerationSettings())], outcome)
    first = panel.images.selected
    outcome.clear()
    panel.action += " It starts to rain."  # a different picture: a new version beside the first
    runner.submit(plan_panel(project, panel, GenerationSettings()), force=True)
    assert runner.wait(60)
    job, state = outcome[-1]
    record_result(project, job, state.result, "offline")
    assert len(panel.images.versions) == 2 and panel.images.versions[0] is first
    assert panel.images.selected is panel.images.versions[1]
    outcome.clear()
    runner.submit(plan_panel(project, panel, GenerationSettings()), force=True)  # the same picture again
    assert runner.wait(60)
    job, state = outcome[-1]
    assert record_result(project, job, state.result, "offline") is panel.images.versions[1]  # no twin
    assert len(panel.images.versions) == 2
    runner.shutdown()

"""Applying finished work to the project, on the owner's thread: every result a new image version.

Workers never call these; the command line calls them in its loop and the app from its Qt thread.
Nothing is overwritten: a result is appended and selected, earlier versions stay selectable.
"""
from __future__ import annotations

import io
from typing import Any

from generation.planning import Job, Target
from generation.request import ImageResult
from model.imageload import inspect_image
from model.picture.partredraw import PartRedraw
from model.project.project import Character, Cover, ImageVersion, Panel, Project, VersionedImages


def find_target(project: Project, target: Target) -> Panel | Character | Cover | None:
    """The panel, character or cover a job was for, or None when it has been deleted meanwhile."""
    if target.kind == "panel":
        return project.panel(target.key)
    if target.kind == "cover":
        return project.cover
    return project.character(target.key)


def _versions(owner: Panel | Character | Cover) -> VersionedImages:
    return owner.sheet if isinstance(owner, Character) else owner.images


def record_result(project: Project, job: Job, result: ImageResult, backend: str | None = None) -> ImageVersion | None:
    """Store the PNG, append a new selected version to the job's target and clear the panel's error.

    Returns the version, or None when the target no longer exists (the image is then dropped). A picture
    byte for byte the same as one of the target's versions made the same way (prompt, parent, instruction)
    selects that version instead of adding its twin.
    """
    owner = find_target(project, job.target)
    if owner is None:
        return None
    png = result.png
    if job.part is not None:  # only the selection (and its soft edge) takes the model's pixels
        png = _put_back(project, job.part, png)
    info = inspect_image(png)  # the guarded loader checks what the service sent
    digest = project.images.put(png)
    versions = _versions(owner)
    same = next((v for v in versions.versions if v.sha256 == digest and v.prompt == job.version_prompt
                 and v.parent == job.parent and v.parameters.get("instruction") == job.request.instruction), None)
    if same is not None:  # the very picture again (an exact redraw with its seed): select it, add no twin
        versions.selected_id = same.id
        owner.error = None
        return same
    backend = backend or result.backend
    parameters: dict[str, Any] = {
        "size": job.request.size,
        "quality": job.request.quality,
        "references": list(job.reference_names),
        "cache_key": job.request.cache_key(backend),
        "seconds": round(result.seconds, 3),
    }
    if job.request.instruction:
        parameters["instruction"] = job.request.instruction
    if result.usage:
        parameters["usage"] = result.usage
    if result.parameters:
        parameters.update(result.parameters)
    if job.part is not None:
        parameters["part"] = {"region": list(job.part.region), "mask": project.images.put(job.part.mask_png),
                              "feather": job.part.feather}
    version = ImageVersion(
        sha256=digest, width=info.width, height=info.height, prompt=job.version_prompt,
        backend=result.backend, model=result.model, parameters=parameters, parent=job.parent,
        cost_usd=result.cost_usd,
    )
    _versions(owner).add(version)
    owner.error = None
    return version


def _put_back(project: Project, part: PartRedraw, png: bytes) -> bytes:
    """The parent picture with the model's answer put back through the selection, as PNG bytes."""
    from model.imageload import decode_image
    from model.picture.partredraw import composite_part

    parent = decode_image(project.images.get(part.parent_sha), "The picture redrawn")
    drawn = decode_image(png, "The redrawn part")
    out = io.BytesIO()
    composite_part(parent, drawn, part).save(out, "PNG")
    return out.getvalue()


def record_failure(project: Project, job: Job, message: str) -> None:
    """Keep a failure's sentence on the panel or character it was for, for the app and `info` to show.

    A failed refinement or reference sheet leaves the picture it would have followed intact, so its owner
    keeps its status (the sentence reaches the user with the refinement or sheet that failed)."""
    owner = find_target(project, job.target)
    if owner is None:
        return
    if _versions(owner).selected is not None and (job.request.base_image is not None or job.request.kind == "sheet"):
        return
    owner.error = message


def record_import(project: Project, owner: Panel | Character, png: bytes, prompt: str, source: str) -> ImageVersion:
    """A user's own image (already through `model.imageload.to_png`) as a new selected version."""
    info = inspect_image(png)
    digest = project.images.put(png)
    version = ImageVersion(sha256=digest, width=info.width, height=info.height, prompt=prompt,
                           backend="import", parameters={"source": source})
    _versions(owner).add(version)
    owner.error = None
    return version


def record_kept(project: Project, panel: Panel, version: ImageVersion, note: str) -> ImageVersion:
    """`version`'s picture kept as a new selected version made for the panel's prompt as it is now.

    For a script change the picture already shows (a lasting detail added from the refinement that drew
    it): the panel stays ready instead of being drawn again. The image is shared, nothing is re-encoded;
    `note` (the script line) says why, and the thread shows it as a turn from `version`.
    """
    from model.prompt.compose import request_prompt

    kept = ImageVersion(sha256=version.sha256, width=version.width, height=version.height,
                        prompt=request_prompt(project, panel), backend=version.backend, model=version.model,
                        parameters={"kept_for": note}, parent=version.id)
    panel.images.add(kept)
    panel.error = None
    return kept


def cached_images(project: Project) -> dict[str, str]:
    """cache_key -> image hash for every version the project already holds (a request answered before)."""
    cache: dict[str, str] = {}
    owners: list[VersionedImages] = [p.images for p in project.panels] + [c.sheet for c in project.characters] + [project.cover.images]
    for versions in owners:
        for version in versions.versions:
            key = version.parameters.get("cache_key")
            if isinstance(key, str) and version.sha256 in project.images:
                cache[key] = version.sha256
    return cache


def total_cost(project: Project) -> float:
    """The estimated dollars spent on every image version in the project."""
    owners = [p.images for p in project.panels] + [c.sheet for c in project.characters] + [project.cover.images]
    return round(sum(v.cost_usd or 0.0 for vs in owners for v in vs.versions), 6)

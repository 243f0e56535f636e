"""The animatic: a project's panels as a film, one shot per panel held for its duration, written as an
MP4 (H.264, yuv420p, faststart: plays in browsers and on phones) or an animated GIF.

The MP4 is encoded by PyAV, whose wheels carry their own FFmpeg and libx264, so no system ffmpeg is
needed. Frames are streamed: each shot's still is drawn once and its frames go to the encoder one at a
time, so memory stays flat however long the film is. The GIF goes through Pillow at 10 frames a second,
at most 800 pixels wide, one GIF frame per cut (its delay is the shot's length); Pillow keeps the GIF's
palette frames (about 360 KB each, one per cut and ten a second of push-in) until it writes the file. Both are written
atomically: a failed or cancelled export leaves any earlier file as it was.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from PIL import Image

from export.atomic import atomic_path
from export.video.shots import AnimaticOptions, Film, Shot, plan_film, push_in_box, push_in_zoom, render_still, shot_frames, zoomed
from model.errors import BadInputError, PanelsmithError
from model.project.project import Project

FORMATS = (".mp4", ".gif")
GIF_FPS = 10
GIF_MAX_WIDTH = 800
GIF_MAX_FPS = 25  # GIF delays are whole hundredths of a second; browsers slow anything faster down
# Most of a film is the same still held for seconds; ultrafast encodes such frames 2x cheaper than
# veryfast. CABAC and the deblocking filter (off in ultrafast) come back for a smaller, cleaner file.
X264 = {"preset": "ultrafast", "crf": "20", "x264-params": "cabac=1:deblock=0,0"}

Progress = Callable[[int, int], None]  # (frames done, frames in all)


class AnimaticCancelled(PanelsmithError):
    """The user stopped the export; nothing was written."""


def animatic_kind(target: Path) -> str:
    """"mp4" or "gif" from the file name; bad input otherwise."""
    suffix = Path(target).suffix.lower()
    if suffix not in FORMATS:
        raise BadInputError(f"An animatic is written as .mp4 or .gif, not {suffix or 'a file without a suffix'}.")
    return suffix[1:]


def options_for(kind: str, options: AnimaticOptions) -> AnimaticOptions:
    """The options a format can take: a GIF at most 800 px wide (16:9) and at most 25 frames a second."""
    if kind != "gif":
        return options
    width = min(options.width, GIF_MAX_WIDTH)
    return replace(options, width=width, height=round(width * 9 / 16), fps=min(options.fps, GIF_MAX_FPS))


def write_animatic(project: Project, target: Path, options: AnimaticOptions, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> Film:
    """Write the project as an MP4 or a GIF (by `target`'s suffix); returns the film (shots, warnings).

    `progress(done, total)` is called as frames are encoded; when `cancelled()` turns true the export
    stops with AnimaticCancelled and the target is left untouched.
    """
    kind = animatic_kind(target)
    if not project.panels:
        raise BadInputError("The project has no panels, so there is no animatic to write.")
    film = plan_film(project, options_for(kind, options))
    report = _Reporter(film.total_frames, progress, cancelled)
    with atomic_path(Path(target)) as tmp:
        if kind == "mp4":
            _write_mp4(film, project, tmp, report)
        else:
            _write_gif(film, project, tmp, report)
    return film


class _Reporter:
    def __init__(self, total: int, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self.total, self.done = total, 0
        self.progress, self.cancelled = progress, cancelled

    def frames(self, n: int) -> None:
        self.done += n
        if self.cancelled is not None and self.cancelled():
            raise AnimaticCancelled("The animatic export was cancelled; nothing was written.")
        if self.progress is not None:
            self.progress(self.done, self.total)


def _write_mp4(film: Film, project: Project, path: Path, report: _Reporter) -> None:
    import av

    options = film.options
    container = av.open(str(path), mode="w", format="mp4", options={"movflags": "+faststart"})
    try:
        stream = container.add_stream("libx264", rate=options.fps)
        stream.width, stream.height = options.width, options.height
        stream.pix_fmt = "yuv420p"
        stream.codec_context.gop_size = options.fps * 2  # a key frame every two seconds, for seeking
        stream.options = dict(X264)
        pts = 0
        with closing(_stills_ahead(film, project)) as stills:  # a stop mid-film waits for the still in hand
            for shot, still in stills:
                for frame in _video_frames(film, shot, still):
                    frame.pts = pts
                    pts += 1
                    for packet in stream.encode(frame):
                        container.mux(packet)
                    if pts % options.fps == 0:
                        report.frames(options.fps)
        for packet in stream.encode():
            container.mux(packet)
        report.frames(pts % options.fps)
    except av.FFmpegError as exc:
        raise PanelsmithError(f"The video encoder failed: {exc}.") from None
    finally:
        container.close()


def _stills_ahead(film: Film, project: Project) -> Iterator[tuple[Shot, Image.Image]]:
    """Each shot with its still, the next one drawn on a second thread while this one is encoded
    (Pillow and the encoder both let go of the interpreter), so two stills at most are in memory."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(render_still, film, film.shots[0], project.images) if film.shots else None
        for i, shot in enumerate(film.shots):
            still = pending.result()
            if i + 1 < len(film.shots):
                pending = pool.submit(render_still, film, film.shots[i + 1], project.images)
            yield shot, still


def _video_frames(film: Film, shot: Shot, still: Image.Image) -> Iterator["av.VideoFrame"]:
    """The shot as yuv420p frames: one converted frame sent again and again for a cut; for a push-in,
    the still converted once and each frame zoomed plane by plane (no colour conversion per frame)."""
    import av

    base = av.VideoFrame.from_image(still).reformat(format="yuv420p")
    if not shot.push_in or shot.frames <= 1:
        for _ in range(shot.frames):
            yield base
        return
    x0, y0, x1, y1 = push_in_box(shot, still.width, still.height)
    planes = []
    for i, plane in enumerate(base.planes):
        f = 1 if i == 0 else 2  # chroma planes are half the size each way
        source = Image.frombuffer("L", (plane.line_size, plane.height), bytes(plane), "raw", "L", 0, 1)
        box = (x0 // f, y0 // f, max(x0 // f + 1, x1 // f), max(y0 // f + 1, y1 // f))
        planes.append((source, source.copy(), box))
    for k in range(shot.frames):
        frame = av.VideoFrame(still.width, still.height, "yuv420p")
        zoom = push_in_zoom(k, shot.frames)
        for (source, canvas, (bx0, by0, bx1, by1)), plane in zip(planes, frame.planes):
            w, h = bx1 - bx0, by1 - by0
            canvas.paste(source.resize((w, h), Image.Resampling.BILINEAR, box=zoomed(bx0, by0, w, h, zoom)), (bx0, by0))
            data = canvas.tobytes()
            if len(data) != plane.buffer_size:  # the encoder's frames are laid out differently: convert instead
                frame = None
                break
            plane.update(data)
        if frame is None:
            yield from _converted(film, shot, still, k)
            return
        yield frame


def _converted(film: Film, shot: Shot, still: Image.Image, start: int) -> Iterator["av.VideoFrame"]:
    import av

    for k, image in enumerate(shot_frames(film, shot, still)):
        if k >= start:
            yield av.VideoFrame.from_image(image).reformat(format="yuv420p")


def _write_gif(film: Film, project: Project, path: Path, report: _Reporter) -> None:
    frames = _gif_frames(film, project, report)
    first = next(frames, None)
    if first is None:
        raise BadInputError("The animatic has no frames to write.")
    first.save(path, format="GIF", save_all=True, append_images=frames, loop=0, optimize=False)


def _gif_frames(film: Film, project: Project, report: _Reporter) -> Iterator[Image.Image]:
    """Palette frames with their delays: one a cut, one per frame of a push-in (on the still's palette)."""
    tick = 1000 / film.options.fps
    for shot in film.shots:
        if shot.frames == 0:
            continue
        still = render_still(film, shot, project.images)
        palette = still.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        start = shot.first_frame
        if not shot.push_in:
            palette.info["duration"] = _ms(start + shot.frames, tick) - _ms(start, tick)
            yield palette
            report.frames(shot.frames)
            continue
        for k, image in enumerate(shot_frames(film, shot, still)):
            frame = image.quantize(palette=palette, dither=Image.Dither.NONE)
            frame.info["duration"] = _ms(start + k + 1, tick) - _ms(start + k, tick)
            yield frame
            report.frames(1)


def _ms(frame: int, tick: float) -> int:
    """When a frame starts, in the GIF's whole hundredths of a second (as milliseconds), without drift."""
    return round(frame * tick / 10) * 10

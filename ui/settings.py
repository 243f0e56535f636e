"""The app's own preferences, kept as JSON in the user's config folder (platformdirs).

The API key is never stored here: it lives in `OPENAI_API_KEY` or the OS keyring
(`generation.credentials`), so a settings file can be shared or synced without leaking it.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

from generation.imagemodels import DEFAULT_QUALITY

APP_NAME = "panelsmith"
BACKENDS: tuple[str, ...] = ("auto", "offline", "openai", "compatible", "comfyui")
LANGUAGES: tuple[str, ...] = ("en", "zh")
MAX_RECENT = 10


@dataclass
class AppSettings:
    """Everything the settings dialog edits, plus the recent-files list."""

    backend: str = "auto"  # auto = OpenAI when a key is available, else the offline sketch renderer
    base_url: str = ""  # for an OpenAI-compatible server
    model: str = ""  # empty = the generation package's default model
    text_model: str = ""  # for drafting scripts; empty = PANELSMITH_TEXT_MODEL or generation.text.textmodel's default
    quality: str = DEFAULT_QUALITY
    concurrency: int = 4
    comfyui_url: str = ""  # empty = PANELSMITH_COMFYUI_URL or http://127.0.0.1:8188
    comfyui_checkpoint: str = ""  # empty = the workflow's own
    comfyui_steps: int = 0  # 0 = the workflow's own
    comfyui_workflow: str = "sdxl"  # "sdxl", "flux" or the path of an exported API-format workflow
    default_layout: str = "strip"
    page_size: str = "A4"
    language: str = "en"
    copyright_credit: bool = True  # "Made with Panelsmith" on the copyright page of a padded book; the user may drop it
    recent_files: list[str] = field(default_factory=list)
    last_folder: str = ""  # where the user last saved a project or wrote an export

    def add_recent(self, path: str) -> None:
        """Put `path` first in the recent files, without duplicates, keeping at most MAX_RECENT."""
        path = str(Path(path).resolve())
        self.recent_files = [path] + [p for p in self.recent_files if p != path]
        del self.recent_files[MAX_RECENT:]


def first_language(locale_name: str) -> str:
    """The interface language before the user has chosen one: Chinese for a zh_* system locale (zh_CN,
    zh_TW, zh-Hans…), else English. `locale_name` is what QLocale.system().name() says."""
    return "zh" if locale_name.replace("-", "_").lower().split("_")[0] == "zh" else "en"


def start_folder(settings: AppSettings) -> Path:
    """Where a Save or Export dialog starts for work with no folder of its own (a new project, or the
    bundled example, whose folder is inside the program): the last folder used, else the user's documents."""
    for candidate in (settings.last_folder, platformdirs.user_documents_dir()):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> AppSettings:
    """Read the settings; a missing or damaged file gives the defaults (a preference is never worth a crash)."""
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return AppSettings()
    if not isinstance(raw, dict):
        return AppSettings()
    defaults = AppSettings()
    values = {}
    for f in fields(AppSettings):
        value = raw.get(f.name, getattr(defaults, f.name))
        expected = type(getattr(defaults, f.name))
        values[f.name] = value if isinstance(value, expected) else getattr(defaults, f.name)
    settings = AppSettings(**values)
    settings.recent_files = [p for p in settings.recent_files if isinstance(p, str)][:MAX_RECENT]
    if settings.backend not in BACKENDS:
        settings.backend = "auto"
    if settings.language not in LANGUAGES:
        settings.language = "en"
    settings.concurrency = max(1, min(16, settings.concurrency))
    return settings


def save_settings(settings: AppSettings, path: Path | None = None) -> None:
    """Write the settings atomically (temporary file, fsync, replace)."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(asdict(settings), ensure_ascii=False, indent=2)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

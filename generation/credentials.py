"""The OpenAI API key: where it is found, stored and forgotten. It is never logged, printed or saved
into a project.

Looked up in order: the `OPENAI_API_KEY` environment variable, the OS keyring (service
"panelsmith"), then a file in the user's config directory that only the user can read (0600), for
systems without a keyring. The app's settings dialog calls `store_api_key` / `forget_api_key`.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import keyring
import platformdirs
from keyring.errors import KeyringError, PasswordDeleteError

SERVICE = "panelsmith"
ACCOUNT = "openai-api-key"
KEY_FILE = "openai-api-key"
ENV_VAR = "OPENAI_API_KEY"


def config_dir() -> Path:
    """The per-user Panelsmith configuration directory (platformdirs' convention for this OS)."""
    return Path(platformdirs.user_config_dir("panelsmith", appauthor=False))


def get_api_key() -> str | None:
    """The key to use, or None when none is set anywhere."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        return value
    value = _keyring_get()
    if value:
        return value
    path = config_dir() / KEY_FILE
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return value or None


def key_source() -> str | None:
    """Where the key comes from ("environment", "keyring", "file"), for the settings dialog."""
    if os.environ.get(ENV_VAR, "").strip():
        return "environment"
    if _keyring_get():
        return "keyring"
    if (config_dir() / KEY_FILE).is_file():
        return "file"
    return None


def store_api_key(key: str) -> str:
    """Keep `key` for later sessions: in the OS keyring when there is one, else a 0600 file.

    Returns where it went ("keyring" or "file").
    """
    key = key.strip()
    if not key:
        raise ValueError("An empty API key cannot be stored.")
    try:
        keyring.set_password(SERVICE, ACCOUNT, key)
    except KeyringError:
        _write_private(config_dir() / KEY_FILE, key)
        return "file"
    _remove(config_dir() / KEY_FILE)  # one stored copy only
    return "keyring"


def forget_api_key() -> None:
    """Remove the stored key from the keyring and the file (the environment is the user's own)."""
    try:
        keyring.delete_password(SERVICE, ACCOUNT)
    except (PasswordDeleteError, KeyringError):
        pass
    _remove(config_dir() / KEY_FILE)


def _keyring_get() -> str | None:
    try:
        return keyring.get_password(SERVICE, ACCOUNT)
    except KeyringError:
        return None


def _write_private(path: Path, text: str) -> None:
    # Created 0600 from the start (never world-readable for a moment), then moved into place atomically.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    try:
        os.fchmod(fd, stat.S_IRUSR | stat.S_IWUSR)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        _remove(Path(tmp))
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass

"""The API key: environment first, then the keyring, else a file only the user can read."""
from __future__ import annotations

import stat

import keyring
from keyring.backends.fail import Keyring as NoKeyring

from generation import credentials


def test_without_a_keyring_the_key_goes_to_a_private_file_and_can_be_forgotten(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        assert credentials.get_api_key() is None
        assert credentials.store_api_key("sk-stored-0123456789") == "file"
        path = credentials.config_dir() / credentials.KEY_FILE
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert credentials.get_api_key() == "sk-stored-0123456789"
        assert credentials.key_source() == "file"
        monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env-0123456789")
        assert credentials.get_api_key() == "sk-from-env-0123456789"
        monkeypatch.delenv("OPENAI_API_KEY")
        credentials.forget_api_key()
        assert credentials.get_api_key() is None and not path.exists()
    finally:
        keyring.set_keyring(previous)

"""Where the index lives: --index DIR, else $CABLES_INDEX, else the user data folder."""

from __future__ import annotations

from pathlib import Path

from index.location import resolve_index_dir


def test_an_explicit_folder_wins_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CABLES_INDEX", str(tmp_path / "from-env"))
    assert resolve_index_dir(tmp_path / "explicit") == tmp_path / "explicit"
    assert resolve_index_dir(str(tmp_path / "as-text")) == tmp_path / "as-text"


def test_the_environment_variable_is_used_when_no_folder_is_given(monkeypatch, tmp_path):
    monkeypatch.setenv("CABLES_INDEX", str(tmp_path / "from-env"))
    assert resolve_index_dir(None) == tmp_path / "from-env"


def test_without_either_the_index_goes_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CABLES_INDEX", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = resolve_index_dir()
    assert folder == tmp_path / "data" / "cablesearch" / "index"
    assert not folder.exists(), "resolving a location must not create folders"


def test_a_tilde_means_the_home_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_index_dir("~/idx") == Path(tmp_path) / "idx"

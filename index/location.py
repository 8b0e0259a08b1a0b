"""Where the index lives: an explicit folder, else $CABLES_INDEX, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CABLES_INDEX"
APP_NAME = "cablesearch"


def resolve_index_dir(explicit: str | Path | None = None) -> Path:
    """The index folder to use: ``--index DIR``, else ``$CABLES_INDEX``, else the platform's user data dir.

    The folder is not created here: opening for search must not leave empty folders behind.
    """
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    # Imported lazily: only needed on the fall-back path.
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME)) / "index"

"""Whether a folder can receive a command's output, said before any work is done."""

from __future__ import annotations

import os
from pathlib import Path


def folder_problem(folder: Path) -> str | None:
    """Why FOLDER (existing, or to be created) cannot be written to; None when it can."""
    if folder.exists() and not folder.is_dir():
        return "exists and is not a folder"
    existing = next((path for path in (folder, *folder.absolute().parents) if path.exists()), None)
    if existing is None:
        return None
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{existing} is not writable (a read-only file system, or no permission)"
    return None

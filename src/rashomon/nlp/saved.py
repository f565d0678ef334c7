"""A saved model folder, as every learned component writes it: ``meta.json`` (settings,
figures) and ``weights.safetensors`` (the arrays)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rashomon.errors import UserError


def write(folder: str | Path, meta: dict[str, Any], tensors: dict[str, Any],
          arrays: str = "numpy", sort_keys: bool = False) -> Path:
    """Save a model as ``read`` reads it: ``tensors`` (numpy arrays or, with
    ``arrays="torch"``, contiguous torch tensors) and ``meta``, into ``folder``."""
    if arrays == "torch":
        from safetensors.torch import save_file  # noqa: PLC0415 - heavy, saving only
    else:
        from safetensors.numpy import save_file  # noqa: PLC0415 - heavy, saving only
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(folder / "weights.safetensors"))
    text = json.dumps(meta, indent=1, ensure_ascii=False, sort_keys=sort_keys, default=str)
    (folder / "meta.json").write_text(text + "\n", "utf-8")
    return folder


def read(folder: str | Path, what: str, arrays: str = "numpy") -> tuple[dict[str, Any], dict[str, Any]]:
    """``(meta, tensors)`` of the model in ``folder``, as numpy arrays or, with
    ``arrays="torch"``, torch tensors; one ``UserError`` line naming ``what`` when either
    file is missing or unreadable."""
    if arrays == "torch":
        from safetensors.torch import load_file  # noqa: PLC0415 - heavy, loading only
    else:
        from safetensors.numpy import load_file  # noqa: PLC0415 - heavy, loading only
    folder = Path(folder)
    try:
        meta = json.loads((folder / "meta.json").read_text("utf-8"))
        tensors = load_file(str(folder / "weights.safetensors"))
    except (OSError, ValueError) as e:
        raise UserError(f"cannot read the {what} in {folder}: {e}") from None
    return meta, tensors

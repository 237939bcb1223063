"""Model versions on disk: data/models/<name>/<version>/ and the CURRENT pointer beside them."""

import re
from pathlib import Path

_VERSION = re.compile(r"^v(\d+)$")


def next_version(model_dir: Path) -> str:
    """v1, v2, …: one more than the highest version already under model_dir."""
    numbers = [int(m.group(1)) for p in model_dir.glob("v*") if p.is_dir() and (m := _VERSION.match(p.name))]
    return f"v{max(numbers, default=0) + 1}"

"""Offscreen screens of the sizes stations have. Qt's offscreen platform pretends to be one 800×800 screen
unless given a configuration file; these give it a real size (and scaling through QT_SCALE_FACTOR)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path


def offscreen_platform(width: int, height: int) -> str:
    """A QT_QPA_PLATFORM value for one offscreen screen of `width`×`height` pixels."""
    config = Path(tempfile.gettempdir()) / f"eadr-offscreen-{width}x{height}.json"
    config.write_text(json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
                                  "screens": [{"name": f"{width}x{height}", "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}), encoding="utf-8")
    return f"offscreen:configfile={config}"

"""The trust profile in force: HR's (once a reference bundle supplies one), else the default."""

from __future__ import annotations

import json
from functools import lru_cache

from desktop.domain.trust import TrustProfile
from desktop.paths import resource_path
from desktop.store.driver import Database

DEFAULT_PROFILE = "eeast.json"
SETTING = "trust_profile"


@lru_cache(maxsize=1)
def default_profile() -> TrustProfile:
    return TrustProfile.from_dict(json.loads(resource_path("trust", DEFAULT_PROFILE).read_text(encoding="utf-8")))


def load_profile(db: Database) -> TrustProfile:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [SETTING]).fetchone()
    if row:
        return TrustProfile.from_dict(json.loads(row[0]))
    return default_profile()

"""A plain-English hint about how strong a new passphrase is.

Not a gate beyond a minimum length: people remember passphrases they choose,
and a long phrase of ordinary words beats a short jumble.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_LENGTH = 10

_COMMON = {
    "password", "passw0rd", "qwerty", "letmein", "welcome", "ambulance", "paramedic",
    "nhs", "station", "123456", "12345678", "123456789", "iloveyou", "monkey", "dragon",
}


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (refused) to 4 (strong)
    label: str
    hint: str

    @property
    def acceptable(self) -> bool:
        return self.score > 0


def assess(passphrase: str) -> Strength:
    text = passphrase.strip()
    if len(passphrase) < MIN_LENGTH:
        return Strength(0, "Too short", f"Use at least {MIN_LENGTH} characters. "
                        "Three or four unrelated words are easy to remember.")
    lowered = text.lower()
    if lowered in _COMMON or len(set(lowered)) <= 3:
        return Strength(0, "Too easy to guess", "Avoid common words and repeated characters.")
    pool = 0
    pool += 26 if any(c.islower() for c in text) else 0
    pool += 26 if any(c.isupper() for c in text) else 0
    pool += 10 if any(c.isdigit() for c in text) else 0
    pool += 33 if any(not c.isalnum() for c in text) else 0
    bits = len(text) * math.log2(max(pool, 10))
    words = len(text.split())
    if bits >= 90 or words >= 4:
        return Strength(4, "Strong", "A good passphrase. Keep it somewhere only you can reach.")
    if bits >= 65 or words >= 3:
        return Strength(3, "Good", "Good. Another word would make it stronger.")
    if bits >= 50:
        return Strength(2, "Fair", "Fair. A longer phrase of unrelated words is stronger.")
    return Strength(1, "Weak", "Weak. Add more words or characters.")

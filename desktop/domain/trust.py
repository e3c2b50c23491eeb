"""A trust's configuration: values, strategic priorities, TNA categories and prompts."""

from __future__ import annotations

from dataclasses import dataclass, field

BEHAVIOURS: tuple[tuple[str, str], ...] = (
    ("attending", "Attending"),
    ("understanding", "Understanding"),
    ("empathising", "Empathising"),
    ("helping", "Helping"),
)


@dataclass(frozen=True)
class TrustValue:
    name: str
    description: str = ""


@dataclass(frozen=True)
class TrustProfile:
    trust: str
    short_name: str
    values: tuple[TrustValue, ...]
    strategic_priorities: tuple[str, ...]
    tna_categories: tuple[str, ...]
    wellbeing_topics: tuple[str, ...]
    prompts: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    eadr_interval_months: int = 12
    due_soon_days: int = 30

    @classmethod
    def from_dict(cls, data: dict) -> TrustProfile:
        """Build from JSON; raises ValueError naming the missing or wrong part."""
        try:
            values = tuple(TrustValue(v["name"], v.get("description", "")) for v in data["values"])
            profile = cls(
                trust=str(data["trust"]),
                short_name=str(data.get("short_name", data["trust"])),
                values=values,
                strategic_priorities=tuple(map(str, data["strategic_priorities"])),
                tna_categories=tuple(map(str, data["tna_categories"])),
                wellbeing_topics=tuple(map(str, data["wellbeing_topics"])),
                prompts={section: {b: tuple(map(str, lines)) for b, lines in by_behaviour.items()}
                         for section, by_behaviour in data.get("prompts", {}).items()},
                eadr_interval_months=int(data.get("eadr_interval_months", 12)),
                due_soon_days=int(data.get("due_soon_days", 30)),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"the trust profile lacks or misstates {exc}") from None
        if not profile.values or not profile.strategic_priorities or not profile.tna_categories:
            raise ValueError("the trust profile needs values, strategic priorities and TNA categories")
        if not 1 <= profile.eadr_interval_months <= 36:
            raise ValueError("eadr_interval_months must be between 1 and 36")
        return profile

    def prompts_for(self, section: str) -> list[tuple[str, tuple[str, ...]]]:
        """(behaviour label, prompts) in the order of the four compassionate behaviours."""
        by_behaviour = self.prompts.get(section, {})
        return [(label, by_behaviour.get(key, ())) for key, label in BEHAVIOURS if by_behaviour.get(key)]

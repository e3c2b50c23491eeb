"""The NHS Healthcare Leadership Model for self-assessment and 360 feedback, in our own words.

The nine dimensions and four levels are the model's; every description and statement here is
written for EADR Station (the Leadership Academy's published wording is theirs and is not copied).
The 360 rules kept here are what makes the feedback anonymous: answers only ever summed, small groups
merged into "others", comments shuffled. The same rule runs wherever results are made (HR's hub, which alone
opens the sealed responses; see docs/feedback-360.md). No Qt, no SQL.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from enum import Enum

from desktop.domain.labels import LabelledEnum

LEADERSHIP_TNA_CATEGORY = "Leadership and management"
MIN_GROUP = 3            # a rater group with fewer responses is merged into "others"
HUB_MIN_CONTRIBUTORS = 10  # HR sees a trust-wide average only when at least this many people contribute


class Level(LabelledEnum):
    ESSENTIAL = "essential", "Essential"
    PROFICIENT = "proficient", "Proficient"
    STRONG = "strong", "Strong"
    EXEMPLARY = "exemplary", "Exemplary"


@dataclass(frozen=True)
class Dimension:
    key: str
    name: str
    about: str                          # one line: what the dimension is about
    statement: str                      # how a rater sees it, rated on the frequency scale
    levels: tuple[str, str, str, str]   # essential, proficient, strong, exemplary

    def level_text(self, level: Level) -> str:
        return self.levels[list(Level).index(level)]


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "inspiring_shared_purpose", "Inspiring shared purpose",
        "Keeping patients and the public at the centre of why the team does its work.",
        "Helps the team see why our work matters to patients, and acts on that even when it is hard.",
        ("Talks about patients and the public when deciding what to do, and speaks up when something looks wrong.",
         "Links the team's daily jobs to the difference they make, and stands by fair decisions under pressure.",
         "Builds a shared sense of purpose across shifts so people choose to go the extra mile.",
         "Shapes how the wider service thinks about its purpose, and is trusted to challenge it when needed.")),
    Dimension(
        "leading_with_care", "Leading with care",
        "Noticing how people are, looking after them and yourself.",
        "Notices how people are coping and does something to support them.",
        ("Checks in with colleagues after difficult jobs and knows where to point them for help.",
         "Adapts how they lead to what each person needs, and looks after their own wellbeing too.",
         "Creates a team where people feel safe to say they are struggling, and acts early.",
         "Sets the tone for compassion across teams, so care for staff is part of how the service runs.")),
    Dimension(
        "evaluating_information", "Evaluating information",
        "Using evidence and fresh ideas to make better decisions.",
        "Looks at the evidence and asks for other views before deciding.",
        ("Gathers the facts that are to hand before acting and admits when something is not known.",
         "Uses data, audit and feedback to spot patterns and try a better way of working.",
         "Encourages the team to question and test ideas, and learns openly from what went wrong.",
         "Brings in new thinking from outside, and turns complex information into clear direction.")),
    Dimension(
        "connecting_our_service", "Connecting our service",
        "Understanding how the team fits with the rest of the service and partners.",
        "Works well with other teams and partners, not just their own.",
        ("Knows who the team depends on (control, hospitals, other stations) and keeps them informed.",
         "Builds working links with other teams and partners to sort out problems at the joins.",
         "Understands the politics and pressures of the wider system and uses that to help patients.",
         "Joins up services across organisations so patients meet one system rather than many.")),
    Dimension(
        "sharing_the_vision", "Sharing the vision",
        "Giving people a clear, honest picture of where things are going.",
        "Explains clearly where we are heading and why.",
        ("Passes on news and plans accurately and on time, and answers questions honestly.",
         "Explains changes in terms that make sense to the team and what they mean for each person.",
         "Paints a picture of the future that people believe in, and keeps it alive through setbacks.",
         "Communicates a compelling direction that people across the service want to be part of.")),
    Dimension(
        "engaging_the_team", "Engaging the team",
        "Involving people, valuing what each brings and working together.",
        "Involves people in decisions and values what each person brings.",
        ("Listens to the team, gives people a say in how work is done and thanks them.",
         "Builds on each person's strengths and includes everyone, whatever their background.",
         "Creates real shared ownership, so the team solves problems together without waiting to be told.",
         "Builds a culture where engagement and inclusion are the norm, far beyond their own team.")),
    Dimension(
        "holding_to_account", "Holding to account",
        "Agreeing clear expectations and following them through fairly.",
        "Is clear about what is expected and follows it up fairly.",
        ("Sets clear standards, checks they are met and deals with problems rather than ignoring them.",
         "Agrees stretching goals with people, gives honest feedback and tackles poor performance promptly.",
         "Lets people own their results, while staying firm and consistent about standards and safety.",
         "Creates a climate where everyone holds themselves and each other to high standards.")),
    Dimension(
        "developing_capability", "Developing capability",
        "Helping people grow, including yourself.",
        "Helps people learn and grow, and makes time for it.",
        ("Makes sure people get the training they need and takes their own development seriously.",
         "Coaches and gives feedback so people learn from their work, and spots potential.",
         "Plans development with people over time, stretching them with new responsibilities.",
         "Builds capability across the service, growing future leaders and a learning culture.")),
    Dimension(
        "influencing_for_results", "Influencing for results",
        "Winning support for what needs to happen.",
        "Gets others on board to make things happen.",
        ("Thinks about how others see things and puts a case across calmly and clearly.",
         "Adapts the approach to the audience and builds support before decisions are made.",
         "Builds networks and alliances that help the team and patients get what they need.",
         "Influences at senior and system level, bringing people together around shared goals.")),
)

_BY_KEY = {d.key: d for d in DIMENSIONS}


def dimension(key: str) -> Dimension:
    return _BY_KEY[key]


def is_leader_title(job_title: str) -> bool:
    """Team leaders, managers and officers lead; anyone else can be ticked in as leading."""
    title = job_title.lower()
    return any(word in title for word in ("team leader", "manager", "officer", "lead ", "supervisor", "head of")) \
        or title.endswith(" lead")


# --- self-assessment ---------------------------------------------------------------
@dataclass(frozen=True)
class DimensionAssessment:
    key: str
    level: Level | None = None
    reflection: str = ""
    develop: bool = False   # chosen for development: becomes a development-plan item


@dataclass(frozen=True)
class SelfAssessment:
    staff_id: str
    assessed_on: str = ""   # ISO date
    dimensions: tuple[DimensionAssessment, ...] = ()
    conversation_id: str | None = None
    id: str | None = None

    def for_key(self, key: str) -> DimensionAssessment:
        return next((d for d in self.dimensions if d.key == key), DimensionAssessment(key))

    @property
    def chosen_for_development(self) -> tuple[DimensionAssessment, ...]:
        return tuple(d for d in self.dimensions if d.develop)


def development_need(dim: Dimension, source: str) -> str:
    """The words of a development-plan item made from a dimension (self-assessment or 360 report)."""
    return f"Leadership: {dim.name.lower()} (from {source})"


# --- the 360 questionnaire ---------------------------------------------------------------
class Frequency(Enum):
    NOT_SEEN = 0
    NEVER = 1
    RARELY = 2
    SOMETIMES = 3
    OFTEN = 4
    ALWAYS = 5

    @property
    def label(self) -> str:
        return {0: "Not seen enough to say", 1: "Never", 2: "Rarely", 3: "Sometimes", 4: "Often",
                5: "Always"}[self.value]


class RaterGroup(LabelledEnum):
    SELF = "self", "Self"
    LINE_MANAGER = "line_manager", "Line manager"
    PEER = "peer", "Peers"
    DIRECT_REPORT = "direct_report", "Direct reports"
    OTHER = "other", "Others"


# What raters in each group are told about how their answers are shown.
GROUP_NOTICE = {
    RaterGroup.SELF: "This is your own view. It is shown beside what others said.",
    RaterGroup.LINE_MANAGER: "As line manager, your ratings are shown as yours (you are the only one in "
                             "this group). Your comments are mixed in with everyone else's, unattributed.",
    RaterGroup.PEER: "Your answers are only ever added to others'. If fewer than 3 peers answer, peers are "
                     "merged into 'others'. Comments are shown unattributed and in a shuffled order.",
    RaterGroup.DIRECT_REPORT: "Your answers are only ever added to others'. If fewer than 3 people who report "
                              "to this leader answer, they are merged into 'others'. Comments are shown "
                              "unattributed and in a shuffled order.",
    RaterGroup.OTHER: "Your answers are only ever added to others'. Groups smaller than 3 are merged, and a "
                      "merged group smaller than 3 is left out of the scores. Comments are shown "
                      "unattributed and in a shuffled order.",
}


# Told to every rater (slip and screen): how their answers are kept.
SEALED_NOTICE = ("When you send your answers they are sealed so that only HR's system can open them, to add them "
                 "to everyone else's: no one at the station, including the manager who holds its records, can "
                 "read your individual answers.")


class CommentKind(LabelledEnum):
    KEEP = "keep", "Keep doing"
    MORE = "more", "Do more of"
    LESS = "less", "Do less of"


@dataclass(frozen=True)
class Statement:
    key: str       # "dim:<dimension key>" or "value:<value name>"
    text: str
    heading: str   # the dimension or value it belongs to

    @property
    def is_value(self) -> bool:
        return self.key.startswith("value:")


def statements(values: tuple) -> tuple[Statement, ...]:
    """The trust's values (names, or the profile's TrustValue), then the nine dimensions, each as one statement
    rated on the frequency scale."""
    names = [str(getattr(v, "name", v)) for v in values]
    out = [Statement(f"value:{v}", f"Shows our value of {v.lower()} in how they treat patients and colleagues.",
                     v) for v in names]
    out += [Statement(f"dim:{d.key}", d.statement, d.name) for d in DIMENSIONS]
    return tuple(out)


@dataclass(frozen=True)
class Response:
    """One rater's answers: only ever held in memory (and in their code-locked draft), then folded in."""
    group: RaterGroup
    ratings: dict[str, int] = field(default_factory=dict)     # statement key -> Frequency value
    comments: dict[str, str] = field(default_factory=dict)    # CommentKind value -> text

    def unanswered(self, keys: tuple[str, ...]) -> list[str]:
        return [k for k in keys if k not in self.ratings]


RESPONSE_FORMAT = "eadr-station-360-response/1"
RESPONSE_PAD = 4096   # sealed responses are padded to a multiple of this, so their size says little


def response_to_bytes(response: Response) -> bytes:
    """What a rater's sealed response holds (sealed to HR's key): group, ratings, comments; padded so that
    the length of the ciphertext does not tell a long comment from a short one."""
    data = json.dumps({"format": RESPONSE_FORMAT, "group": response.group.value, "ratings": response.ratings,
                       "comments": response.comments}, ensure_ascii=False).encode()
    return data + b" " * (-len(data) % RESPONSE_PAD)


def response_from_bytes(data: bytes) -> Response:
    """ValueError if it is not a response this version understands."""
    value = json.loads(data.decode())
    if not isinstance(value, dict) or value.get("format") != RESPONSE_FORMAT:
        raise ValueError("not a 360 response")
    ratings, comments = value.get("ratings"), value.get("comments")
    if not isinstance(ratings, dict) or not isinstance(comments, dict):
        raise ValueError("a 360 response without ratings or comments")
    return Response(RaterGroup(value.get("group")), {str(k): int(v) for k, v in ratings.items()},
                    {str(k): str(v) for k, v in comments.items() if k in {c.value for c in CommentKind}})


def empty_tally() -> dict:
    """The running aggregate of a round: per group, responses and per statement [sum, count]; comment pools."""
    return {"groups": {}, "comments": {k.value: [] for k in CommentKind}}


def fold(tally: dict, response: Response, rng: random.Random | None = None) -> dict:
    """Add one response to the tally. Its comments go in at random places, so their order says nothing."""
    rng = rng or random.SystemRandom()
    group = tally["groups"].setdefault(response.group.value, {"responses": 0, "items": {}})
    group["responses"] += 1
    for key, value in response.ratings.items():
        if not 0 <= int(value) <= 5:
            raise ValueError(f"rating {value!r} for {key} is not on the scale")
        if value == Frequency.NOT_SEEN.value:
            continue
        item = group["items"].setdefault(key, [0, 0])
        item[0] += int(value)
        item[1] += 1
    for kind, text in response.comments.items():
        text = text.strip()
        if text:
            pool = tally["comments"].setdefault(kind, [])
            pool.insert(rng.randint(0, len(pool)), text)
    return tally


# --- closing a round: what may be shown --------------------------------------------------
@dataclass(frozen=True)
class ShownGroup:
    label: str
    responses: int
    means: dict[str, tuple[float, int]]   # statement key -> (mean, ratings)
    own_view: bool = False                 # self or line manager, shown as such


@dataclass(frozen=True)
class RoundResults:
    groups: tuple[ShownGroup, ...]
    comments: dict[str, tuple[str, ...]]
    counts: dict[str, int]   # responses per rater group as invited (what HR and the open round show)
    notes: tuple[str, ...]   # how groups were merged or left out, in words


OTHERS_LABEL = "Others (merged)"


def close_tally(tally: dict, rng: random.Random | None = None) -> RoundResults:
    """Merge groups smaller than MIN_GROUP into others, leave out a merged group still too small, shuffle
    comments. What this returns is all that is kept once a round closes."""
    rng = rng or random.SystemRandom()
    groups = tally.get("groups", {})
    counts = {g.value: int(groups.get(g.value, {}).get("responses", 0)) for g in RaterGroup}
    shown: list[ShownGroup] = []
    notes: list[str] = []

    def means(items: dict) -> dict[str, tuple[float, int]]:
        return {k: (round(s / n, 2), n) for k, (s, n) in items.items() if n}

    for own in (RaterGroup.SELF, RaterGroup.LINE_MANAGER):
        if counts[own.value]:
            label = "Self" if own is RaterGroup.SELF else "Line manager (their own view)"
            shown.append(ShownGroup(label, counts[own.value], means(groups[own.value]["items"]), own_view=True))
    merged: dict[str, list[int]] = {}
    merged_count = 0
    merged_names: list[str] = []
    for g in (RaterGroup.PEER, RaterGroup.DIRECT_REPORT):
        n = counts[g.value]
        if n >= MIN_GROUP:
            shown.append(ShownGroup(g.label, n, means(groups[g.value]["items"])))
        elif n:
            merged_names.append(g.label.lower())
            merged_count += n
            for k, (s, c) in groups[g.value]["items"].items():
                acc = merged.setdefault(k, [0, 0])
                acc[0] += s
                acc[1] += c
    if counts[RaterGroup.OTHER.value] or merged_count:
        n = counts[RaterGroup.OTHER.value] + merged_count
        for k, (s, c) in groups.get(RaterGroup.OTHER.value, {}).get("items", {}).items():
            acc = merged.setdefault(k, [0, 0])
            acc[0] += s
            acc[1] += c
        label = OTHERS_LABEL if merged_names else RaterGroup.OTHER.label
        if merged_names:
            notes.append(f"Fewer than {MIN_GROUP} {' and '.join(merged_names)} answered, so their answers are "
                         "counted with others.")
        if n >= MIN_GROUP:
            shown.append(ShownGroup(label, n, means(merged)))
        else:
            notes.append(f"Only {n} {'person' if n == 1 else 'people'} answered outside the named groups, fewer "
                         f"than {MIN_GROUP}, so those ratings are left out to protect them; their comments are "
                         "included.")
    comments = {}
    for kind in CommentKind:
        pool = list(tally.get("comments", {}).get(kind.value, []))
        rng.shuffle(pool)
        comments[kind.value] = tuple(pool)
    return RoundResults(tuple(shown), comments, counts, tuple(notes))


def merged_results(responses: list[Response], rng: random.Random | None = None) -> RoundResults:
    """A closed round's results from its responses: each summed into a tally in turn, then close_tally.
    HR's hub runs this on the responses it alone can open; nothing per response is kept."""
    tally = empty_tally()
    for response in responses:
        fold(tally, response, rng)
    return close_tally(tally, rng)


def results_to_json(results: RoundResults) -> str:
    return json.dumps({"groups": [{"label": g.label, "responses": g.responses, "own_view": g.own_view,
                                   "means": {k: list(v) for k, v in g.means.items()}} for g in results.groups],
                       "comments": {k: list(v) for k, v in results.comments.items()},
                       "counts": results.counts, "notes": list(results.notes)}, ensure_ascii=False)


def results_from_json(text: str) -> RoundResults:
    """ValueError (or KeyError/TypeError, all caught by callers as bad data) if it is not results JSON."""
    data = json.loads(text)
    return RoundResults(
        tuple(ShownGroup(str(g["label"]), int(g["responses"]),
                         {str(k): (float(v[0]), int(v[1])) for k, v in g["means"].items()}, bool(g["own_view"]))
              for g in data["groups"]),
        {str(k): tuple(str(c) for c in v) for k, v in data["comments"].items()},
        {str(k): int(v) for k, v in data["counts"].items()}, tuple(str(n) for n in data["notes"]))


def hr_summary(results: RoundResults) -> dict:
    """What HR may receive of a closed round beyond its dates and counts: for each dimension, the mean of the
    colleague groups shown (each of MIN_GROUP or more; never self or the line manager's own view), and how many
    colleagues that is. Empty when no such group was shown."""
    groups = [g for g in results.groups if not g.own_view]
    means: dict[str, float] = {}
    for d in DIMENSIONS:
        key = f"dim:{d.key}"
        total = sum(g.means[key][0] * g.means[key][1] for g in groups if key in g.means)
        n = sum(g.means[key][1] for g in groups if key in g.means)
        if n:
            means[d.key] = round(total / n, 2)
    return {"raters": sum(g.responses for g in groups), "means": means} if means else {}


# --- the report ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportLine:
    key: str
    heading: str
    self_mean: float | None
    others_mean: float | None
    others_ratings: int
    by_group: dict[str, float]

    @property
    def gap(self) -> float | None:
        if self.self_mean is None or self.others_mean is None:
            return None
        return round(self.self_mean - self.others_mean, 2)


@dataclass(frozen=True)
class Report:
    lines: tuple[ReportLine, ...]
    strengths: tuple[ReportLine, ...]
    to_develop: tuple[ReportLine, ...]
    blind_spots: tuple[ReportLine, ...]   # rated themselves a whole point or more above others
    comments: dict[str, tuple[str, ...]]
    notes: tuple[str, ...]
    group_labels: tuple[str, ...]

NO_STRENGTHS = ("None stood out: no statement was rated 'often' or more by others and also above their average "
                "across all statements.")


def build_report(results: RoundResults, items: tuple[Statement, ...]) -> Report:
    """Self against everyone else shown (never including a group left out), strengths and areas to develop."""
    self_group = next((g for g in results.groups if g.label == "Self"), None)
    others = [g for g in results.groups if g.label != "Self"]
    lines = []
    for st in items:
        s = self_group.means.get(st.key) if self_group else None
        total = sum(g.means[st.key][0] * g.means[st.key][1] for g in others if st.key in g.means)
        n = sum(g.means[st.key][1] for g in others if st.key in g.means)
        lines.append(ReportLine(st.key, st.heading, s[0] if s else None, round(total / n, 2) if n else None, n,
                                {g.label: g.means[st.key][0] for g in others if st.key in g.means}))
    rated = [line for line in lines if line.others_mean is not None]
    average = sum(line.others_mean for line in rated) / len(rated) if rated else 0.0
    # Strengths: rated 'often' or more and above their own average; areas to develop: clearly below their
    # average or below 'sometimes'. Everything rated the same gives neither, rather than an arbitrary three.
    ranked = sorted(rated, key=lambda line: (-line.others_mean, line.heading))
    strengths = tuple(line for line in ranked if line.others_mean >= 3.5 and line.others_mean > average)[:3]
    develop = tuple(line for line in sorted(rated, key=lambda line: (line.others_mean, line.heading))
                    if line.others_mean < min(3.0, average) or line.others_mean <= average - 0.25)[:3]
    blind = tuple(line for line in rated if line.gap is not None and line.gap >= 1.0)
    return Report(tuple(lines), strengths, develop, blind, results.comments, results.notes,
                  tuple(g.label for g in results.groups))


def describe_mean(mean: float | None) -> str:
    """A mean on the frequency scale in words, so nothing depends on reading a number or a colour."""
    if mean is None:
        return "no ratings"
    nearest = Frequency(min(5, max(1, round(mean))))
    return f"{mean:.1f} (about '{nearest.label.lower()}')"

"""CPD and training at size: one person's ten years of CPD opened and filtered in the app, and the
training status of 7,000 staff across 15 courses (the team page's column and the team view)."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from pathlib import Path

from desktop.demo.learning import ACTIVITIES, BENEFIT, NOW_WHAT, SO_WHAT, WHAT
from desktop.domain.cpd import CpdEntry
from desktop.security.unlock import unlock_workspace
from desktop.store.info import DEMO_PASSPHRASE
from desktop.store.learning import team_learning
from desktop.store.team import team_facts
from harness import Row, Target, percentile

OPEN_TARGET = Target(0.5)
FILTER_TARGET = Target(0.05)
STATUS_TARGET = Target(1.0)
PER_YEAR = 60            # a keen registrant: more than one activity a week
EVIDENCE_EVERY = 6       # one in six with a 150 KB evidence file


def add_ten_years(folder: Path, today: date) -> tuple[str, int]:
    """Give one paramedic of the workspace ten years of CPD; returns (staff id, entries)."""
    rng = random.Random(10)
    ws = unlock_workspace(folder, DEMO_PASSPHRASE)
    try:
        person = next(p for p in ws.staff().all() if p.is_active and p.hcpc_number)
        repo = ws.cpd()
        entries = []
        for i in range(PER_YEAR * 10):
            kind, title, provider, hours = rng.choice(ACTIVITIES)
            entries.append(CpdEntry(staff_id=person.id or "", title=f"{title} ({i})", activity_type=kind,
                                    start_date=today - timedelta(days=rng.randint(0, 3650)), hours=hours,
                                    provider=provider, description=title, reflection_what=rng.choice(WHAT),
                                    reflection_so_what=rng.choice(SO_WHAT), reflection_now_what=rng.choice(NOW_WHAT),
                                    service_user_benefit=BENEFIT))
        with ws.db.atomic():
            ids = repo.insert_many(entries, "Bench: ten years of CPD")
        for entry_id in ids[::EVIDENCE_EVERY]:
            repo.add_evidence(entry_id, "certificate.pdf", rng.randbytes(150 * 1024))
        return person.id or "", len(entries)
    finally:
        ws.close()


def measure_cpd_log(app, folder: Path, runs: int) -> list[Row]:
    """Open the person's CPD page (query, model, widgets shown) and filter it as someone types."""
    from desktop.ui.cpd.page import LearningPage
    today = date.today()
    staff_id, count = add_ten_years(folder, today)
    size = f"{count} entries"
    ws = unlock_workspace(folder, DEMO_PASSPHRASE)
    try:
        person = ws.staff().get(staff_id)
        opened, keystrokes, types = [], [], []
        for _ in range(runs):
            start = time.perf_counter()
            page = LearningPage(ws, person)
            page.resize(1366, 700)
            page.show()
            app.processEvents()
            opened.append(time.perf_counter() - start)
            log = page.log
            for word in ("sepsis", "case review"):
                for n in range(1, len(word) + 1):
                    start = time.perf_counter()
                    log.search.setText(word[:n])
                    app.processEvents()
                    keystrokes.append(time.perf_counter() - start)
                log.search.clear()
            for index in range(1, log.type_filter.count()):
                start = time.perf_counter()
                log.type_filter.setCurrentIndex(index)
                app.processEvents()
                types.append(time.perf_counter() - start)
            page.close()
            page.deleteLater()
            app.processEvents()
        rows = [Row("open one person's CPD and training", size, opened, OPEN_TARGET),
                Row("CPD log: filter per keystroke", size, keystrokes, FILTER_TARGET),
                Row("CPD log: keystroke p95", size, [percentile(keystrokes, 0.95)], FILTER_TARGET),
                Row("CPD log: filter by activity type", size, types, FILTER_TARGET)]
        return rows
    finally:
        ws.close()


def measure_training_status(folder: Path, staff: int, runs: int) -> list[Row]:
    """The team page's facts (EADR due, CPD hours, training summary per person) and the team view."""
    ws = unlock_workspace(folder, DEMO_PASSPHRASE)
    try:
        people = ws.staff().all()
        courses = len(ws.training().courses())
        records = ws.db.execute("SELECT count(*) FROM training_records").fetchone()[0]
        size = f"{staff:,} staff × {courses} courses"
        facts, overview = [], []
        for _ in range(runs):
            start = time.perf_counter()
            team_facts(ws, people, date.today())
            facts.append(time.perf_counter() - start)
            start = time.perf_counter()
            team_learning(ws, date.today(), people)
            overview.append(time.perf_counter() - start)
        return [Row(f"team page facts incl. training ({records:,} records)", size, facts, STATUS_TARGET),
                Row("team CPD and training view", size, overview, STATUS_TARGET)]
    finally:
        ws.close()

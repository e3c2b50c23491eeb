"""Printing through a real CUPS queue: the app's Print… sends the PDF to CUPS, CUPS-PDF writes what was printed.

The fixture starts the CUPS scheduler if it is not running (as root, as the project's set-up does on a
test machine: `make sysdeps` installs cups, cups-client and printer-driver-cups-pdf), adds a CUPS-PDF
queue, and removes both afterwards. The words are read back from the printed file with pdftotext.
Skipped, with the reason, only where CUPS cannot run (Windows, no CUPS installed, not root).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QMessageBox

from desktop.store.audit import entries
from tests.gui.test_conversation import fresh_person
from tests.gui.test_printing_gui import (
    answer_print_dialog, capture_previews, click, open_signed_record, pdf_pages, pdf_text, shown_preview,
)

pytestmark = pytest.mark.slow   # starts a CUPS scheduler and waits for real print jobs

QUEUE = "EADR-PDF"
SCHEDULER_START_SECONDS = 30
PRINT_WAIT_SECONDS = 90
ONE_MB = 1024 * 1024


@dataclass
class CupsPdfQueue:
    name: str
    out_dirs: list[Path]            # where CUPS-PDF writes what is printed (its "Out" and anonymous folders)


def _run(*command: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def _scheduler_running() -> bool:
    try:
        done = _run("lpstat", "-r", timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and "is running" in done.stdout and "not running" not in done.stdout


def _why_cups_cannot_run() -> str | None:
    if sys.platform.startswith("win"):
        return "Windows prints through its own spooler, not CUPS"
    for program in ("lp", "lpstat", "lpadmin"):
        if shutil.which(program) is None and not Path(f"/usr/sbin/{program}").exists():
            return f"CUPS's {program} command is not installed: run `make sysdeps` (as root) to install cups-client"
    if not Path("/usr/lib/cups/backend/cups-pdf").exists():
        return "the CUPS-PDF printer is not installed: run `make sysdeps` (as root) to install printer-driver-cups-pdf"
    if not _scheduler_running():
        if os.geteuid() != 0:
            return "the CUPS scheduler is not running and starting it needs root (`sudo cupsd`)"
        if _cupsd() is None:
            return "the CUPS scheduler (cupsd) is not installed: run `make sysdeps` (as root) to install cups"
    elif os.geteuid() != 0:
        return "adding a print queue with lpadmin needs root"
    return None


def _cupsd() -> str | None:
    return shutil.which("cupsd") or next((p for p in ("/usr/sbin/cupsd", "/usr/local/sbin/cupsd")
                                          if Path(p).exists()), None)


def _lpadmin() -> str:
    return shutil.which("lpadmin") or "/usr/sbin/lpadmin"


def _cups_pdf_model() -> str:
    """The CUPS-PDF driver's model name, as `lpinfo -m` lists it."""
    lpinfo = shutil.which("lpinfo") or "/usr/sbin/lpinfo"
    listed = _run(lpinfo, "-m", timeout=60).stdout.splitlines()
    models = [line.split()[0] for line in listed if "cups-pdf" in line.lower()]
    if not models:
        pytest.fail(f"lpinfo -m lists no CUPS-PDF driver (it lists {len(listed)} drivers): is "
                    "printer-driver-cups-pdf installed? `make sysdeps` installs it")
    return next((m for m in models if "noopt" not in m.lower()), models[0])


def _cups_pdf_out_dirs() -> list[Path]:
    """CUPS-PDF's output folders for this user, from /etc/cups/cups-pdf.conf (its defaults otherwise)."""
    user = pwd.getpwuid(os.getuid())
    settings = {"Out": "${HOME}/PDF", "AnonDirName": "/var/spool/cups-pdf/ANONYMOUS"}
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.strip().split(None, 1)
            if len(parts) == 2 and parts[0] in settings:
                settings[parts[0]] = parts[1]
    expand = {"${HOME}": user.pw_dir, "${USER}": user.pw_name}
    dirs = []
    for value in settings.values():
        for name, replacement in expand.items():
            value = value.replace(name, replacement)
        dirs.append(Path(value))
    return dirs


@pytest.fixture(scope="session")
def cups_pdf_queue():
    """A CUPS-PDF queue named EADR-PDF on a running scheduler; removed afterwards (and cupsd stopped if we started it)."""
    reason = _why_cups_cannot_run()
    if reason:
        pytest.skip(f"CUPS cannot run here: {reason}")
    started: subprocess.Popen | None = None
    if not _scheduler_running():
        # In the foreground (-f) as our own child: no systemd needed, and it is stopped for certain at the end.
        started = subprocess.Popen([_cupsd() or "cupsd", "-f"], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + SCHEDULER_START_SECONDS
        while not _scheduler_running():
            if started.poll() is not None or time.monotonic() > deadline:
                said = started.stderr.read().decode(errors="replace") if started.poll() is not None else ""
                _stop(started)
                pytest.fail(f"cupsd did not start within {SCHEDULER_START_SECONDS} s: {said.strip() or 'no message'}"
                            " — see /var/log/cups/error_log")
            time.sleep(0.2)
    added = _run(_lpadmin(), "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-m", _cups_pdf_model(), timeout=60)
    if added.returncode != 0:
        _stop(started)
        pytest.fail(f"lpadmin could not add the {QUEUE} queue: {added.stderr.strip()}")
    try:
        yield CupsPdfQueue(QUEUE, _cups_pdf_out_dirs())
    finally:
        _run(_lpadmin(), "-x", QUEUE)
        _stop(started)


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def _job_number(job_id: str) -> int:
    match = re.fullmatch(rf"{re.escape(QUEUE)}-(\d+)", job_id or "")
    assert match, f"the app did not report a CUPS job id for {QUEUE} (got {job_id!r})"
    return int(match.group(1))


def _printed_file(queue: CupsPdfQueue, job: int, before: set[Path]) -> Path:
    """Wait (bounded) for CUPS-PDF to write job `job`'s PDF; fail saying what CUPS says if it does not."""
    deadline = time.monotonic() + PRINT_WAIT_SECONDS
    label = re.compile(rf"job_{job}(\D|$)")
    while time.monotonic() < deadline:
        new = [p for d in queue.out_dirs if d.is_dir() for p in d.glob("*.pdf") if p not in before]
        mine = [p for p in new if label.search(p.name)] or new
        if mine and _completed(queue, job):
            return mine[0]
        time.sleep(0.25)
    state = _run("lpstat", "-l", "-p", queue.name).stdout + _run("lpstat", "-W", "all", "-o", queue.name).stdout
    pytest.fail(f"CUPS-PDF wrote no PDF for job {queue.name}-{job} within {PRINT_WAIT_SECONDS} s "
                f"(looked in {', '.join(map(str, queue.out_dirs))}). CUPS says:\n{state}"
                "See /var/log/cups/error_log and /var/log/cups/cups-pdf*_log.")


def _completed(queue: CupsPdfQueue, job: int) -> bool:
    listed = _run("lpstat", "-W", "completed", "-o", queue.name).stdout
    return any(line.split()[:1] == [f"{queue.name}-{job}"] for line in listed.splitlines())


def _spooled_bytes(queue: CupsPdfQueue, job: int) -> int:
    """The job's size as CUPS spooled it (lpstat's size column: whole kilobytes, in bytes)."""
    for line in _run("lpstat", "-W", "completed", "-o", queue.name).stdout.splitlines():
        fields = line.split()
        if fields[:1] == [f"{queue.name}-{job}"]:
            return int(fields[2])
    raise AssertionError(f"job {queue.name}-{job} is not among CUPS's completed jobs")


def choose_queue(copies: int = 1, first: int = 0, last: int = 0):
    """Pick the CUPS-PDF queue in the print dialog, as a person would from its printer list."""
    def choose(printer: QPrinter) -> None:
        assert QUEUE in QPrinterInfo.availablePrinterNames(), "the print dialog does not list the CUPS queue"
        printer.setPrinterName(QUEUE)
        printer.setCopyCount(copies)
        if first:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(first, last)
        assert printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
    return choose


def _existing(queue: CupsPdfQueue) -> set[Path]:
    return {p for d in queue.out_dirs if d.is_dir() for p in d.glob("*.pdf")}


def test_a_two_page_record_prints_through_a_real_cups_queue_as_text(
        cups_pdf_queue, unlocked, qtbot, monkeypatch, capsys):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = open_signed_record(qtbot, shell, person)
    shown = capture_previews(monkeypatch)
    click(qtbot, page.print_button)
    preview = shown_preview(qtbot, shown)
    assert preview.document.pageCount() == 2
    before = _existing(cups_pdf_queue)
    asked = answer_print_dialog(monkeypatch, choose_queue())
    click(qtbot, preview.print_button)
    assert len(asked) == 1
    job = _job_number(preview.last_job)
    printed = _printed_file(cups_pdf_queue, job, before)
    try:
        text = " ".join(pdf_text(printed).split())
        for words in (f"{person.first_name} {person.last_name}", person.assignment_number,
                      "1. Check-in and wellbeing"):
            assert words in text, f"'{words}' is not in the printed PDF"
        assert pdf_pages(printed) == 2
        spooled = _spooled_bytes(cups_pdf_queue, job)
        assert spooled < ONE_MB and len(preview.pdf_bytes) < ONE_MB
        assert entries(shell.workspace.db, limit=1)[0].summary.startswith(f"Printed 2 pages on {QUEUE}")
        assert preview.status.text() == f"Sent 2 pages to the printer “{QUEUE}”."
        with capsys.disabled():
            print(f"\nCUPS print: job {preview.last_job}, spooled {spooled} bytes (PDF {len(preview.pdf_bytes)} "
                  f"bytes), printed {printed} ({printed.stat().st_size} bytes, {pdf_pages(printed)} pages): "
                  f"{text[:120]}…")
    finally:
        printed.unlink(missing_ok=True)


def test_page_range_and_copies_reach_the_cups_queue(cups_pdf_queue, unlocked, qtbot, monkeypatch):
    shell = unlocked.shell
    page = open_signed_record(qtbot, shell, fresh_person(shell))
    shown = capture_previews(monkeypatch)
    click(qtbot, page.print_button)
    preview = shown_preview(qtbot, shown)
    second_page = " ".join(preview.document.getAllText(1).text().split())
    before = _existing(cups_pdf_queue)
    answer_print_dialog(monkeypatch, choose_queue(copies=2, first=2, last=2))
    click(qtbot, preview.print_button)
    job = _job_number(preview.last_job)
    printed = _printed_file(cups_pdf_queue, job, before)
    try:
        text = " ".join(pdf_text(printed).split())
        # Only page 2, twice: CUPS makes collated copies itself for CUPS-PDF, so both are in the file.
        assert pdf_pages(printed) == 2
        assert "Page 1 of 2" not in text and text.count("Page 2 of 2") == 2
        assert text.count(second_page[:40]) == 2
        assert entries(shell.workspace.db, limit=1)[0].summary.startswith(f"Printed 1 page, 2 copies on {QUEUE}")
    finally:
        printed.unlink(missing_ok=True)


def test_a_queue_that_refuses_jobs_is_named_with_what_to_do(cups_pdf_queue, unlocked, qtbot, monkeypatch):
    shell = unlocked.shell
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append((title, text)))
    page = open_signed_record(qtbot, shell, fresh_person(shell))
    shown = capture_previews(monkeypatch)
    click(qtbot, page.print_button)
    preview = shown_preview(qtbot, shown)
    before = entries(shell.workspace.db, limit=1)
    reject = shutil.which("cupsreject") or "/usr/sbin/cupsreject"
    accept = shutil.which("cupsaccept") or "/usr/sbin/cupsaccept"
    assert _run(reject, "-r", "Out of paper", QUEUE).returncode == 0
    try:
        answer_print_dialog(monkeypatch, choose_queue())
        click(qtbot, preview.print_button)
    finally:
        _run(accept, QUEUE)
    assert warnings, "no message when the queue refused the job"
    title, text = warnings[0]
    assert title == "Not printed"
    assert f"“{QUEUE}” did not accept the document" in text and "choose another printer" in text
    assert entries(shell.workspace.db, limit=1) == before and preview.last_job is None

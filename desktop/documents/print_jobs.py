"""Printing a finished PDF: through CUPS's `lp` where the system has it, else page by page.

Where the system prints through CUPS (Linux, macOS), the PDF itself goes to the chosen
queue, so text stays text and a two-page record spools in kilobytes rather than the
tens of megabytes of page images. Elsewhere the caller paints pages in the order
`page_sequence` gives, honouring page ranges and copies. No Qt here: the print dialog's
choices arrive as a `PrintJob`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from desktop.domain.errors import EadrError

LP_TIMEOUT_SECONDS = 60

# What the print dialog's duplex choice means to CUPS ("sides" in IPP).
SIDES = {"none": "one-sided", "long": "two-sided-long-edge", "short": "two-sided-short-edge"}


class PrintFailed(EadrError):
    """The job did not reach the printer; str() names the printer and what to do."""


@dataclass(frozen=True)
class PrintJob:
    """What the person chose in the print dialog. Page numbers are 1-based, ranges inclusive."""

    printer: str
    title: str = ""
    copies: int = 1
    ranges: tuple[tuple[int, int], ...] = ()   # empty: every page
    collate: bool = True
    duplex: str | None = None                  # a key of SIDES, or None for the printer's default
    colour: bool | None = None                 # None: the printer's default


def page_ranges_text(ranges: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """`((1, 2), (4, 4))` → "1-2,4", the form both CUPS and people read."""
    parts = []
    for first, last in ranges:
        if first < 1 or last < first:
            raise ValueError(f"page range {first}-{last} is not a range of pages")
        parts.append(str(first) if first == last else f"{first}-{last}")
    return ",".join(parts)


def page_sequence(page_count: int, ranges: tuple[tuple[int, int], ...] | list[tuple[int, int]] = (),
                  copies: int = 1, collate: bool = True) -> list[int]:
    """The 0-based pages to paint, in order, when copies and ranges are the app's job, not the printer's."""
    chosen = [i for i in range(page_count)
              if not ranges or any(first <= i + 1 <= last for first, last in ranges)]
    copies = max(1, copies)
    if collate:
        return chosen * copies
    return [page for page in chosen for _ in range(copies)]


def lp_command(job: PrintJob, lp: str = "lp") -> list[str]:
    """The `lp` command line that prints the PDF given on standard input as `job` asks."""
    if not job.printer:
        raise ValueError("no printer chosen")
    command = [lp, "-d", job.printer, "-n", str(max(1, job.copies))]
    if job.title:
        command += ["-t", job.title]
    if job.ranges:
        command += ["-o", f"page-ranges={page_ranges_text(job.ranges)}"]
    if job.copies > 1:
        command += ["-o", f"collate={'true' if job.collate else 'false'}"]
    if job.duplex is not None:
        command += ["-o", f"sides={SIDES[job.duplex]}"]
    if job.colour is not None:
        command += ["-o", f"print-color-mode={'color' if job.colour else 'monochrome'}"]
    return command + ["--", "-"]


def cups_lp() -> str | None:
    """The `lp` command, where the system prints through CUPS (not on Windows); None elsewhere."""
    if sys.platform.startswith("win"):
        return None
    return shutil.which("lp")


_REQUEST_ID = re.compile(r"request id is (\S+)")


def _english_messages() -> dict[str, str]:
    """lp's own words in English (to read the job id), the character set left as the user's."""
    env = dict(os.environ)
    if "LC_ALL" in env:
        env["LANG"] = env.pop("LC_ALL")
    env["LC_MESSAGES"] = "C"
    return env


def send_to_cups(job: PrintJob, pdf: bytes, lp: str | None = None) -> str:
    """Hand `pdf` to CUPS for `job.printer`; returns the CUPS job id (such as "Office-12").

    The PDF goes on standard input, so no copy of a confidential record is left in a
    temporary file; CUPS keeps its own spool copy as for any print.
    """
    lp = lp or cups_lp()
    what_to_do = "Check it is switched on and accepting jobs in the system's printer settings, or choose another printer."
    if lp is None:
        raise PrintFailed(f"Nothing was sent to the printer “{job.printer}”: the lp command (CUPS) was not found. "
                          "Install CUPS's client programs (the cups-client package), or save as PDF and print that.")
    try:
        done = subprocess.run(lp_command(job, lp), input=pdf, capture_output=True, timeout=LP_TIMEOUT_SECONDS,
                              env=_english_messages())
    except FileNotFoundError:
        raise PrintFailed(f"Nothing was sent to the printer “{job.printer}”: the lp command ({lp}) was not found. "
                          "Install CUPS's client programs (the cups-client package), or save as PDF and print "
                          "that.") from None
    except subprocess.TimeoutExpired:
        raise PrintFailed(f"The printer “{job.printer}” did not take the document within {LP_TIMEOUT_SECONDS} "
                          f"seconds. {what_to_do}") from None
    except OSError as exc:
        raise PrintFailed(f"Nothing was sent to the printer “{job.printer}”: {exc.strerror}. {what_to_do}") from None
    said = (done.stderr or b"").decode("utf-8", "replace").strip()
    if done.returncode != 0:
        reason = re.sub(r"^lp:\s*", "", said.splitlines()[-1] if said else f"lp stopped with code {done.returncode}")
        raise PrintFailed(f"The printer “{job.printer}” did not accept the document: {reason.rstrip('.')}. "
                          f"{what_to_do}")
    found = _REQUEST_ID.search((done.stdout or b"").decode("utf-8", "replace"))
    return found.group(1) if found else ""

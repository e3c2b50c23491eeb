"""Retention for 360 files beside the database, run where the team changes (unlock, a leaver, a deletion)."""

from __future__ import annotations

import logging

from desktop.security.feedback360 import Feedback360, FeedbackError
from desktop.store.workspace import Workspace

log = logging.getLogger(__name__)


def tidy_feedback(workspace: Workspace) -> list[str]:
    """Withdraw a leaver's open round, close one long past its date, wipe files no open round owns. A failure
    (a file in use, a full disk) is logged and tried again next time: it must never stop the manager working."""
    try:
        done = Feedback360(workspace.folder, workspace.leadership()).tidy()
    except (OSError, FeedbackError, ValueError):
        log.exception("Tidying the 360 feedback files failed; it is tried again at the next unlock")
        return []
    if done:
        log.info("360 feedback files tidied: %s", "; ".join(done))
    return done

"""Which help topic belongs to what is on screen, for F1.

A widget can say for itself with a `help_topic` attribute (a string, or a method returning one). Otherwise
the table below names the topic for each page and dialog by class; F1 walks up from the focused widget and
takes the first answer, so a dialog's topic wins over the page behind it, and a person's details over the
team page around them. Classes are named, not imported, so F1 on the unlock screen loads nothing heavy;
tests/gui/test_help.py checks that every name is a real class and every topic a real heading.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.documents.help_index import slug

DEFAULT_TOPIC = "getting-started"
_LEARNING_TABS = ("cpd-log", "training", "hcpc-profile")


def _conversation(page) -> str:
    section = page.current_section.section
    if section.value == "signoff":
        return "sign-off-and-printing#signing-off"
    return f"conversation#{slug(section.label)}"


def _learning(page) -> str:
    index = page.tabs.currentIndex()
    return _LEARNING_TABS[index] if 0 <= index < len(_LEARNING_TABS) else "cpd-log"


def _staff_panel(panel) -> str:
    return "team#adding-people" if getattr(panel, "is_new", False) else "team#a-persons-details"


def _shell(shell) -> str | None:
    page = shell.pages.currentWidget()
    return own_topic(page) if page is not None else None


def _main_window(window) -> str | None:
    # Downwards only, never back up through the parents: that would come round to the window again.
    stack = getattr(window, "stack", None)   # the central widget is a scroll area around it
    page = stack.currentWidget() if stack is not None else None
    return own_topic(page) if page is not None else None


Rule = str | Callable[[QWidget], "str | None"]

TOPICS: dict[str, Rule] = {
    # dialogs first: they sit in front of a page
    "desktop.ui.dialogs.roster_import.RosterImportDialog": "team#importing-the-roster",
    "desktop.ui.dialogs.leaver.LeaverDialog": "team#when-someone-leaves",
    "desktop.ui.dialogs.passphrase.ChangePassphraseDialog": "locking-and-passphrases#changing-your-passphrase",
    "desktop.ui.dialogs.restore.RestoreDialog": "backups#restoring-a-backup",
    "desktop.ui.dialogs.retention.RetentionDialog": "records-and-audit#leavers-past-retention",
    "desktop.ui.dialogs.print_preview.PrintPreview": "sign-off-and-printing#the-print-preview",
    "desktop.ui.dialogs.scanned_forms.ScannedFormsDialog": "sign-off-and-printing#typing-up-scanned-paper-forms",
    "desktop.ui.cpd.quick_capture.QuickCaptureDialog": "cpd-log#quick-capture",
    "desktop.ui.cpd.training_tab.CompletionDialog": "training#recording-a-course",
    "desktop.ui.feedback.rater.GiveFeedbackWindow": "leadership-and-360#giving-feedback",
    "desktop.ui.pages.code_kiosks.UseCodeWindow": "preparation#using-a-code",
    "desktop.ui.feedback.prepare.PrepareWindow": "preparation",
    "desktop.ui.feedback.prepare.PreparationDialog": "preparation#three-ways-to-prepare",
    "desktop.ui.feedback.verdict.VerdictWindow": "sign-off-and-printing#their-view-of-the-conversation",
    "desktop.ui.dialogs.checkin.CheckinDialog": "team#check-ins-between-eadrs",
    "desktop.ui.dialogs.checkin.WellbeingPlanDialog": "team#check-ins-between-eadrs",
    "desktop.ui.feedback.leadership.ReportDialog": "leadership-and-360#the-feedback-report",
    "desktop.ui.feedback.leadership.LeadershipDialog": "leadership-and-360",
    # parts of pages
    "desktop.ui.widgets.staff_panel.StaffPanel": _staff_panel,
    # pages
    "desktop.ui.pages.welcome.WelcomePage": "getting-started#the-first-time",
    "desktop.ui.pages.unlock.UnlockPage": "getting-started#unlocking",
    "desktop.ui.pages.home.HomePage": "home",
    "desktop.ui.pages.team.TeamPage": "team",
    "desktop.ui.conversation.page.ConversationPage": _conversation,
    "desktop.ui.cpd.page.LearningPage": _learning,
    "desktop.ui.pages.learning.LearningOverviewPage": "cpd-log#the-cpd-training-page",
    "desktop.ui.pages.sync.SyncPage": "sync",
    "desktop.ui.pages.audit.AuditPage": "records-and-audit#the-audit-log",
    # containers: whatever page they show
    "desktop.ui.shell.Shell": _shell,
    "desktop.ui.main_window.MainWindow": _main_window,
}


def _rule_for(widget: QWidget) -> Rule | None:
    for cls in type(widget).__mro__:
        rule = TOPICS.get(f"{cls.__module__}.{cls.__qualname__}")
        if rule is not None:
            return rule
    return None


def own_topic(widget: QWidget) -> str | None:
    """The topic `widget` itself stands for, without looking at its parents."""
    declared = getattr(widget, "help_topic", None)
    if callable(declared):
        declared = declared()
    if isinstance(declared, str) and declared:
        return declared
    rule = _rule_for(widget)
    if rule is None:
        return None
    return rule if isinstance(rule, str) else rule(widget)


def topic_for(widget: QWidget | None) -> str:
    """The topic for `widget` or the nearest of its parents that has one; the guide's start otherwise."""
    while widget is not None:
        topic = own_topic(widget)
        if topic:
            return topic
        widget = widget.parentWidget()
    return DEFAULT_TOPIC

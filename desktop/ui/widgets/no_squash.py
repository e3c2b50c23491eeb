"""Keep forms with wrapped labels from being squashed inside scroll areas."""

from __future__ import annotations

from PySide6.QtCore import QSize


class NoSquash:
    """Mix into a QWidget subclass (before the Qt class).

    QFormLayout's height-for-width can come out smaller than its own size hint
    when it holds fixed-height text boxes and wrapped labels, and a scroll area
    then clips the form. Never report less than the size hint.
    """

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return max(super().heightForWidth(width), self.sizeHint().height())  # type: ignore[misc]

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()  # type: ignore[misc]
        return QSize(hint.width(), self.sizeHint().height())  # type: ignore[attr-defined]

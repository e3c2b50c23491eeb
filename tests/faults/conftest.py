"""The fault suite's GUI tests use the app's own QApplication (styles, fonts), as tests/gui does."""

from __future__ import annotations

import pytest

from desktop.ui.app import make_app


@pytest.fixture
def qapp_cls():
    return type(make_app())


@pytest.fixture(scope="session")
def qapp(qapp_args):
    return make_app()

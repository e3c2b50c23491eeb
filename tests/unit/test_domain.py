from datetime import date

import pytest

from desktop.domain.dates import DateFormatError, parse_date, uk
from desktop.domain.staff import Role, fold, normalise_band, role_for_job_title
from desktop.security.strength import assess


@pytest.mark.parametrize("text, expected", [
    ("2026-11-23", date(2026, 11, 23)),
    ("23/11/2026", date(2026, 11, 23)),
    ("3/4/2026", date(2026, 4, 3)),          # day first, always
    ("23.11.26", date(2026, 11, 23)),
    ("23-Nov-2026", date(2026, 11, 23)),
    ("01-JAN-99", date(1999, 1, 1)),
    ("2026-11-23T09:00:00", date(2026, 11, 23)),
])
def test_dates_people_and_esr_write(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "next Tuesday", "2026/13/01", "", "11-23-2026"])
def test_bad_dates_say_what_to_type(text):
    with pytest.raises(DateFormatError):
        parse_date(text)


def test_uk_format_on_screen():
    assert uk(date(2026, 11, 23)) == "23/11/2026"
    assert uk(None) == "—"


@pytest.mark.parametrize("title, role", [
    ("Paramedic", Role.PARAMEDIC),
    ("Specialist Paramedic (Urgent Care)", Role.SPECIALIST_PARAMEDIC),
    ("Advanced Paramedic Practitioner", Role.ADVANCED_PARAMEDIC),
    ("Emergency Medical Technician", Role.EMT),
    ("Associate Ambulance Practitioner", Role.EMT),
    ("Emergency Care Assistant", Role.ECA),
    ("Ambulance Support Worker", Role.ECA),
    ("Patient Transport Service Crew", Role.PTS),
    ("Emergency Call Handler", Role.CALL_HANDLER),
    ("Clinical Team Leader", Role.MANAGER),
    ("Fleet mechanic", Role.OTHER),
])
def test_roles_from_job_titles(title, role):
    assert role_for_job_title(title) is role


@pytest.mark.parametrize("text, band", [("6", "Band 6"), ("Band 8A", "Band 8a"), ("AfC Band 3", "Band 3"),
                                        ("band 8 b", "Band 8b"), ("Band 1", None), ("Senior", None)])
def test_bands(text, band):
    assert normalise_band(text) == band


def test_search_folding_ignores_case_and_accents():
    assert fold("Siân Łukasz NGUYỄN Ó Súilleabháin") == "sian lukasz nguyen o suilleabhain"


def test_passphrase_strength_hint():
    assert not assess("demo").acceptable
    assert not assess("password123").acceptable or assess("password123").score <= 2
    assert assess("kettle orange mountain violin").label == "Strong"

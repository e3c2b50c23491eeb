import shutil
import subprocess

import pytest

from desktop.documents.team_list import TeamList
from desktop.demo.people import make_people
from desktop.domain.staff import Staff
from tests.conftest import AS_OF


def pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is missing: `make test` installs it")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_team_list_prints_accented_names_dates_and_page_numbers(tmp_path):
    people = [Staff(assignment_number="11111111", first_name="Siân", last_name="O'Brien", job_title="Paramedic",
                    band="Band 6", start_date=AS_OF),
              Staff(assignment_number="22222222", first_name="Łukasz", last_name="Nguyễn",
                    job_title="Emergency Medical Technician")]
    path = TeamList(people, "Ipswich Ambulance Station", printed_on=AS_OF).save(tmp_path / "team.pdf")
    text = pdf_text(path)
    for expected in ("O'Brien, Siân", "Nguyễn, Łukasz", "23/11/2026", "Page 1 of 1",
                     "2 active staff at Ipswich Ambulance Station"):
        assert expected in text


def test_long_team_list_has_page_x_of_y_on_every_page(tmp_path):
    people = make_people(120, 5, 3, AS_OF)
    text = pdf_text(TeamList(people, "Bury St Edmunds", printed_on=AS_OF).save(tmp_path / "t.pdf"))
    pages = text.split("\f")
    total = len([p for p in pages if p.strip()])
    assert total >= 3
    for number in range(1, total + 1):
        assert f"Page {number} of {total}" in pages[number - 1]


def test_empty_team_list_says_what_to_do(tmp_path):
    text = pdf_text(TeamList([], "New Station", printed_on=AS_OF).save(tmp_path / "e.pdf"))
    assert "No staff yet" in text

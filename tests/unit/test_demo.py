from collections import Counter

import pytest

from desktop.demo.people import make_people
from desktop.domain.staff import Role, StaffStatus
from tests.conftest import AS_OF


def test_same_seed_same_people_and_different_seed_different_people():
    a = make_people(300, 5, 11, AS_OF)
    b = make_people(300, 5, 11, AS_OF)
    c = make_people(300, 5, 12, AS_OF)
    assert a == b and [p.id for p in a] == [p.id for p in b]
    assert a != c


def test_a_believable_station():
    people = make_people(300, 5, 2026, AS_OF)
    roles = Counter(p.role for p in people)
    assert roles[Role.PARAMEDIC] > roles[Role.EMT] > roles[Role.CALL_HANDLER] > 0
    assert len(roles) >= 8
    assert all(p.hcpc_number.startswith("PA") for p in people if p.role is Role.PARAMEDIC)
    assert not any(p.hcpc_number for p in people if p.role is Role.ECA)
    leavers = [p for p in people if p.status is StaffStatus.LEAVER]
    assert 5 <= len(leavers) <= 45
    assert all(p.leaving_date > p.start_date for p in leavers)
    assert len({p.assignment_number for p in people}) == 300
    assert len({p.email for p in people}) == 300
    spellings = " ".join(f"{p.first_name} {p.last_name}" for p in people)
    for fragment in ("Siân", "Ł", "Nguyễn", "O'"):
        assert fragment in spellings or any(fragment in p.first_name + p.last_name
                                            for p in make_people(2000, 5, 2026, AS_OF))
    assert all(p.validated() == p for p in people)


@pytest.mark.slow
def test_seven_thousand_staff(tmp_path):
    from desktop.demo.build import build_demo
    from tests.conftest import FAST
    with build_demo(tmp_path / "big", staff=7000, years=1, params=FAST) as ws:
        assert ws.staff().count() == 7000

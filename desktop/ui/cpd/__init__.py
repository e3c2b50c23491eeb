"""A staff member's CPD log, training record and HCPC profile, and quick capture."""

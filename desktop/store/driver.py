"""Make sqlite-utils run on SQLCipher.

sqlite-utils imports `pysqlite3` when it can, and catches that module's
OperationalError. Registering sqlcipher3 under that name before sqlite-utils is
first imported makes `drop(ignore=True)`, `insert(alter=True)` and friends catch
SQLCipher's own errors. Every store module imports sqlite-utils through here.
"""

from __future__ import annotations

import sys

import sqlcipher3
import sqlcipher3.dbapi2

if "sqlite_utils" in sys.modules and sys.modules.get("pysqlite3") is not sqlcipher3:
    raise ImportError("sqlite_utils was imported before desktop.store.driver; "
                      "import it through desktop.store.driver so it uses SQLCipher")
sys.modules["pysqlite3"] = sqlcipher3
sys.modules["pysqlite3.dbapi2"] = sqlcipher3.dbapi2

import sqlite_utils  # noqa: E402

Database = sqlite_utils.Database
DatabaseError = sqlcipher3.dbapi2.DatabaseError
IntegrityError = sqlcipher3.dbapi2.IntegrityError
OperationalError = sqlcipher3.dbapi2.OperationalError
connect = sqlcipher3.dbapi2.connect
complete_statement = sqlcipher3.dbapi2.complete_statement

__all__ = ["Database", "DatabaseError", "IntegrityError", "OperationalError", "complete_statement", "connect", "sqlite_utils"]

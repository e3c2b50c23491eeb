"""EADR Station's command line: the GUI by default, plus the commands HR scripts rely on (docs/cli.md).

main.py holds the table of commands and turns errors into exit codes; options.py what every command
shares; one module per command group (station, printing, cpd, training, backup, selftest, security,
sync, hub, scan, gui), each with `add_parser(subparsers)`. Imports run one way: main → groups → options.

`main` is re-exported so `eadr-station = desktop.cli:main` and `from desktop.cli import main` keep
working; the module itself is reached as `sys.modules["desktop.cli.main"]` (the name `desktop.cli.main`
is the function).
"""

from desktop.cli.main import main as main

"""The `cophub` console script: Django's manage command for this project."""

import os
import sys

# Commands whose module name cannot hold the dash the command line spells them with.
ALIASES = {"import-participants": "import_participants"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cophub.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    named = 2 if argv[1:2] == ["help"] else 1  # `cophub help import-participants` too
    if len(argv) > named:
        argv[named] = ALIASES.get(argv[named], argv[named])
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Django's command-line entry point for the newsroom site."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    # Commands run from a checkout are development work; servers start through wsgi.py/asgi.py,
    # which default to debug off and so require DJANGO_SECRET_KEY.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

"""``python -m api``: the ``halokop`` command line."""

from __future__ import annotations

from api.cli import main

main()

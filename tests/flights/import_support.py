"""Shared helpers of the import tests: where the real ICE Air files are, and running the command."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

# The shared folder sits beside the repository (CI clones the repo with shared/ next to it).
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ICE_AIR = SHARED / "data" / "ice-air"
LEGS = ICE_AIR / "uwchr_arts_legs_fy2011_fy2019.csv"
MISSIONS = ICE_AIR / "uwchr_arts_kbfi_missions.csv"
AIRPORTS = ICE_AIR / "uwchr_arts_airports.csv"

needs_ice_air = pytest.mark.skipif(
    not LEGS.exists(), reason=f"the ICE Air extracts are not at {ICE_AIR} (shared/ beside the repository)"
)

LEGS_HEADER = ",MissionDate,R-T,PULOC,DropLoc,AlienMasterID\n"


def run_import(*args: str) -> str:
    """Run import_flights as an editor would; returns what it printed."""
    out = StringIO()
    call_command("import_flights", *args, stdout=out, stderr=out)
    return out.getvalue()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path

"""Shared helpers of the import tests: where the real ICE Air files are, and running the command."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

# The extracts are part of the repository (data/ice-air/README.md says where they come from).
ICE_AIR = Path(__file__).resolve().parents[2] / "data" / "ice-air"
LEGS = ICE_AIR / "uwchr_arts_legs_fy2011_fy2019.csv"
GUATEMALA = ICE_AIR / "uwchr_arts_guatemala_removal_legs.csv"
MISSIONS = ICE_AIR / "uwchr_arts_kbfi_missions.csv"
AIRPORTS = ICE_AIR / "uwchr_arts_airports.csv"


LEGS_HEADER = ",MissionDate,R-T,PULOC,DropLoc,AlienMasterID\n"


def run_import(*args: str) -> str:
    """Run import_flights as an editor would; returns what it printed."""
    out = StringIO()
    call_command("import_flights", *args, stdout=out, stderr=out)
    return out.getvalue()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path

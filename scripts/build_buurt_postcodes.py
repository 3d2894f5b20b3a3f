"""Build wijkscan/data/buurt_postcodes_2024.csv: the most common postcode (PC4) of every 2024 buurt.

CBS publishes per buurt its "meest voorkomende postcode" (Kerncijfers wijken en buurten 2024, 85984NED,
``MeestVoorkomendePostcode``). The index of a buurt run uses it so that a visitor who types a postcode (9404)
finds the buurten with that postcode. It is the most common postcode of a buurt, not all of them: a buurt
can have addresses in more postcodes.

Source: ``demografie.postcode`` of every buurt in ../shared/data/derived_woonikveilig/GM*.json (CBS 85984NED as
republished by woonikveilig; see wijkscan/data/PROVENANCE.md). Checked while building: every buurt code is a
2024 buurt of the embedded snapshot, and every postcode is four digits. Run from the repository root:

    python scripts/build_buurt_postcodes.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BRON = ROOT.parent / "shared" / "data" / "derived_woonikveilig"
DOEL = ROOT / "wijkscan" / "data" / "buurt_postcodes_2024.csv"


def main() -> None:
    rows = []
    for path in sorted(BRON.glob("GM*.json")):
        for b in json.loads(path.read_text(encoding="utf-8"))["buurten"]:
            pc = (b.get("demografie") or {}).get("postcode")
            pc = str(pc).strip() if pc is not None else ""
            if pc and not re.fullmatch(r"\d{4}", pc):
                raise SystemExit(f"{path.name}: {b['code']} heeft postcode {pc!r}, geen vier cijfers")
            rows.append({"code": b["code"], "postcode": pc})
    df = pd.DataFrame(rows).drop_duplicates("code").sort_values("code")
    gebieden = pd.read_csv(ROOT / "wijkscan" / "data" / "gebieden_2024.csv", dtype=str)
    buurten = set(gebieden.loc[gebieden.niveau == "buurt", "code"])
    vreemd = sorted(set(df.code) - buurten)
    if vreemd:
        raise SystemExit(f"{len(vreemd)} codes zijn geen buurt van 2024: {vreemd[:5]}")
    df = df[df.postcode != ""]
    df.to_csv(DOEL, index=False)
    print(f"{DOEL.relative_to(ROOT)}: {len(df)} buurten met een postcode, {len(buurten) - len(df)} zonder")


if __name__ == "__main__":
    main()

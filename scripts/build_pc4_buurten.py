"""Build ``wijkscan/data/pc4_buurten_2024.csv.gz``: per 2024 CBS buurt its most common 4-digit postcode.

Source: the per-gemeente files of woonikveilig (``loukanton/woonikveilig``, ``data/gemeente/GMxxxx.json``),
field ``buurten[].demografie.postcode``, which is CBS Kerncijfers wijken en buurten 2024 (85984NED),
"Meest voorkomende postcode" of the buurt. Read by ``wijkscan.sources.buurtpostcodes``: the meldingen reader
places address-only meldingen by postcode when addresses cannot be looked up (offline; an approximation,
said so in every output), and the index of a buurt run finds a buurt by postcode. The script stops when a
buurt code is not a 2024 buurt of ``gebieden_2024.csv``.

Run from the repository root with the shared data directory::

    python scripts/build_pc4_buurten.py /pad/naar/derived_woonikveilig
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

UIT = Path(__file__).resolve().parents[1] / "wijkscan" / "data" / "pc4_buurten_2024.csv.gz"


def main(map_: Path) -> None:
    rijen = []
    gemeenten = sorted(map_.glob("GM*.json"))
    for pad in gemeenten:
        d = json.loads(pad.read_text(encoding="utf-8"))
        for b in d.get("buurten", []):
            pc = (b.get("demografie") or {}).get("postcode")
            if pc and str(pc).isdigit() and len(str(pc)) == 4:
                rijen.append((str(pc), d["code"], b["code"], b.get("wijkCode") or ""))
    rijen.sort()
    gebieden = (UIT.parent / "gebieden_2024.csv").read_text(encoding="utf-8").splitlines()
    buurten = {r.split(",")[0] for r in gebieden[1:] if ",buurt," in r}
    vreemd = sorted({b for _, _, b, _ in rijen} - buurten)
    if vreemd:
        raise SystemExit(f"{len(vreemd)} codes zijn geen buurt van 2024: {vreemd[:5]}")
    tekst = "postcode,gemeente,buurt,wijk\n" + "".join(f"{p},{g},{b},{w}\n" for p, g, b, w in rijen)
    UIT.write_bytes(gzip.compress(tekst.encode("utf-8"), mtime=0))
    print(f"{len(gemeenten)} gemeenten, {len(rijen)} buurten met een postcode -> {UIT} ({UIT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

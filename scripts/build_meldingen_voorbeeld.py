"""Build wijkscan/data/meldingen/assen_afgeleid_36_maanden.json.gz: a DERIVED sample, no real meldingen.

Afgeleid, geen echte meldingen. The real Assen Signalen meldingen that ship with wijkscan cover 18 May – 8 August
2026 completely (17 calendar months with earlier stragglers), too short for a seasonal pattern (24 months needed).
This script makes a clearly labelled 36-month sample (August 2023 – July 2026) so that the demo and the notebook
can show ``seizoenspatroon`` and ``ongewone_maanden``. Every melding in it is made up; only its category,
subcategory, location and wijk are copied from a real melding.

Method (seed 20261202, numpy ``default_rng``):

1. Pool: the real meldingen created on or after 2026-05-18 (the complete period, 2,775 rows).
2. Level: per category, the pool's meldingen per day, divided by the mean seasonal factor of the days observed
   (so the summer of the pool is not taken as the year's level), times ``SCHAAL`` (0.5, to keep the file small).
3. Season: a made-up factor per category and calendar month (``SEIZOEN``, after what gemeenten commonly report:
   groen in spring/summer, potholes after frost, wasps in late summer, sewers in the wet months), with mean 1.
4. Two planted unusual months (``GEPLANT``), so ``ongewone_maanden`` has something to find: Wegen, verkeer en
   straatmeubilair × 3 in February 2025 (a frost period, whole gemeente) and Afval × 3 in September 2024 in
   Assen-Oost.
5. Per category × month: a Poisson number of meldingen; each copies category, subcategory, lat/lng and wijk of a
   real pool melding drawn with replacement (of that wijk for the planted wijk month), and gets a uniformly drawn
   moment in the month (not in its first or last 3 hours). No address, no free text. ``id`` starts with
   ``afgeleid-`` and every row carries
   ``"bron": "afgeleid, geen echte meldingen"``.

Run from the repository root (reads only the package's own embedded real meldingen):

    python scripts/build_meldingen_voorbeeld.py
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
MELDINGEN = ROOT / "wijkscan" / "data" / "meldingen"
UIT = MELDINGEN / "assen_afgeleid_36_maanden.json.gz"
LABEL = "afgeleid, geen echte meldingen"
SEED = 20261202
SCHAAL = 0.5
BEGIN, EIND = "2023-08-01", "2026-07-31"
VOLLEDIG_VANAF = "2026-05-18"

#: made-up seasonal factor per category, January … December (normalised to mean 1 below)
SEIZOEN = {
    "Openbaar groen en water": [0.6, 0.6, 0.8, 1.1, 1.4, 1.4, 1.3, 1.2, 1.0, 0.9, 0.9, 0.7],
    "Afval": [1.3, 0.9, 0.9, 1.0, 1.0, 1.1, 1.15, 1.15, 1.0, 0.9, 0.85, 0.95],
    "Wegen, verkeer en straatmeubilair": [1.2, 1.3, 1.3, 1.1, 0.9, 0.85, 0.8, 0.8, 0.9, 0.95, 1.0, 1.1],
    "Overlast Openbare Ruimte": [0.8, 0.8, 0.9, 1.0, 1.1, 1.3, 1.3, 1.2, 1.0, 0.9, 0.8, 0.9],
    "Overlast Dier": [0.6, 0.6, 0.7, 0.9, 1.1, 1.3, 1.4, 1.6, 1.4, 0.9, 0.7, 0.6],
    "Riolering": [1.3, 1.1, 1.0, 0.8, 0.7, 0.8, 0.9, 0.9, 1.0, 1.2, 1.3, 1.3],
}
#: planted unusual months: (category, month, wijk or None for the whole gemeente, factor)
GEPLANT = [
    ("Wegen, verkeer en straatmeubilair", "2025-02", None, 3.0),
    ("Afval", "2024-09", "Assen-Oost", 3.0),
]


def seizoen(categorie: str) -> np.ndarray:
    f = np.array(SEIZOEN.get(categorie, [1.0] * 12), dtype=float)
    return f / f.mean()


def main() -> None:
    echt = pd.DataFrame(json.loads(gzip.decompress((MELDINGEN / "assen_signalen_all_meldingen.json.gz").read_bytes())))
    echt["datum"] = pd.to_datetime(echt.created_at, utc=True, format="ISO8601")
    pool = echt[echt.datum >= pd.Timestamp(VOLLEDIG_VANAF, tz="UTC")].reset_index(drop=True)
    dagen = pd.date_range(VOLLEDIG_VANAF, pool.datum.max().tz_convert(None).normalize(), freq="D")
    rng = np.random.default_rng(SEED)
    rijen = []
    for maand in pd.period_range(BEGIN, EIND, freq="M"):
        start = maand.start_time.tz_localize("Europe/Amsterdam")
        seconden = maand.days_in_month * 86400
        for categorie, groep in pool.groupby("category", sort=True):
            f = seizoen(str(categorie))
            per_dag = len(groep) / len(dagen) / f[dagen.month - 1].mean() * SCHAAL
            verwacht = per_dag * maand.days_in_month * f[maand.month - 1]
            delen = [(groep, verwacht)]
            for cat, m, wijk, factor in GEPLANT:
                if cat == categorie and str(maand) == m:
                    if wijk is None:
                        delen = [(groep, verwacht * factor)]
                    else:
                        in_wijk = groep[groep.wijk == wijk]
                        aandeel = len(in_wijk) / len(groep)
                        delen = [(groep, verwacht), (in_wijk, verwacht * aandeel * (factor - 1))]
            for bron, lam in delen:
                n = int(rng.poisson(lam))
                for i in rng.integers(0, len(bron), n):
                    r = bron.iloc[int(i)]
                    # not in the first or last 3 hours, so the month is the same in UTC and in Dutch time
                    moment = start + pd.Timedelta(seconds=int(rng.integers(3 * 3600, seconden - 3 * 3600)))
                    rijen.append({"lat": round(float(r.lat), 6), "lng": round(float(r.lng), 6),
                                  "category": r.category, "subcategory": r.subcategory, "wijk": r.wijk,
                                  "created_at": moment.tz_convert("UTC").isoformat(), "bron": LABEL})
    rijen.sort(key=lambda r: r["created_at"])
    for n, r in enumerate(rijen, start=1):
        r["id"] = f"afgeleid-{n:06d}"
    UIT.write_bytes(gzip.compress(json.dumps(rijen, ensure_ascii=False, separators=(",", ":")).encode(), mtime=0))
    print(f"{len(rijen)} afgeleide meldingen ({LABEL}), {BEGIN} t/m {EIND}: {UIT} ({UIT.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()

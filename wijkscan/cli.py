"""The ``wijkscan`` command line. Messages are Dutch; errors are one sentence, not a traceback.

Exit codes: 0 success, 2 wrong input (unknown gemeente, year, option), 3 no connection
and nothing cached, 4 a service answered nonsense, 1 anything unexpected.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import GeenVerbinding, OngeldigAntwoord, WijkscanFout
from .loading import load
from .settings import settings

DEMO_GEMEENTEN = ("Voorschoten", "Assen")


def _demo(args: argparse.Namespace) -> int:
    settings.offline = True  # the demo never touches the network
    out = Path(args.uitvoer)
    out.mkdir(parents=True, exist_ok=True)
    for naam in DEMO_GEMEENTEN:
        data = load(naam, bron="ingebouwd")
        print(data.samenvatting("buurt"))
        print()
        path = out / f"kerncijfers_{data.code}_{data.naam.lower()}_{data.jaar}.csv"
        data.tabel("buurt").to_csv(path, encoding="utf-8-sig", sep=";", decimal=",")
        print(f"Tabel per buurt opgeslagen: {path}")
        print()
    return 0


def _gegevens(args: argparse.Namespace) -> int:
    if args.offline:
        settings.offline = True
    data = load(args.gemeente, jaar=args.jaar, bron=args.bron)
    print(data.samenvatting(args.niveau))
    if args.csv:
        data.tabel(args.niveau).to_csv(args.csv, encoding="utf-8-sig", sep=";", decimal=",")
        print(f"Tabel opgeslagen: {args.csv}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="wijkscan",
        description="Wijkanalyse voor gemeenten: kerncijfers, grenzen en overzichten per wijk en buurt.",
    )
    p.add_argument("--versie", action="version", version=f"wijkscan {__version__}")
    sub = p.add_subparsers(dest="opdracht", metavar="OPDRACHT")
    d = sub.add_parser("demo", help="overzicht van Voorschoten en Assen uit de ingebouwde gegevens (offline)",
                       description="Maakt offline een overzicht per buurt van Voorschoten en Assen.")
    d.add_argument("--uitvoer", default="uitvoer", help="map voor de uitvoer (standaard: uitvoer)")
    d.set_defaults(func=_demo)
    g = sub.add_parser("gegevens", help="kerncijfers van één gemeente tonen of opslaan",
                       description="Toont de kerncijfers per buurt (of wijk) van een gemeente.")
    g.add_argument("gemeente", help="naam of code, bijv. Voorschoten of GM0626")
    g.add_argument("--jaar", type=int, default=2024, help="jaar van de kerncijfers (standaard 2024)")
    g.add_argument("--niveau", choices=["buurt", "wijk", "gemeente"], default="buurt", help="standaard: buurt")
    g.add_argument("--bron", choices=["auto", "online", "ingebouwd"], default="auto",
                   help="auto: cache of CBS/PDOK, anders ingebouwd (standaard)")
    g.add_argument("--offline", action="store_true", help="geen netwerk gebruiken")
    g.add_argument("--csv", help="sla de tabel op als CSV (puntkomma, decimale komma)")
    g.set_defaults(func=_gegevens)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not getattr(args, "func", None):
        parser().print_help()
        return 2
    try:
        return args.func(args)
    except GeenVerbinding as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 3
    except OngeldigAntwoord as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 4
    except WijkscanFout as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

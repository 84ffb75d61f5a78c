"""How knife-edge is Table 2's ±35 % band? (issue 11; figures in docs/methods.md)

Counts the pairs within ±35 % of the published gravity index with great-circle distances,
with WGS84 ellipsoidal distances (geographiclib, not a Shekara dependency: install it into a
scratch folder, e.g. ``pip download geographiclib==2.0`` and unzip, then pass ``--geographiclib
DIR``) and with one uniform detour factor applied to every distance. Reads the store of
SHEKARA_DATABASE_URL (``shekara db build`` first)::

    .venv/bin/python scripts/measure_table2_band.py [--geographiclib /tmp/gl]
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from shekara.kb import query
from shekara.kb.store import make_engine
from shekara.methods.gravity import gravity_index
from shekara.paths import default_database_url
from shekara.services import article


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--geographiclib", help="folder holding the geographiclib package")
    args = ap.parse_args()
    eng = make_engine(default_database_url())
    rep = article.reproduce_article(eng)
    inputs = article._article_inputs(eng)
    pub = np.array([r["published"] for r in rep.table2])
    p_i = [i.pop_kz for i in inputs]
    p_j = [i.pop_ru for i in inputs]
    d = np.array([i.distance for i in inputs])

    def within(distances: np.ndarray) -> tuple[int, np.ndarray]:
        r = gravity_index(p_i, p_j, distances) / pub
        return int(np.sum(np.abs(r - 1) <= 0.35)), r

    n, ratios = within(d)
    print(f"great circle: {n}/{len(pub)} within ±35 %")
    lo, hi = ratios.max() / 1.35, ratios.min() / 0.65
    print(f"uniform detour factor giving {len(pub)}/{len(pub)}: {lo:.4f} … {hi:.4f}")
    for f in (1.02, 1.025, 1.1, 1.2, 1.215, 1.22):
        print(f"  factor {f}: {within(d * f)[0]}/{len(pub)}")
    if args.geographiclib:
        sys.path.insert(0, args.geographiclib)
        from geographiclib.geodesic import Geodesic

        places = {p.name: p for p in query.places(eng, lang="en")}
        ell = np.array(
            [
                Geodesic.WGS84.Inverse(
                    places[i.kz_centre].lat,
                    places[i.kz_centre].lon,
                    places[i.ru_centre].lat,
                    places[i.ru_centre].lon,
                )["s12"]
                / 1000.0
                for i in inputs
            ]
        )
        ne, r_e = within(ell)
        print(
            f"WGS84 ellipsoid: {ne}/{len(pub)} within ±35 % (distance ratio {(ell / d).min():.4f}–{(ell / d).max():.4f})"
        )
        for pid, r in zip((i.pair_id for i in inputs), r_e, strict=True):
            if abs(r - 1) > 0.35:
                print(f"  outside: {pid} {r:.3f}")


if __name__ == "__main__":
    main()

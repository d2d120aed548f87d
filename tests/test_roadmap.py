"""The roadmap registry covers the whole seed roadmap and points only at real pages."""

import re
from pathlib import Path

from roadmap import SECTIONS, topics

ROOT = Path(__file__).resolve().parents[1]


def seed_items():
    """Every item of the seed roadmap before its Resources: "Label: a, b" gives Label, a, b."""
    text = (ROOT / "docs" / "roadmap-seed.md").read_text().split("## Resources")[0]
    items = []
    for line in text.splitlines():
        m = re.match(r"\s*- (.*)", line)
        if not m:
            continue
        entry = m[1].replace("**", "").strip().rstrip(".").strip()
        if entry.endswith(":"):  # a group heading such as "Fundamentals:"
            continue
        label, _, rest = entry.partition(":") if not entry.endswith("?") else (entry, "", "")
        items.append(label.strip())
        items += [part.strip() for part in rest.split(",") if part.strip() not in ("", "etc")]
    return items


def test_seed_is_parsed():
    items = seed_items()
    assert "Bias-Variance Tradeoff" in items and "Deep Q-Learning" in items and len(items) > 50


def test_every_seed_item_has_a_topic():
    covered = {s.lower() for _, t in topics() for s in t.seed}
    missing = [i for i in seed_items() if i.lower() not in covered]
    assert not missing, f"roadmap items with no topic: {missing}"


def test_sections_are_the_roadmap_parts_in_order():
    assert list(SECTIONS) == [
        "Foundations", "Intro to ML", "Data preprocessing", "Supervised learning",
        "Unsupervised learning", "Deep learning", "Evaluation & deployment", "NLP",
        "Time series", "Reinforcement learning", "Projects",
    ]


def test_every_page_file_is_registered_and_every_registered_page_exists():
    registered = {t.page for _, t in topics() if t.page}
    on_disk = {f"views/{p.name}" for p in (ROOT / "views").glob("*.py") if p.name != "home.py"}
    assert registered == on_disk
    assert len({t.url_path for _, t in topics() if t.page}) == len(registered)

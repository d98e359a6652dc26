"""The Thai relevance set: a small realistic corpus and queries with the items that
should come back, scored by recall@10 and MRR. Used by the benchmark and a test."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def corpus() -> list[dict]:
    lines = (HERE / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def queries() -> list[dict]:
    return json.loads((HERE / "queries.json").read_text(encoding="utf-8"))


def score(ranked_for: Callable[[str], list[int]], k: int = 10) -> dict:
    """Mean recall@k and MRR of a search function (query → ranked corpus ids)."""
    recalls, reciprocal = [], []
    for entry in queries():
        relevant = set(entry["relevant"])
        ranked = list(ranked_for(entry["q"]))
        recalls.append(len(relevant & set(ranked[:k])) / len(relevant))
        first = next((i for i, doc in enumerate(ranked, 1) if doc in relevant), None)
        reciprocal.append(1 / first if first else 0.0)
    n = len(recalls)
    return {"queries": n, "recall_at_10": sum(recalls) / n, "mrr": sum(reciprocal) / n}

"""Connected components of an undirected edge list, in DataFrames (no GraphFrames, which is not on
Maven Central): each node takes the smallest id among itself and its neighbours' labels until no
label changes. Rounds grow with the graph's diameter (small-world friend graphs: a handful);
lineage is cut every round with a local checkpoint.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F


def component_labels(edges: DataFrame, max_rounds: int = 100) -> DataFrame:
    """(lo, hi) edges → (node, component), component = the smallest node id of its component."""
    both = (
        edges.select(F.col("lo").alias("src"), F.col("hi").alias("dst"))
        .union(edges.select(F.col("hi").alias("src"), F.col("lo").alias("dst")))
        .persist()
    )
    labels = both.groupBy(F.col("src").alias("node")).agg(
        F.least(F.min("dst"), F.first("src")).alias("component")
    ).localCheckpoint()
    for _ in range(max_rounds):
        pulled = (
            both.join(labels.withColumnRenamed("node", "dst"), "dst")
            .groupBy(F.col("src").alias("node"))
            .agg(F.min("component").alias("pulled"))
        )
        moved = labels.join(pulled, "node").where(F.col("pulled") < F.col("component"))
        if moved.isEmpty():
            break
        labels = (
            labels.join(pulled, "node")
            .select("node", F.least("component", "pulled").alias("component"))
            .localCheckpoint()
        )
    else:
        raise RuntimeError(f"connected components did not settle in {max_rounds} rounds")
    both.unpersist()
    return labels


def component_summary(edges: DataFrame, users: int, labels: DataFrame | None = None) -> dict[str, int]:
    """Components and the largest one's size, counting each of `users` without an edge as its own
    component (as the online pass does: src/modules/analytics/domain/graph-components.ts). `labels`:
    component_labels(edges) when the caller has them already."""
    sizes = (labels if labels is not None else component_labels(edges)).groupBy("component").count()
    row = sizes.agg(F.count("*").alias("roots"), F.sum("count").alias("nodes"), F.max("count").alias("largest")).first()
    roots, nodes, largest = int(row["roots"] or 0), int(row["nodes"] or 0), int(row["largest"] or 0)
    isolated = max(0, users - nodes)
    return {"components": roots + isolated, "largest": max(largest, 1 if isolated > 0 else 0)}

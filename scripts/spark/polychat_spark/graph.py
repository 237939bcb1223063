"""The graph job: over the live friendships (the friendship topic, or a dataset folder), the degree
of every user and the degree distribution, connected components, and friend suggestion candidates
with the features of the learned ranker (scripts/ml/polychat_ml/links.py, docs/decisions/0039):

candidates of u = friends of u's friends and co-members of u's group chats, minus u and u's friends;
features per (u, v): mutual, sharedChats, degreeU, degreeV, adamicAdar (Σ 1/ln deg(w) over common
friends w of degree > 1), resourceAllocation (Σ 1/deg(w)), jaccard (|N(u) ∩ N(v)| / |N(u) ∪ N(v)|),
logPrefAttach (ln(1 + deg(u)·deg(v))). Each user keeps the --max-candidates with the most mutual
friends, then shared chats. Parquet under data/processed/spark/graph/.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, StringType, StructField, StructType

from . import session, sources
from .components import component_labels, component_summary
from .projections import pairs_table, users_table

CHAT_PAYLOAD = StructType(
    [
        StructField("chatType", StringType()),
        StructField("members", ArrayType(StructType([StructField("userId", StringType())]))),
        StructField("userIds", ArrayType(StringType())),
        StructField("userId", StringType()),
    ]
)
CHAT_ENVELOPE = StructType(
    [
        StructField("type", StringType()),
        StructField("aggregateId", StringType()),
        StructField("payload", CHAT_PAYLOAD),
    ]
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", default="kafka", help="kafka (default) or a dataset folder")
    parser.add_argument("--out", default=str(session.PROCESSED_DIR / "spark" / "graph"), help="Parquet folder")
    parser.add_argument("--max-candidates", type=int, default=50, help="candidates kept per user")


def group_members_from_kafka(spark: SparkSession) -> DataFrame:
    """(chat_id, user_id) of group chats now: each (chat, user)'s last membership event wins."""
    records = (
        spark.read.format("kafka")
        .option("kafka.bootstrap.servers", session.kafka_brokers())
        .option("subscribe", session.topic("polychat.chats.v1"))
        .option("startingOffsets", "earliest")
        .option("endingOffsets", "latest")
        .load()
    )
    events = records.select(
        "partition", "offset", F.from_json(F.col("value").cast("string"), CHAT_ENVELOPE).alias("e")
    ).select("partition", "offset", "e.*")
    groups = events.where((F.col("type") == "chat.created") & (F.col("payload.chatType") == "group")).select(
        F.col("aggregateId").alias("chat_id")
    )
    joined = events.where(F.col("type") == "chat.created").select(
        "partition", "offset", F.col("aggregateId").alias("chat_id"),
        F.explode("payload.members.userId").alias("user_id"), F.lit(True).alias("member"),
    ).union(events.where(F.col("type") == "chat.members_added").select(
        "partition", "offset", F.col("aggregateId").alias("chat_id"),
        F.explode("payload.userIds").alias("user_id"), F.lit(True).alias("member"),
    )).union(events.where(F.col("type") == "chat.member_removed").select(
        "partition", "offset", F.col("aggregateId").alias("chat_id"),
        F.col("payload.userId").alias("user_id"), F.lit(False).alias("member"),
    ))
    last = Window.partitionBy("chat_id", "user_id").orderBy(F.col("partition").desc(), F.col("offset").desc())
    return (
        joined.withColumn("n", F.row_number().over(last))
        .where("n = 1 AND member")
        .join(groups, "chat_id")
        .select("chat_id", "user_id")
    )


def group_members_from_dataset(spark: SparkSession, folder: str) -> DataFrame:
    path = Path(folder) / "chats.jsonl"
    if not path.exists():
        return spark.createDataFrame([], "chat_id string, user_id string")
    chats = spark.read.schema("id string, type string, members array<struct<userId:string>>").json(str(path))
    return chats.where("type = 'group'").select(
        F.col("id").alias("chat_id"), F.explode("members.userId").alias("user_id")
    )


def candidates(edges: DataFrame, members: DataFrame, degrees: DataFrame, keep: int) -> DataFrame:
    """Friend-of-friend and group co-member candidates with the ranker's features."""
    adj = edges.select(F.col("lo").alias("u"), F.col("hi").alias("w")).union(
        edges.select(F.col("hi").alias("u"), F.col("lo").alias("w"))
    ).persist()
    deg = degrees.select(F.col("user_id").alias("w"), F.col("degree").alias("dw"))
    # Two-hop paths u - w - v through a common friend w: mutual count and the index sums.
    via = (
        adj.join(adj.withColumnRenamed("u", "v"), "w")
        .where("u <> v")
        .join(deg, "w")
        .groupBy("u", "v")
        .agg(
            F.count("*").alias("mutual"),
            F.sum(F.when(F.col("dw") > 1, 1 / F.log("dw")).otherwise(0.0)).alias("adamicAdar"),
            F.sum(1 / F.col("dw")).alias("resourceAllocation"),
        )
    )
    shared = (
        members.withColumnRenamed("user_id", "u")
        .join(members.withColumnRenamed("user_id", "v"), "chat_id")
        .where("u <> v")
        .groupBy("u", "v")
        .agg(F.count("*").alias("sharedChats"))
    )
    friends = adj.select("u", F.col("w").alias("v"))
    du = degrees.select(F.col("user_id").alias("u"), F.col("degree").alias("degreeU"))
    dv = degrees.select(F.col("user_id").alias("v"), F.col("degree").alias("degreeV"))
    best = Window.partitionBy("u").orderBy(F.col("mutual").desc(), F.col("sharedChats").desc(), "v")
    return (
        via.join(shared, ["u", "v"], "full")
        .join(friends, ["u", "v"], "left_anti")
        .na.fill({"mutual": 0, "adamicAdar": 0.0, "resourceAllocation": 0.0, "sharedChats": 0})
        .join(du, "u", "left")
        .join(dv, "v", "left")
        .na.fill({"degreeU": 0, "degreeV": 0})
        .withColumn(
            "jaccard",
            F.when(
                F.col("degreeU") + F.col("degreeV") - F.col("mutual") > 0,
                F.col("mutual") / (F.col("degreeU") + F.col("degreeV") - F.col("mutual")),
            ).otherwise(0.0),
        )
        .withColumn("logPrefAttach", F.log1p(F.col("degreeU") * F.col("degreeV")))
        .withColumn("rank", F.row_number().over(best))
        .where(F.col("rank") <= keep)
        .select(
            F.col("u").alias("user_id"), F.col("v").alias("candidate_id"), "rank", "mutual", "sharedChats",
            "degreeU", "degreeV", "adamicAdar", "resourceAllocation", "jaccard", "logPrefAttach",
        )
    )


def run(args: argparse.Namespace) -> dict:
    started = time.monotonic()
    spark = session.build_session("graph")
    if args.source == "kafka":
        history = sources.from_kafka(spark)
        members = group_members_from_kafka(spark)
    else:
        if not Path(args.source).is_dir():
            raise session.SettingsError(f"--source {args.source}: not a folder (kafka, or a dataset folder)")
        history = sources.from_dataset(spark, args.source)
        members = group_members_from_dataset(spark, args.source)
    users = users_table(history.users).where("NOT deleted").select("user_id").persist()
    edges = pairs_table(history.friendships, users_table(history.users)).where("friends").select("lo", "hi").persist()
    ends = edges.select(F.col("lo").alias("user_id")).union(edges.select(F.col("hi").alias("user_id")))
    degrees = (
        users.join(ends.groupBy("user_id").agg(F.count("*").alias("degree")), "user_id", "left")
        .na.fill({"degree": 0})
        .persist()
    )
    live_members = members.join(users, "user_id")
    labels = component_labels(edges)
    tables = {
        "degrees": degrees,
        "degree_distribution": degrees.groupBy("degree").agg(F.count("*").alias("users")).orderBy("degree"),
        "components": labels,
        "candidates": candidates(edges, live_members, degrees, args.max_candidates),
    }
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    for name, frame in tables.items():
        frame.write.parquet(str(out / name))
    live = users.count()
    summary = component_summary(edges, live, labels)
    result = {
        "job": "graph",
        "source": args.source,
        "out": str(out),
        "users": live,
        "friendships": edges.count(),
        "components": summary["components"],
        "largestComponent": summary["largest"],
        "candidates": spark.read.parquet(str(out / "candidates")).count(),
        "degreeDistribution": {
            int(row["degree"]): int(row["users"]) for row in spark.read.parquet(str(out / "degree_distribution")).collect()
        },
    }
    (out / "summary.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    result["seconds"] = round(time.monotonic() - started, 1)
    return result

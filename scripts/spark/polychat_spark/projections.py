"""The analytics projections of docs/decisions/0020, computed from event frames (sources.History)
with the online handlers' rules, as the same tables:

| table                          | rule (online handler)                                                  |
| ------------------------------ | ---------------------------------------------------------------------- |
| analytics_message_facts        | one row per message id (first delivery wins), day = UTC day of sentAt  |
| message_counts_daily           | facts per (chat, day)                                                  |
| analytics_active_users_daily   | facts per (day, sender)                                                |
| analytics_active_users_monthly | facts per (calendar month, sender)                                     |
| analytics_users                | registered day of the first user.registered, deleted for good, max version |
| analytics_friend_pairs         | the pair's highest-version event; friends only if neither user is deleted |
| analytics_counters             | live users, live friendships                                           |
| analytics_graph_components     | components and largest over live pairs, users without friends alone   |
"""

from __future__ import annotations

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from .components import component_summary
from .sources import History

ORDER = ["topic", "partition", "offset"]


def message_facts(messages: DataFrame) -> DataFrame:
    first = Window.partitionBy("message_id").orderBy(*ORDER)
    return (
        messages.withColumn("n", F.row_number().over(first))
        .where("n = 1")
        .select("message_id", "chat_id", "sender_id", F.to_date("sent_at").alias("day"))
    )


def message_aggregates(facts: DataFrame) -> dict[str, DataFrame]:
    """The per-day aggregates counted from facts (also what a stream micro-batch adds)."""
    return {
        "message_counts_daily": facts.groupBy("chat_id", "day").agg(F.count("*").alias("count")),
        "analytics_active_users_daily": facts.groupBy("day", F.col("sender_id").alias("user_id")).agg(
            F.count("*").alias("messages")
        ),
        "analytics_active_users_monthly": facts.groupBy(
            F.trunc("day", "month").alias("month"), F.col("sender_id").alias("user_id")
        ).agg(F.count("*").alias("messages")),
    }


def users_table(users: DataFrame) -> DataFrame:
    registered = F.when(F.col("type") == "registered", F.struct(*ORDER, F.to_date("occurred_at").alias("day")))
    return users.groupBy("user_id").agg(
        F.min(registered).getField("day").alias("registered_day"),
        F.max(F.col("type") == "deleted").alias("deleted"),
        F.max("version").cast("int").alias("version"),
    )


def pairs_table(friendships: DataFrame, users: DataFrame) -> DataFrame:
    latest = Window.partitionBy("lo", "hi").orderBy(F.col("version").desc(), *ORDER)
    last = friendships.withColumn("n", F.row_number().over(latest)).where("n = 1")
    deleted = users.where("deleted").select("user_id")
    lo_gone = deleted.withColumnRenamed("user_id", "lo").withColumn("lo_gone", F.lit(True))
    hi_gone = deleted.withColumnRenamed("user_id", "hi").withColumn("hi_gone", F.lit(True))
    return (
        last.join(lo_gone, "lo", "left")
        .join(hi_gone, "hi", "left")
        .select(
            "lo",
            "hi",
            ((F.col("type") == "accepted") & F.col("lo_gone").isNull() & F.col("hi_gone").isNull()).alias("friends"),
            F.col("version").cast("int").alias("version"),
        )
    )


def analytics_tables(history: History) -> dict[str, DataFrame]:
    """Every table the analytics endpoints read, from one history."""
    facts = message_facts(history.messages).persist()
    users = users_table(history.users).persist()
    pairs = pairs_table(history.friendships, users).persist()
    live_users = users.where("NOT deleted").count()
    friendships = pairs.where("friends").count()
    summary = component_summary(pairs.where("friends").select("lo", "hi"), live_users)
    spark = facts.sparkSession
    return {
        "analytics_message_facts": facts,
        **message_aggregates(facts),
        "analytics_users": users,
        "analytics_friend_pairs": pairs,
        "analytics_counters": spark.createDataFrame(
            [(live_users, friendships)], "users long, friendships long"
        ),
        "analytics_graph_components": spark.createDataFrame(
            [(live_users, summary["components"], summary["largest"])], "users long, components long, largest long"
        ),
    }

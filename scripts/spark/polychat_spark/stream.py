"""The stream job: the per-day message aggregates (message_counts_daily, active users per day and
month) as a Structured Streaming query over the messages topic, written into PostgreSQL once per
micro-batch with exactly-once effect (docs/decisions/0046):

- the micro-batch's facts (one per message id) are written over JDBC into
  `analytics_stream_batches` under the batch id, after clearing rows a failed attempt left;
- one transaction inserts them into `analytics_message_facts` (ON CONFLICT DO NOTHING: the dedupe
  the Node consumer uses), bumps the aggregates by the new facts' counts with upserts keyed by
  (chat, day), (day, user) and (month, user), and deletes the batch's rows.

A micro-batch replayed after a crash (its PostgreSQL commit done, its checkpoint not) finds its
facts present and changes nothing; so does running beside the Node consumer.
"""

from __future__ import annotations

import argparse
import re
import signal
import time

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from . import session, sources
from .postgres import Connection
from .projections import message_facts

STAGING = """
CREATE UNLOGGED TABLE IF NOT EXISTS analytics_stream_batches (
  batch_id   bigint NOT NULL,
  message_id uuid   NOT NULL,
  chat_id    uuid   NOT NULL,
  sender_id  uuid   NOT NULL,
  day        date   NOT NULL
);
CREATE INDEX IF NOT EXISTS analytics_stream_batches_batch ON analytics_stream_batches (batch_id)
"""

# The Node consumer's statement (src/modules/analytics/data-access/pg-message-activity.ts
# recordMany), fed from the staged micro-batch.
APPLY = """
WITH input AS (
  SELECT DISTINCT ON (message_id) message_id, chat_id, sender_id, day
  FROM analytics_stream_batches WHERE batch_id = {batch} ORDER BY message_id
), fresh AS (
  INSERT INTO analytics_message_facts (message_id, chat_id, sender_id, day)
  SELECT message_id, chat_id, sender_id, day FROM input
  ON CONFLICT (message_id) DO NOTHING
  RETURNING chat_id, sender_id, day
), counts AS (
  INSERT INTO message_counts_daily (chat_id, day, count)
  SELECT chat_id, day, count(*) FROM fresh GROUP BY chat_id, day ORDER BY chat_id, day
  ON CONFLICT (chat_id, day) DO UPDATE SET count = message_counts_daily.count + EXCLUDED.count
), daily AS (
  INSERT INTO analytics_active_users_daily (day, user_id, messages)
  SELECT day, sender_id, count(*) FROM fresh GROUP BY day, sender_id ORDER BY day, sender_id
  ON CONFLICT (day, user_id) DO UPDATE SET messages = analytics_active_users_daily.messages + EXCLUDED.messages
), monthly AS (
  INSERT INTO analytics_active_users_monthly (month, user_id, messages)
  SELECT date_trunc('month', day)::date AS month, sender_id, count(*) FROM fresh
  GROUP BY 1, sender_id ORDER BY 1, sender_id
  ON CONFLICT (month, user_id)
    DO UPDATE SET messages = analytics_active_users_monthly.messages + EXCLUDED.messages
)
SELECT count(*) FROM fresh
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--checkpoint", help="checkpoint folder (default data/processed/spark/checkpoints/stream/<group>)")
    parser.add_argument("--available-now", action="store_true", help="process what the topic holds now, then stop")
    parser.add_argument("--trigger-seconds", type=int, default=5, help="micro-batch interval when running on")
    parser.add_argument("--max-offsets", type=int, default=100_000, help="records per micro-batch at most")


def default_checkpoint() -> str:
    group = re.sub(r"[^A-Za-z0-9._-]", "_", session.env("KAFKA_CONSUMER_GROUP", "polychat-worker"))
    return str(session.PROCESSED_DIR / "spark" / "checkpoints" / "stream" / group)


def run(args: argparse.Namespace) -> dict:
    started = time.monotonic()
    spark = session.build_session("stream")
    jdbc = session.jdbc()
    conn = Connection(spark, jdbc)
    conn.execute(STAGING)
    totals = {"batches": 0, "events": 0, "facts": 0}
    window: dict[str, float] = {}

    def apply(batch: DataFrame, batch_id: int) -> None:
        window.setdefault("first", time.monotonic())
        messages, _, _ = sources.event_frames(sources.decode(batch))
        facts = message_facts(messages).persist()
        events = batch.count()
        conn.execute(f"DELETE FROM analytics_stream_batches WHERE batch_id = {int(batch_id)}")
        facts.withColumn("batch_id", F.lit(int(batch_id)).cast("long")).write.jdbc(
            jdbc.url,
            "analytics_stream_batches",
            mode="append",
            properties={**jdbc.properties(), "batchsize": "5000", "reWriteBatchedInserts": "true"},
        )
        with conn.transaction():
            fresh = int(conn.rows(APPLY.format(batch=int(batch_id)))[0][0])
            conn.execute(f"DELETE FROM analytics_stream_batches WHERE batch_id = {int(batch_id)}")
        facts.unpersist()
        totals["batches"] += 1
        totals["events"] += events
        totals["facts"] += fresh
        window["last"] = time.monotonic()

    checkpoint = args.checkpoint or default_checkpoint()
    records = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", session.kafka_brokers())
        .option("subscribe", session.topic(session.MESSAGES_TOPIC))
        .option("startingOffsets", "earliest")
        .option("maxOffsetsPerTrigger", str(args.max_offsets))
        .load()
        .select("topic", "partition", "offset", "value")
    )
    writer = records.writeStream.foreachBatch(apply).option("checkpointLocation", checkpoint)
    writer = writer.trigger(availableNow=True) if args.available_now else writer.trigger(
        processingTime=f"{args.trigger_seconds} seconds"
    )
    query = writer.start()
    if not args.available_now:
        signal.signal(signal.SIGTERM, lambda *_: query.stop())
        signal.signal(signal.SIGINT, lambda *_: query.stop())
    query.awaitTermination()
    conn.close()
    # Sustained rate: events over the time from the first micro-batch's start to the last one's end
    # (JVM start, jar resolution and query planning excluded).
    busy = window["last"] - window["first"] if "last" in window else 0.0
    return {
        "job": "stream",
        "checkpoint": checkpoint,
        **totals,
        "streamingSeconds": round(busy, 2),
        "eventsPerSecond": round(totals["events"] / busy) if busy > 0 else 0,
        "seconds": round(time.monotonic() - started, 1),
    }

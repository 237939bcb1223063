"""Where the jobs read polychat's history: the Kafka log (the envelopes the app publishes) or a
dataset folder in the `polychat export` / `polychat seed` format (docs/import-format.md).

Both become the same three frames, each row carrying its (topic, partition, offset) so a job can
order a key's events as the online consumers see them:
- sent messages: message_id, chat_id, sender_id, sent_at;
- user events: user_id, type ('registered' | 'deleted'), version, occurred_at;
- friendship events: lo, hi (lo < hi), type ('accepted' | 'removed'), version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import IntegerType, StringType, StructField, StructType

from . import session

PAYLOAD = StructType(
    [
        StructField(name, StringType())
        for name in ("messageId", "chatId", "senderId", "sentAt", "fromUserId", "toUserId")
    ]
)
# The envelope of src/platform/kafka/envelope.ts, as far as the jobs need it.
ENVELOPE = StructType(
    [
        StructField("id", StringType()),
        StructField("type", StringType()),
        StructField("version", IntegerType()),
        StructField("aggregateId", StringType()),
        StructField("occurredAt", StringType()),
        StructField("payload", PAYLOAD),
    ]
)
UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


@dataclass
class History:
    """The three event frames, and the log positions they cover (None for a dataset folder)."""

    messages: DataFrame
    users: DataFrame
    friendships: DataFrame
    positions: dict[str, dict[int, int]] | None


def decode(records: DataFrame) -> DataFrame:
    """Kafka records (topic, partition, offset, value) → envelope columns; undecodable rows dropped
    (the online consumers dead-letter them)."""
    return (
        records.select(
            "topic",
            "partition",
            "offset",
            F.from_json(F.col("value").cast("string"), ENVELOPE).alias("e"),
        )
        .where(F.col("e.type").isNotNull())
        .select("topic", "partition", "offset", "e.*")
    )


def event_frames(events: DataFrame) -> tuple[DataFrame, DataFrame, DataFrame]:
    """Decoded envelopes → (sent messages, user events, friendship events), validated as the online
    handlers validate them (a message.sent whose payload chatId is not its aggregate is refused)."""
    p = F.col("payload")
    order = ["topic", "partition", "offset"]
    messages = events.where(
        (F.col("type") == "message.sent")
        & (p.chatId == F.col("aggregateId"))
        & p.messageId.rlike(UUID)
        & p.senderId.rlike(UUID)
        & p.sentAt.isNotNull()
    ).select(
        *order,
        p.messageId.alias("message_id"),
        p.chatId.alias("chat_id"),
        p.senderId.alias("sender_id"),
        p.sentAt.cast("timestamp").alias("sent_at"),
    )
    users = events.where(F.col("type").isin("user.registered", "user.deleted")).select(
        *order,
        F.col("aggregateId").alias("user_id"),
        F.regexp_replace("type", r"^user\.", "").alias("type"),
        "version",
        F.col("occurredAt").cast("timestamp").alias("occurred_at"),
    )
    friendships = events.where(
        F.col("type").isin("friendship.request_accepted", "friendship.removed")
        & p.fromUserId.rlike(UUID)
        & p.toUserId.rlike(UUID)
    ).select(
        *order,
        F.least(p.fromUserId, p.toUserId).alias("lo"),
        F.greatest(p.fromUserId, p.toUserId).alias("hi"),
        F.when(F.col("type") == "friendship.request_accepted", "accepted").otherwise("removed").alias("type"),
        "version",
    )
    return messages, users, friendships


def from_kafka(spark: SparkSession, starting_timestamp_ms: int | None = None) -> History:
    """A batch read of the users, messages and friendships topics, from the earliest offset (or the
    first offset at or after a time) to the end at the time of reading."""
    reader = (
        spark.read.format("kafka")
        .option("kafka.bootstrap.servers", session.kafka_brokers())
        .option(
            "subscribe",
            ",".join(
                session.topic(name)
                for name in (session.USERS_TOPIC, session.MESSAGES_TOPIC, session.FRIENDSHIPS_TOPIC)
            ),
        )
        .option("endingOffsets", "latest")
    )
    if starting_timestamp_ms is None:
        reader = reader.option("startingOffsets", "earliest")
    else:
        reader = reader.option("startingTimestamp", str(starting_timestamp_ms))
    records = reader.load().select("topic", "partition", "offset", "value").persist()
    # What this read covered: the next offset per partition, the position the online consumer's
    # work continues from (docs/decisions/0045).
    positions: dict[str, dict[int, int]] = {}
    for row in records.groupBy("topic", "partition").agg(F.max("offset").alias("last")).collect():
        positions.setdefault(row["topic"], {})[int(row["partition"])] = int(row["last"]) + 1
    messages, users, friendships = event_frames(decode(records))
    return History(messages, users, friendships, positions)


def from_dataset(spark: SparkSession, folder: str) -> History:
    """A dataset folder: users.jsonl (registered at createdAt, version 1), friendships.jsonl
    (accepted), messages.jsonl (sent at createdAt). A missing file is an empty entity."""
    root = Path(folder)

    def jsonl(name: str, schema: str) -> DataFrame:
        path = root / f"{name}.jsonl"
        if not path.exists():
            return spark.createDataFrame([], schema)
        return spark.read.schema(schema).json(str(path))

    position = [F.lit(str(root)).alias("topic"), F.lit(0).alias("partition"), F.monotonically_increasing_id().alias("offset")]
    users = jsonl("users", "id string, createdAt string").select(
        *position,
        F.col("id").alias("user_id"),
        F.lit("registered").alias("type"),
        F.lit(1).alias("version"),
        F.col("createdAt").cast("timestamp").alias("occurred_at"),
    )
    friendships = jsonl("friendships", "userId string, friendId string").select(
        *position,
        F.least("userId", "friendId").alias("lo"),
        F.greatest("userId", "friendId").alias("hi"),
        F.lit("accepted").alias("type"),
        F.lit(1).alias("version"),
    )
    messages = jsonl("messages", "id string, chatId string, senderId string, createdAt string").select(
        *position,
        F.col("id").alias("message_id"),
        F.col("chatId").alias("chat_id"),
        F.col("senderId").alias("sender_id"),
        F.col("createdAt").cast("timestamp").alias("sent_at"),
    )
    return History(messages, users, friendships, None)

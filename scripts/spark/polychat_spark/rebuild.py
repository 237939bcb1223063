"""Loads rebuilt analytics tables into PostgreSQL without racing the online consumer
(docs/decisions/0045):

1. each projection table T is written, by Spark over JDBC, into a fresh `T_rebuild` (LIKE T, with its
   keys and indexes) while the online consumer keeps writing T;
2. one transaction locks the live tables, merges into the rebuilt ones what the online consumer
   applied that the rebuild's log read did not cover (facts it holds that the rebuild lacks, user and
   pair rows at a higher version), recounts the counters, swaps each `T_rebuild` in for T, and
   records the Kafka positions the rebuild covered in `analytics_rebuilds`.

The online consumer then simply continues from its own committed offsets: events before the covered
positions that it applies again are no-ops (facts dedupe by message id, users and pairs are version
guarded), and those after them that it had already applied were merged in step 2.
"""

from __future__ import annotations

import json

from pyspark.sql import DataFrame

from .postgres import Connection

SWAPPED = [
    "analytics_message_facts",
    "message_counts_daily",
    "analytics_active_users_daily",
    "analytics_active_users_monthly",
    "analytics_users",
    "analytics_friend_pairs",
]
# The live tables in the order the online handlers lock them (facts, then aggregates; users, pairs,
# then the counters), so the swap's lock queues behind them instead of deadlocking.
LOCKED = SWAPPED + ["analytics_counters", "analytics_graph_components"]
LOCK_KEY = "hashtext('polychat.analytics.rebuild')"

MERGE_FACTS = """
WITH fresh AS (
  INSERT INTO analytics_message_facts_rebuild (message_id, chat_id, sender_id, day)
  SELECT message_id, chat_id, sender_id, day FROM analytics_message_facts
  ON CONFLICT (message_id) DO NOTHING
  RETURNING chat_id, sender_id, day
), counts AS (
  INSERT INTO message_counts_daily_rebuild AS t (chat_id, day, count)
  SELECT chat_id, day, count(*) FROM fresh GROUP BY chat_id, day
  ON CONFLICT (chat_id, day) DO UPDATE SET count = t.count + EXCLUDED.count
), daily AS (
  INSERT INTO analytics_active_users_daily_rebuild AS t (day, user_id, messages)
  SELECT day, sender_id, count(*) FROM fresh GROUP BY day, sender_id
  ON CONFLICT (day, user_id) DO UPDATE SET messages = t.messages + EXCLUDED.messages
), monthly AS (
  INSERT INTO analytics_active_users_monthly_rebuild AS t (month, user_id, messages)
  SELECT date_trunc('month', day)::date, sender_id, count(*) FROM fresh GROUP BY 1, sender_id
  ON CONFLICT (month, user_id) DO UPDATE SET messages = t.messages + EXCLUDED.messages
)
SELECT count(*) FROM fresh
"""

MERGE_USERS = """
WITH merged AS (
  INSERT INTO analytics_users_rebuild AS n (user_id, registered_day, deleted, version)
  SELECT user_id, registered_day, deleted, version FROM analytics_users
  ON CONFLICT (user_id) DO UPDATE SET
    registered_day = coalesce(n.registered_day, EXCLUDED.registered_day),
    deleted = n.deleted OR EXCLUDED.deleted,
    version = greatest(n.version, EXCLUDED.version)
  WHERE (n.registered_day IS NULL AND EXCLUDED.registered_day IS NOT NULL)
     OR (EXCLUDED.deleted AND NOT n.deleted) OR EXCLUDED.version > n.version
  RETURNING 1
)
SELECT count(*) FROM merged
"""

MERGE_PAIRS = """
WITH merged AS (
  INSERT INTO analytics_friend_pairs_rebuild AS n (lo, hi, friends, version)
  SELECT lo, hi, friends, version FROM analytics_friend_pairs
  ON CONFLICT (lo, hi) DO UPDATE SET friends = EXCLUDED.friends, version = EXCLUDED.version
  WHERE EXCLUDED.version > n.version
  RETURNING 1
)
SELECT count(*) FROM merged
"""

END_FRIENDSHIPS_OF_DELETED = """
UPDATE analytics_friend_pairs_rebuild p SET friends = false
WHERE friends AND EXISTS (SELECT 1 FROM analytics_users_rebuild u WHERE u.deleted AND u.user_id IN (p.lo, p.hi))
"""

CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS analytics_rebuilds (
  id          bigserial   PRIMARY KEY,
  finished_at timestamptz NOT NULL DEFAULT now(),
  source      text        NOT NULL,
  positions   jsonb       NOT NULL,
  merged      jsonb       NOT NULL
)
"""


def claim(conn: Connection) -> None:
    """One rebuild at a time (they share the T_rebuild tables): a session advisory lock, held until
    the job's connection closes."""
    (held,) = conn.rows(f"SELECT pg_try_advisory_lock({LOCK_KEY})")[0]
    if held != "t":
        raise RuntimeError("another analytics rebuild is running (advisory lock polychat.analytics.rebuild)")


def prepare(conn: Connection) -> None:
    conn.execute(CREATE_LEDGER)
    for table in SWAPPED:
        conn.execute(f"DROP TABLE IF EXISTS {table}_rebuild; CREATE TABLE {table}_rebuild (LIKE {table} INCLUDING ALL)")


def write(tables: dict[str, DataFrame], url: str, properties: dict[str, str]) -> None:
    for table in SWAPPED:
        tables[table].write.jdbc(
            url,
            f"{table}_rebuild",
            mode="append",
            properties={**properties, "batchsize": "5000", "reWriteBatchedInserts": "true"},
        )


def swap(conn: Connection, summary: dict[str, int], source: str, positions: dict) -> dict[str, int]:
    """The transaction of step 2; returns how many rows the merge took from the live tables."""
    with conn.transaction():
        conn.execute("SET LOCAL lock_timeout = '60s'")
        conn.execute(f"LOCK TABLE {', '.join(LOCKED)} IN ACCESS EXCLUSIVE MODE")
        merged = {
            "facts": int(conn.rows(MERGE_FACTS)[0][0]),
            "users": int(conn.rows(MERGE_USERS)[0][0]),
            "pairs": int(conn.rows(MERGE_PAIRS)[0][0]),
        }
        conn.execute(END_FRIENDSHIPS_OF_DELETED)
        (changes,) = conn.rows(
            """UPDATE analytics_counters SET
                 users = (SELECT count(*) FROM analytics_users_rebuild WHERE NOT deleted),
                 friendships = (SELECT count(*) FROM analytics_friend_pairs_rebuild WHERE friends),
                 graph_changes = graph_changes + 1
               WHERE id = 1 RETURNING graph_changes"""
        )[0]
        # The rebuild's components pass is current unless the merge changed the graph after it.
        seen = int(changes) - (1 if merged["users"] or merged["pairs"] else 0)
        conn.execute(
            f"""INSERT INTO analytics_graph_components (id, computed_at, graph_changes, users, components, largest)
                VALUES (1, now(), {seen}, {int(summary['users'])}, {int(summary['components'])}, {int(summary['largest'])})
                ON CONFLICT (id) DO UPDATE SET computed_at = now(), graph_changes = EXCLUDED.graph_changes,
                  users = EXCLUDED.users, components = EXCLUDED.components, largest = EXCLUDED.largest"""
        )
        for table in SWAPPED:
            conn.execute(f"DROP TABLE {table}; ALTER TABLE {table}_rebuild RENAME TO {table}")
            # Keep the index names stable across rebuilds (LIKE named them after T_rebuild).
            for (index,) in conn.rows(
                f"SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = '{table}'"
                f" AND indexname LIKE '{table}_rebuild%'"
            ):
                conn.execute(f'ALTER INDEX "{index}" RENAME TO "{index.replace(table + "_rebuild", table, 1)}"')
        conn.execute_with(
            "INSERT INTO analytics_rebuilds (source, positions, merged) VALUES (?, ?::jsonb, ?::jsonb)",
            [source, json.dumps(positions, sort_keys=True), json.dumps(merged, sort_keys=True)],
        )
    return merged

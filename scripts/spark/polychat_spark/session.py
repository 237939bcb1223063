"""The one SparkSession builder of the jobs, and the app's own settings they read.

No second configuration system (docs/decisions/0044): the jobs read the app's variables by the app's
names (PG_URL, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, KAFKA_CONSUMER_GROUP). `npx polychat spark`
resolves them with the app's loader (environments/<env>/.env under the process environment) and
passes them on; on Kubernetes the pod gets them from the app's ConfigMap and Secret. Where and how
big Spark runs (master, driver memory, packages) is spark-submit's business (scripts/spark/submit.sh).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from pyspark.sql import SparkSession

REPO_ROOT = Path(__file__).resolve().parents[3]
PROCESSED_DIR = REPO_ROOT / "data" / "processed"

# Logical topics (src/platform/kafka/topics.ts); KAFKA_TOPIC_PREFIX is put in front, as the app does.
USERS_TOPIC = "polychat.users.v1"
MESSAGES_TOPIC = "polychat.messages.v1"
FRIENDSHIPS_TOPIC = "polychat.friendships.v1"


class SettingsError(Exception):
    """A variable the job needs is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Jdbc:
    """PG_URL as Spark's JDBC source and writer take it."""

    url: str
    user: str
    password: str

    def properties(self) -> dict[str, str]:
        return {"user": self.user, "password": self.password, "driver": "org.postgresql.Driver"}


def env(name: str, default: str | None = None) -> str:
    """The app's variable `name`; a SettingsError naming it when it is required and missing."""
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise SettingsError(f"{name} is not set (npx polychat spark passes the app's resolved configuration)")
    return value


def topic(logical: str) -> str:
    """The physical topic of a logical one (KAFKA_TOPIC_PREFIX + name, as src/platform/kafka)."""
    return os.environ.get("KAFKA_TOPIC_PREFIX", "") + logical


def kafka_brokers() -> str:
    return env("KAFKA_BROKERS")


def jdbc() -> Jdbc:
    """PG_URL (postgres://user:password@host:port/db?sslmode=...) as a JDBC URL and credentials.

    stringtype=unspecified lets PostgreSQL cast Spark's strings into uuid columns.
    """
    raw = env("PG_URL")
    parts = urlsplit(raw)
    if parts.scheme not in ("postgres", "postgresql") or not parts.hostname or len(parts.path) < 2:
        raise SettingsError("PG_URL: a postgres://user:password@host:port/database URL")
    query = dict(parse_qsl(parts.query))
    query["stringtype"] = "unspecified"
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    url = f"jdbc:postgresql://{host}:{parts.port or 5432}{parts.path}?{urlencode(query)}"
    return Jdbc(url=url, user=unquote(parts.username or ""), password=unquote(parts.password or ""))


def build_session(app_name: str) -> SparkSession:
    """A session named polychat-<job>, UTC days (the app's days are UTC), quiet logs."""
    spark = (
        SparkSession.builder.appName(f"polychat-{app_name}")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_SHUFFLE_PARTITIONS", "8"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel(os.environ.get("SPARK_LOG_LEVEL", "WARN"))
    return spark

"""PostgreSQL through the JVM's JDBC driver (the one Spark writes with): statements on one
connection, in one transaction when asked. No Python driver, so a cluster's driver pod needs only
pyspark and the submitted packages."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from pyspark.sql import SparkSession

from .session import Jdbc


class Connection:
    """A java.sql.Connection, with the few calls the jobs make."""

    def __init__(self, spark: SparkSession, jdbc: Jdbc) -> None:
        jvm = spark.sparkContext._jvm
        props = jvm.java.util.Properties()
        props.setProperty("user", jdbc.user)
        props.setProperty("password", jdbc.password)
        self._conn = jvm.org.postgresql.Driver().connect(jdbc.url, props)
        if self._conn is None:
            raise RuntimeError("the PostgreSQL JDBC driver refused the URL")

    def execute(self, sql: str) -> int:
        """Runs statements (no parameters: the jobs' SQL names only their own tables); returns the
        update count of the last, or -1."""
        statement = self._conn.createStatement()
        try:
            statement.execute(sql)
            return int(statement.getUpdateCount())
        finally:
            statement.close()

    def execute_with(self, sql: str, params: list[str]) -> int:
        """One statement with string parameters (?), bound by the driver."""
        statement = self._conn.prepareStatement(sql)
        try:
            for i, value in enumerate(params):
                statement.setString(i + 1, value)
            statement.execute()
            return int(statement.getUpdateCount())
        finally:
            statement.close()

    def rows(self, sql: str) -> list[tuple]:
        statement = self._conn.createStatement()
        try:
            result = statement.executeQuery(sql)
            width = result.getMetaData().getColumnCount()
            out = []
            while result.next():
                out.append(tuple(result.getString(i + 1) for i in range(width)))
            return out
        finally:
            statement.close()

    @contextmanager
    def transaction(self) -> Iterator["Connection"]:
        self._conn.setAutoCommit(False)
        try:
            yield self
            self._conn.commit()
        except BaseException:
            self._conn.rollback()
            raise
        finally:
            self._conn.setAutoCommit(True)

    def close(self) -> None:
        self._conn.close()

"""The analytics job: every table the analytics endpoints serve, recomputed from the Kafka log (from
the earliest offset, or from a time) or from a dataset folder, as Parquet under
data/processed/spark/analytics/, and with --load as a rebuild of the PostgreSQL projection that the
online consumer continues from (rebuild.py, docs/decisions/0045)."""

from __future__ import annotations

import argparse
import json
import shutil
import time
from datetime import datetime
from pathlib import Path

from . import rebuild, session, sources
from .postgres import Connection
from .projections import analytics_tables


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", default="kafka", help="kafka (default) or a dataset folder (polychat export/seed)")
    parser.add_argument("--from", dest="start", help="Kafka only: read from this time (ISO 8601) instead of the earliest offset")
    parser.add_argument("--out", default=str(session.PROCESSED_DIR / "spark" / "analytics"), help="Parquet folder")
    parser.add_argument("--load", action="store_true", help="rebuild the PostgreSQL projection (Kafka, whole log only)")


def run(args: argparse.Namespace) -> dict:
    if args.load and (args.source != "kafka" or args.start):
        raise session.SettingsError(
            "--load rebuilds the whole projection and hands it to the online consumer at a log position: "
            "it needs --source kafka without --from"
        )
    started = time.monotonic()
    spark = session.build_session("analytics")
    conn = None
    if args.load:
        conn = Connection(spark, session.jdbc())
        rebuild.claim(conn)
    if args.source == "kafka":
        start_ms = None
        if args.start:
            start_ms = int(datetime.fromisoformat(args.start.replace("Z", "+00:00")).timestamp() * 1000)
        history = sources.from_kafka(spark, start_ms)
    else:
        if not Path(args.source).is_dir():
            raise session.SettingsError(f"--source {args.source}: not a folder (kafka, or a dataset folder)")
        history = sources.from_dataset(spark, args.source)
    tables = analytics_tables(history)
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    for name, frame in tables.items():
        frame.write.parquet(str(out / name))
    counts = {name: frame.count() for name, frame in tables.items()}
    counters = tables["analytics_counters"].first().asDict()
    summary = tables["analytics_graph_components"].first().asDict()
    result = {
        "job": "analytics",
        "source": args.source,
        "out": str(out),
        "rows": counts,
        "users": counters["users"],
        "friendships": counters["friendships"],
        "components": summary["components"],
        "largestComponent": summary["largest"],
        "positions": history.positions,
    }
    if conn is not None:
        jdbc = session.jdbc()
        rebuild.prepare(conn)
        rebuild.write(tables, jdbc.url, jdbc.properties())
        for table in rebuild.SWAPPED:
            conn.execute(f"ANALYZE {table}_rebuild")
        result["merged"] = rebuild.swap(conn, summary, args.source, history.positions or {})
        conn.close()
    (out / "summary.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    result["seconds"] = round(time.monotonic() - started, 1)
    return result

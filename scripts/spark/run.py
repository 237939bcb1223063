"""spark-submit's entry: `run.py <analytics|stream|graph> [options]`; prints one JSON summary line
(prefixed `polychat-spark-result `) that `npx polychat spark` reads."""

from __future__ import annotations

import argparse
import json
import sys

from polychat_spark import analytics, graph, stream
from polychat_spark.session import SettingsError

JOBS = {"analytics": analytics, "stream": stream, "graph": graph}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="polychat spark")
    jobs = parser.add_subparsers(dest="job", required=True)
    for name, job in JOBS.items():
        job.add_arguments(jobs.add_parser(name, help=(job.__doc__ or "").split("\n")[0]))
    args = parser.parse_args(argv)
    try:
        result = JOBS[args.job].run(args)
    except SettingsError as error:
        print(f"polychat spark {args.job}: {error}", file=sys.stderr)
        return 2
    print("polychat-spark-result " + json.dumps(result, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Reads schemathesis' JSON report and prints the counts and a last line `N passed, N failed`.

The unit is one API operation (plus one for the stateful phase when it ran): an operation fails
when any check failed on it or its tests errored.
"""

import json
import sys


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    tested = report["operations"]["tested"]
    failed_ops = set()
    print("schemathesis failures by check:")
    for failure in report.get("failures", []):
        print(f"  {failure['code']} {failure['title']}: {failure['count']} ({', '.join(failure['operations'])})")
        failed_ops.update(failure["operations"])
    errors = sum(error["count"] for error in report.get("errors", []))
    for error in report.get("errors", []):
        print(f"  error {error['title']}: {error['count']}")
    stateful = report["phases"].get("stateful", {}).get("status")
    units = tested + (1 if stateful not in (None, "skip") else 0)
    cases = report["test_cases"]
    server_errors = sum(f["count"] for f in report.get("failures", []) if f["code"] in ("ST101",) or "Server error" in f["title"])
    schema_violations = sum(
        f["count"] for f in report.get("failures", []) if f["code"].startswith("ST1") and f["code"] != "ST101"
    )
    print(
        f"cases: {cases['generated']} generated, {cases['with_failures']} with failures; "
        f"server errors: {server_errors}; schema violations: {schema_violations}; "
        f"errors: {errors}; phases: "
        + ", ".join(f"{name}={phase['status']}" for name, phase in report["phases"].items())
    )
    failed = min(units, len(failed_ops) + errors)
    print(f"{units - failed} passed, {failed} failed")
    return 0 if failed == 0 and report.get("exit_code", 1) == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

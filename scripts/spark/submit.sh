#!/usr/bin/env bash
# Runs one polychat Spark job with spark-submit from the project venv (made on first use):
#   bash scripts/spark/submit.sh <analytics|stream|graph> [job options]
# `npx polychat spark <job>` calls this with the app's resolved configuration in the environment
# (PG_URL, KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, KAFKA_CONSUMER_GROUP: docs/decisions/0044); the job
# reads those variables and nothing else. SPARK_MASTER (default local[2]) and SPARK_DRIVER_MEMORY
# (default 1g) choose where and how big; the Maven packages resolve into scripts/spark/.ivy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(bash "$here/venv.sh")"
# spark-submit finds SPARK_HOME from the pyspark next to it only with the venv's bin on PATH.
export PATH="$bin:$PATH"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export PYSPARK_PYTHON="$bin/python"
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
packages="$(grep -v '^#' "$here/packages.txt" | paste -sd, -)"
exec spark-submit \
  --master "${SPARK_MASTER:-local[2]}" \
  --driver-memory "${SPARK_DRIVER_MEMORY:-1g}" \
  --packages "$packages" \
  --conf "spark.jars.ivy=$here/.ivy" \
  --conf "spark.jars.ivySettings=$here/ivysettings.xml" \
  --conf spark.ui.enabled=false \
  --conf spark.sql.session.timeZone=UTC \
  --conf "spark.driver.extraJavaOptions=-Dlog4j2.level=warn" \
  "$here/run.py" "$@"

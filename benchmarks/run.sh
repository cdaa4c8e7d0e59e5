#!/usr/bin/env bash
# The emulator's benchmarks, on loopback, bounded in time (about 2 minutes with the defaults):
#  1. throughput of the seed's fastapi hello through the emulator as a ratio to raw Undertow
#     serving the same JSON from a worker thread, both in one JVM, measured by wrk;
#  2. JMH: the per-request cost of calling an endpoint method (MethodHandle vs reflection).
# Usage: benchmarks/run.sh [rounds] [seconds] [connections]. Results: benchmarks/results.txt
set -euo pipefail
cd "$(dirname "$0")/.."
missing=""
command -v wrk >/dev/null || missing="$missing wrk"
command -v curl >/dev/null || missing="$missing curl"
if [ -n "$missing" ]; then
  apt-get update -qq && apt-get install -y -qq $missing
fi
./mvnw -q -B package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true -pl benchmarks -am
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
quiet="-Dorg.jboss.logging.provider=slf4j -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
java $quiet -cp "$cp" io.github.modalemulator.benchmarks.HelloThroughput \
  "${1:-5}" "${2:-5}" "${3:-32}" benchmarks/results.txt
java -cp "$cp" org.openjdk.jmh.Main InvokerBenchmark -rf text -rff benchmarks/jmh.txt > /dev/null
{ echo; echo "JMH, endpoint invocation (ns/op, lower is better):"; cat benchmarks/jmh.txt; } >> benchmarks/results.txt
rm -f benchmarks/jmh.txt
cat benchmarks/results.txt

#!/usr/bin/env bash
# The emulator's benchmarks, on loopback, bounded in time (about 16 minutes with the defaults):
#  1. throughput of one JSON hello through each endpoint kind (fastapi, asgi, wsgi, web_server),
#     as ratios to raw Undertow serving the same JSON (web_server: to its backend called directly),
#     all in one JVM, measured by wrk;
#     plus the same FastAPI handler without the gateway and container pool around it, routing by
#     custom domain and with proxy auth, and emulators of 1 and of 1,000 functions;
#  2. cold start: a request meeting a new container of an empty @Cls against a warm one;
#     @ModalEmulator's per-class overhead; startup in a warm JVM and of `java -jar`; idle heap;
#  3. JMH: the per-request cost of calling an endpoint method (MethodHandle vs reflection);
#  4. pinned, what a user's machine pays: each server in a JVM of its own on core 1 (taskset),
#     wrk on core 0, @AsgiApp and @FastapiEndpoint against raw Undertow doing the same work;
#     and the cold path: the first 5 s of load on a fresh JVM (1 and 50 connections) and the
#     first 30 s as a warm-up curve, @FastapiEndpoint through the library and `java -jar`;
#  5. start-up of new JVMs: raw Undertow against `java -jar emulator.jar deploy` (hello, every
#     example), each also with a class-data-sharing archive; container mode with the warm-up's;
#  6. serve's reload on recompile: last class file written to the first new answer, and what the
#     reloads leave on the heap and in class loaders;
#  7. the reliability suite's full version (about 2 minutes): emulator.jar as a child process with a
#     128 MiB heap, attacked over raw sockets and HTTP/2 (see the README's "Reliability").
# Usage: benchmarks/run.sh [rounds] [seconds] [connections]. Results: benchmarks/results.txt
set -euo pipefail
cd "$(dirname "$0")/.."
missing=""
command -v wrk >/dev/null || missing="$missing wrk"
command -v curl >/dev/null || missing="$missing curl"
command -v taskset >/dev/null || missing="$missing util-linux"
if [ -n "$missing" ]; then
  apt-get update -qq && apt-get install -y -qq $missing
fi
# -am: the class path must be this tree's modules, never snapshots left in the local repository.
./mvnw -q -B package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true -pl benchmarks -am
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
quiet="-Dorg.jboss.logging.provider=slf4j -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
java $quiet -cp "$cp" io.github.modalemulator.benchmarks.HelloThroughput \
  "${1:-3}" "${2:-3}" "${3:-32}" benchmarks/results.txt
java $quiet -cp "$cp" io.github.modalemulator.benchmarks.ColdStart 500 benchmarks/results.txt
java $quiet -cp "$cp" io.github.modalemulator.benchmarks.ExtensionOverhead 60 benchmarks/results.txt
java $quiet -cp "$cp" io.github.modalemulator.benchmarks.Startup 40 5 benchmarks/results.txt
java -cp "$cp" org.openjdk.jmh.Main InvokerBenchmark -rf text -rff benchmarks/jmh.txt > /dev/null
{ echo; echo "JMH, endpoint invocation (ns/op, lower is better):"; cat benchmarks/jmh.txt; } >> benchmarks/results.txt
rm -f benchmarks/jmh.txt
java -cp "$cp" io.github.modalemulator.benchmarks.PinnedThroughput "$cp" 5 5 50 benchmarks/results.txt
java -cp "$cp" io.github.modalemulator.benchmarks.ColdPath "$cp" emulator/target/emulator.jar \
  "examples/target/classes:$(cat examples/target/classpath.txt)" 30 benchmarks/results.txt
java -cp "$cp" io.github.modalemulator.benchmarks.StartupTimes 5 benchmarks/results.txt
java -cp "$cp" io.github.modalemulator.benchmarks.ReloadLatency 20 benchmarks/results.txt
{ echo; echo "Reliability suite, full version (ReliabilitySuite EMULATOR_JAR APP_CLASSES full):"
  java -cp benchmarks/target/classes io.github.modalemulator.benchmarks.reliability.ReliabilitySuite \
    emulator/target/emulator.jar benchmarks/target/classes full; } >> benchmarks/results.txt
cat benchmarks/results.txt

#!/usr/bin/env bash
# Benchmarks anyone can rerun. Figures and how to read them: docs/benchmarks.md.
#
#   mvn -B package -DskipTests          # once: every function's target/function.jar, and bench/
#   bench/run.sh all                    # everything below, in this order
#   bench/run.sh machine                # what it ran on: CPUs, memory, JDKs, load
#   bench/run.sh jars                   # each function jar: size, classes, SDK service modules inside
#   bench/run.sh verify                 # each shaded jar primes and handles every sample event it takes
#   bench/run.sh cold-start             # fresh process per run: handler init + one event, wall and peak RSS
#   bench/run.sh warm                   # thousands of events in one process: p50/p99 latency, events/s
#   bench/run.sh analyzer               # the analyzer as a whole process on 1k/10k/50k-task manifests
#   bench/run.sh jmh                    # the analyzer in process under JMH, with -prof gc
#   bench/run.sh expect-continue        # PutObject latency with and without Expect: 100-continue (the warm p99's cause)
#   bench/run.sh lambda-limits          # a 50,000-task run read from a paging logs stub within a 1,024 MB Lambda's heap
#   bench/run.sh lake                   # `omics-monitor query` over a generated lake of 1,000 to 1,000,000 objects a table
#   bench/run.sh report                 # `omics-monitor report --run-id` on a 50,000-task run: page bytes, Chromium's render time
#
# Settings (environment): REPORT_TASKS (tasks of the reported run, default 50000), REPORT_SEED (the generator's seed,
# default 1: a Nextflow run), REPORT_RUNS (Chromium openings, default 5), LAKE_SIZES (task status objects per lake, default "1000 10000 100000 1000000"), LAKE_RUNS
# (default 3), FUNCTIONS (regex of modules, default all in bench/functions.tsv), RUNS (cold-start repetitions, default 7), WARM_EVENTS (default 3000), ANALYZER_RUNS
# (default 5), JDK17 and JDK25 (JDK homes), BENCH_OUT (results folder, default bench/target/results).
# Every measured process gets a clean environment (env -i) holding only the local endpoints, throwaway credentials
# for them and the function's own variables: nothing reaches AWS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
OUT=${BENCH_OUT:-$BENCH/target/results}
RUNS=${RUNS:-7}
WARM_EVENTS=${WARM_EVENTS:-3000}
ANALYZER_RUNS=${ANALYZER_RUNS:-5}
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
# What Lambda's java17/21/25 runtimes run with: tiered compilation stopped at C1 (documented by AWS), and the serial
# collector (the JVM's own choice with one vCPU or less than 1,792 MB; set here because this machine has more).
LAMBDA_FLAGS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
LAUNCHER_MAIN=io.omicsmonitor.bench.launch.FunctionLauncher

mkdir -p "$OUT"
cd "$ROOT"

note() { printf '%s\n' "$*" >&2; }

bench_classpath() {
    local launcher
    launcher=$(ls "$BENCH"/target/bench-*-launcher.jar 2>/dev/null | head -1 || true)
    if [[ -z "$launcher" || ! -f "$BENCH/target/classpath.txt" ]]; then
        note "bench is not built: mvn -B -o -q -f bench/pom.xml package"
        exit 1
    fi
    LAUNCHER_JAR=$launcher
    BENCH_CP="$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")"
}

machine() {
    {
        echo "date: $(date -u +%FT%TZ)"
        echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc)"
        echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
        echo "kernel: $(uname -r)"
        for jdk in "$JDK17" "$JDK25"; do
            [[ -x "$jdk/bin/java" ]] && echo "jdk: $("$jdk/bin/java" -version 2>&1 | sed -n 2p)"
        done
        echo "load average (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
    } | tee "$OUT/machine.txt"
}

# --- local endpoints: one helper process serving S3 and the API stubs ------------------------------------------

ENDPOINTS_PID=""
start_endpoints() {
    stop_endpoints
    rm -f "$OUT/endpoints.env" "$OUT/endpoints.in"
    mkfifo "$OUT/endpoints.in"
    "$JDK17/bin/java" -Xmx2g -cp "$BENCH_CP" io.omicsmonitor.bench.LocalEndpoints "$OUT/endpoints.env" "$@" \
        < "$OUT/endpoints.in" 2> "$OUT/endpoints.log" &
    ENDPOINTS_PID=$!
    exec 9> "$OUT/endpoints.in"   # its standard input: it serves until this closes
    for _ in $(seq 1 600); do
        [[ -f "$OUT/endpoints.env" ]] && return 0
        kill -0 "$ENDPOINTS_PID" 2>/dev/null || { cat "$OUT/endpoints.log" >&2; exit 1; }
        sleep 0.1
    done
    note "local endpoints did not start"; exit 1
}
stop_endpoints() {
    if [[ -n "$ENDPOINTS_PID" ]]; then
        exec 9>&- || true
        wait "$ENDPOINTS_PID" 2>/dev/null || true
        ENDPOINTS_PID=""
    fi
}
trap stop_endpoints EXIT

# Runs a command in a clean environment with the endpoints' variables; /usr/bin/time writes wall, RSS, CPU.
# usage: timed TIME_FILE STDERR_FILE command...
timed() {
    local time_file=$1 err_file=$2; shift 2
    local -a vars=()
    mapfile -t vars < "$OUT/endpoints.env"
    /usr/bin/time -f '{"wallS":%e,"maxRssKiB":%M,"userS":%U,"sysS":%S}' -o "$time_file" \
        env -i PATH=/usr/bin:/bin HOME="$OUT/home" LANG=C.UTF-8 AWS_LAMBDA_LOG_LEVEL=${AWS_LAMBDA_LOG_LEVEL:-INFO} "${vars[@]}" \
        "$@" > "$err_file.stdout" 2> "$err_file" || true
}

# Appends one result line (JSON) combining the time file and the process's BENCH line.
record() {
    local results=$1 label=$2 time_file=$3 err_file=$4
    local bench_line
    bench_line=$(grep -m1 '^BENCH ' "$err_file" | cut -c7- || true)
    if [[ -z "$bench_line" ]]; then
        note "run failed ($label):"; tail -20 "$err_file" >&2; tail -5 "$err_file.stdout" >&2; return 1
    fi
    printf '{"label":"%s","time":%s,"bench":%s}\n' "$label" "$(cat "$time_file")" "$bench_line" >> "$results"
}

# FUNCTIONS (a regular expression on the module name) limits cold-start, warm and verify to some functions.
functions() { grep -v '^#' "$BENCH/functions.tsv" | grep -v '^\s*$' | grep -E "^(${FUNCTIONS:-[a-z-]+})\s"; }

# --- jars --------------------------------------------------------------------------------------------------------

jars() {
    local out="$OUT/jars.txt"
    # function.jar is what Lambda runs; function-unshrunk.jar is the shaded jar ProGuard shrank it from (pom.xml)
    printf '%-24s %12s %8s %16s  %s\n' function bytes classes "unshrunk bytes" "SDK service modules" | tee "$out"
    for module in status-event-recorder workflow-records custom-metrics manifest-processor run-analyzer budget-monitor; do
        local jar="$module/target/function.jar"
        if [[ ! -f "$jar" ]]; then
            printf '%-24s %s\n' "$module" "not built yet (no $jar)" | tee -a "$out"; continue
        fi
        local listing services
        listing=$(unzip -Z1 "$jar")
        services=$(grep -o '^software/amazon/awssdk/services/[a-z0-9]*/' <<< "$listing" | cut -d/ -f5 | sort -u | tr '\n' ' ')
        printf '%-24s %12d %8d %16s  %s\n' "$module" "$(stat -c %s "$jar")" "$(grep -c '\.class$' <<< "$listing")" \
            "$(stat -c %s "$module/target/function-unshrunk.jar" 2>/dev/null || echo -)" "$services" | tee -a "$out"
    done
}

# --- cold start --------------------------------------------------------------------------------------------------

cold_start() {
    bench_classpath
    start_endpoints
    local results="$OUT/cold-start.jsonl"
    : > "$results"
    : > "$OUT/cold-start-failures.txt"
    mkdir -p "$OUT/home" "$OUT/archives"
    local n=0
    while IFS=$'\t' read -r module handler event _; do
        local jar="$ROOT/$module/target/function.jar"
        if [[ ! -f "$jar" ]]; then note "skip $module: $jar not built"; continue; fi
        local cp="$jar:$LAUNCHER_JAR" ev="$ROOT/events/$event"
        for jdk in 17 25; do
            local java
            java="$( [[ $jdk == 17 ]] && echo "$JDK17" || echo "$JDK25")/bin/java"
            [[ -x "$java" ]] || { note "skip JDK $jdk: $java missing"; continue; }
            local cds="$OUT/archives/$module-jdk$jdk.jsa" aot="$OUT/archives/$module-jdk$jdk.aot"
            # Training runs: init + SnapStart priming + one event, the archive written at exit.
            rm -f "$cds" "$aot"
            timed "$OUT/t" "$OUT/e" "$java" $LAMBDA_FLAGS -XX:ArchiveClassesAtExit="$cds" -cp "$cp" \
                $LAUNCHER_MAIN "$handler" "$ev" --id "train-cds-$module-$jdk" --prime
            record "$results" "$module|jdk$jdk|train-appcds" "$OUT/t" "$OUT/e"
            if [[ $jdk == 25 ]]; then
                timed "$OUT/t" "$OUT/e" "$java" $LAMBDA_FLAGS -XX:AOTCacheOutput="$aot" -cp "$cp" \
                    $LAUNCHER_MAIN "$handler" "$ev" --id "train-aot-$module-$jdk" --prime
                record "$results" "$module|jdk$jdk|train-aot" "$OUT/t" "$OUT/e"
            fi
            local -a configs=("jvm-defaults|" "lambda-flags|$LAMBDA_FLAGS" "lambda-flags+primed|$LAMBDA_FLAGS|--prime"
                              "lambda-flags+appcds|$LAMBDA_FLAGS -XX:SharedArchiveFile=$cds")
            [[ $jdk == 25 ]] && configs+=("lambda-flags+aot-cache|$LAMBDA_FLAGS -XX:AOTCache=$aot")
            for run in $(seq 1 "$RUNS"); do
                # interleaved, so a burst of load from elsewhere spreads over every configuration
                for config in "${configs[@]}"; do
                    IFS='|' read -r name flags extra <<< "$config"
                    n=$((n + 1))
                    timed "$OUT/t" "$OUT/e" "$java" $flags -cp "$cp" $LAUNCHER_MAIN "$handler" "$ev" \
                        --id "$(printf 'cold-%06d' "$n")" $extra
                    # a failed run is reported and left out of the medians; the rest go on
                    record "$results" "$module|jdk$jdk|$name" "$OUT/t" "$OUT/e" \
                        || echo "$module|jdk$jdk|$name: run $run failed: $(grep -o '"errorMessage":"[^"]*' "$OUT/e.stdout" | tail -1)" \
                            >> "$OUT/cold-start-failures.txt"
                done
            done
            note "cold start: $module on JDK $jdk done"
        done
    done < <(functions)
    stop_endpoints
    python3 "$BENCH/summarize.py" cold-start "$results" | tee "$OUT/cold-start.txt"
    [[ -s "$OUT/cold-start-failures.txt" ]] && { note "failed runs:"; cat "$OUT/cold-start-failures.txt" >&2; }
    true
}

# --- verify: every shaded jar runs its priming and every sample event it takes --------------------------------------

verify() {
    bench_classpath
    start_endpoints
    mkdir -p "$OUT/home"
    local failed=0
    while IFS=$'\t' read -r module handler event warm_events; do
        local jar="$ROOT/$module/target/function.jar"
        [[ -f "$jar" ]] || { note "skip $module: not built yet"; continue; }
        local events count
        events=$(tr ',' '\n' <<< "$warm_events" | sort -u | sed "s#^#$ROOT/events/#" | paste -sd,)
        count=$(tr ',' '\n' <<< "$events" | wc -l)
        for jdk in 17 25; do
            local java
            java="$( [[ $jdk == 17 ]] && echo "$JDK17" || echo "$JDK25")/bin/java"
            # The no-databind rule (no ObjectMapper loaded, no databind beyond the tree model in the jar) is checked by
            # bench's FunctionJarsTest, which mvn verify runs.
            timed "$OUT/t" "$OUT/e" "$java" $LAMBDA_FLAGS -Xverify:all \
                -cp "$jar:$LAUNCHER_JAR" $LAUNCHER_MAIN "$handler" \
                "$ROOT/events/$event" --id "verify-$module-$jdk" --prime --warm "$count" --events "$events"
            if ! grep -q '^BENCH .*"failedEvents":0,' "$OUT/e" || grep -q '"level":"WARN".*priming\|"level":"ERROR"' "$OUT/e.stdout"; then
                note "FAIL $module on JDK $jdk:"; tail -5 "$OUT/e" >&2; grep -h 'priming\|ERROR' "$OUT/e.stdout" >&2 || true
                failed=1
            else
                note "ok   $module on JDK $jdk: primed, then $((count + 1)) events ($(grep -o '"primeMs":[0-9.]*' "$OUT/e"))"
            fi
        done
    done < <(functions)
    stop_endpoints
    return $failed
}

# --- warm --------------------------------------------------------------------------------------------------------

warm() {
    bench_classpath
    start_endpoints
    local results="$OUT/warm.jsonl"
    : > "$results"
    mkdir -p "$OUT/home"
    # The per-call timer (an SDK interceptor every client picks up from the jar's global interceptors file), for
    # warm runs only: cold starts measure the function jar and the launcher alone.
    local calls_jar="$OUT/calls.jar"
    "$JDK17/bin/jar" cf "$calls_jar" -C "$BENCH/target/classes" io/omicsmonitor/bench/calls -C "$BENCH/src/calls" software
    while IFS=$'\t' read -r module handler event warm_events; do
        local jar="$ROOT/$module/target/function.jar"
        if [[ ! -f "$jar" ]]; then note "skip $module: $jar not built"; continue; fi
        local events
        events=$(tr ',' '\n' <<< "$warm_events" | sed "s#^#$ROOT/events/#" | paste -sd,)
        for jdk in 17 25; do
            local java
            java="$( [[ $jdk == 17 ]] && echo "$JDK17" || echo "$JDK25")/bin/java"
            # Lambda logs every line to CloudWatch; here the function's log lines go to a file, at INFO as deployed.
            timed "$OUT/t" "$OUT/e" "$java" $LAMBDA_FLAGS -cp "$jar:$LAUNCHER_JAR:$calls_jar" $LAUNCHER_MAIN "$handler" \
                "$ROOT/events/$event" --id "warm-first-$module-$jdk" --warm "$WARM_EVENTS" --events "$events"
            record "$results" "$module|jdk$jdk|lambda-flags" "$OUT/t" "$OUT/e"
        done
    done < <(functions)
    stop_endpoints
    python3 "$BENCH/summarize.py" warm "$results" | tee "$OUT/warm.txt"
}

# --- the analyzer ------------------------------------------------------------------------------------------------

analyzer() {
    bench_classpath
    local results="$OUT/analyzer.jsonl"
    : > "$results"
    mkdir -p "$OUT/manifests" "$OUT/home"
    # The analyzer's own class path: the bench classes, analyzer, manifest, json and Jackson; none of the test servers.
    local cp
    cp="$BENCH/target/$(basename "$(ls "$BENCH"/target/bench-*.jar | grep -v launcher | head -1)"):$(tr ':' '\n' \
        < "$BENCH/target/classpath.txt" | grep -E '/io/omicsmonitor/(analyzer|manifest|json)/|/(analyzer|manifest|json)/target/|/com/fasterxml/jackson/core/' \
        | paste -sd:)"
    : > "$OUT/endpoints.env"   # the analyzer needs no endpoints: timed() reads this file for the environment
    for tasks in 1 1000 10000 50000; do
        local manifest="$OUT/manifests/generated-$tasks.ndjson"
        [[ -f "$manifest" ]] || "$JDK17/bin/java" -cp "$BENCH_CP" io.omicsmonitor.bench.GenerateManifest "$tasks" "$manifest"
    done
    # A short-lived batch process: C1 only and the serial collector, heap capped at the 512 MiB target; on JDK 25 also
    # an AOT cache trained on a 1,000-task run (what a CLI launcher can ship).
    local cli_flags="-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1" aot="$OUT/archives/analyzer-jdk25.aot"
    mkdir -p "$OUT/archives"; rm -f "$aot"
    timed "$OUT/t" "$OUT/e" "$JDK25/bin/java" $cli_flags -XX:AOTCacheOutput="$aot" -cp "$cp" \
        io.omicsmonitor.bench.AnalyzeFile "$OUT/manifests/generated-1000.ndjson" "$OUT/stats-train.csv"
    for tasks in 1 1000 10000 50000; do
        local manifest="$OUT/manifests/generated-$tasks.ndjson"
        for run in $(seq 1 "$ANALYZER_RUNS"); do
            local -a configs=("17|jvm-defaults|" "25|jvm-defaults|" "17|cli-flags|$cli_flags" "25|cli-flags|$cli_flags"
                              "25|cli-flags+aot-cache|$cli_flags -XX:AOTCache=$aot")
            for config in "${configs[@]}"; do
                IFS='|' read -r jdk name flags <<< "$config"
                local java
                java="$( [[ $jdk == 17 ]] && echo "$JDK17" || echo "$JDK25")/bin/java"
                timed "$OUT/t" "$OUT/e" "$java" $flags -cp "$cp" io.omicsmonitor.bench.AnalyzeFile "$manifest" \
                    "$OUT/stats-$tasks.csv"
                record "$results" "$tasks|jdk$jdk|$name" "$OUT/t" "$OUT/e"
            done
        done
        note "analyzer: $tasks tasks done ($(wc -c < "$manifest") bytes of manifest)"
    done
    analyzer_command
    if command -v omics-run-analyzer > /dev/null 2>&1; then
        for tasks in 1 1000 10000 50000; do
            for run in $(seq 1 "$ANALYZER_RUNS"); do
                /usr/bin/time -f '{"wallS":%e,"maxRssKiB":%M,"userS":%U,"sysS":%S}' -o "$OUT/t" \
                    omics-run-analyzer --file "$OUT/manifests/generated-$tasks.ndjson" -o "$OUT/python-$tasks.csv" \
                    > /dev/null 2> "$OUT/e" || true
                printf '{"label":"%s","time":%s,"bench":{"tasks":%d}}\n' "$tasks|python|reference" "$(cat "$OUT/t")" \
                    "$tasks" >> "$results"
            done
        done
    else
        note "skip: the Python reference (omics-run-analyzer, from aws-healthomics-tools on PyPI) is not installed here;"
        note "      its figures measured on this kind of machine are quoted from issue 6 in docs/benchmarks.md"
    fi
    python3 "$BENCH/summarize.py" analyzer "$results" | tee "$OUT/analyzer.txt"
    analyzer_summary "$results" "$OUT/analyzer-command.jsonl" | tee -a "$OUT/analyzer.txt"
}

# What a user runs: `./omics-monitor analyze --manifest FILE` through the launcher, with `java` on the PATH from JDK 17
# and from JDK 25. `command` is the launcher as shipped (its fast path for analyze: a small jar before the full one, a
# main class without picocli for plain command lines, a class-data archive made by the first run: AppCDS on 17, an
# AOT cache on 25); `command-no-aids` is OMICS_MONITOR_FAST=off (picocli and the full jar, as every other command).
# One untimed run per JDK first makes the aids (and builds the jar when the sources are newer, as for a user; pass
# OMICS_MONITOR_MVN_OPTS=-o when offline, OMICS_MONITOR_BUILD=off to run the jar as built); the timed runs never
# build. Every CSV is compared byte for byte with AnalyzeFile's.
analyzer_command() {
    local results="$OUT/analyzer-command.jsonl" fast="$ROOT/cli/target/fast"
    : > "$results"
    for jdk in 17 25; do
        local home
        home="$( [[ $jdk == 17 ]] && echo "$JDK17" || echo "$JDK25")"
        local -a command=(env PATH="$home/bin:/usr/bin:/bin" "$ROOT/omics-monitor" analyze)
        env -i HOME="$HOME" LANG=C.UTF-8 OMICS_MONITOR_MVN_OPTS="${OMICS_MONITOR_MVN_OPTS:-}" \
            OMICS_MONITOR_BUILD="${OMICS_MONITOR_BUILD:-on}" "${command[@]}" \
            --manifest "$OUT/manifests/generated-1000.ndjson" > /dev/null || note "the command failed (JDK $jdk)"
        for _ in $(seq 1 240); do # the AOT cache is made in the background after the first run
            compgen -G "$fast/*.tmp*" > /dev/null || break
            sleep 0.5
        done
        for tasks in 1 1000 10000 50000; do
            for run in $(seq 1 "$ANALYZER_RUNS"); do
                for aids in on off; do
                    timed "$OUT/t" "$OUT/e" env OMICS_MONITOR_FAST="$aids" OMICS_MONITOR_BUILD=off "${command[@]}" \
                        --manifest "$OUT/manifests/generated-$tasks.ndjson"
                    cmp -s "$OUT/e.stdout" "$OUT/stats-$tasks.csv" \
                        || note "DIFFERENT: the command's CSV for $tasks tasks (JDK $jdk, aids $aids) is not AnalyzeFile's"
                    printf '{"label":"%s","time":%s,"bench":{"tasks":%d}}\n' \
                        "$tasks|jdk$jdk|command$([[ $aids == on ]] || echo -no-aids)" "$(cat "$OUT/t")" "$tasks" >> "$results"
                done
            done
        done
        note "analyzer: the command on JDK $jdk done"
    done
}

# Median and least wall time, CPU and peak RSS of every configuration, AnalyzeFile's and the command's.
analyzer_summary() {
    cat "$@" | python3 -c '
import json, statistics, sys
groups = {}
for line in sys.stdin:
    if line.strip():
        r = json.loads(line)
        groups.setdefault(r["label"], []).append(r["time"])
print("| tasks | JDK | configuration | runs | wall s median | wall s min | CPU s median | CPU s min | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|")
for label, times in groups.items():
    tasks, jdk, config = label.split("|")
    wall = [t["wallS"] for t in times]
    cpu = [t["userS"] + t["sysS"] for t in times]
    rss = statistics.median(t["maxRssKiB"] for t in times) / 1024
    print(f"| {tasks} | {jdk[3:]} | {config} | {len(times)} | {statistics.median(wall):.2f} | {min(wall):.2f} "
          f"| {statistics.median(cpu):.2f} | {min(cpu):.2f} | {rss:.0f} |")
'
}

jmh() {
    bench_classpath
    "${JMH_JDK:-$JDK17}/bin/java" -cp "$BENCH_CP" org.openjdk.jmh.Main AnalyzerBenchmark -prof gc \
        -rf json -rff "$OUT/jmh.json" "$@" | tee "$OUT/jmh.txt" | grep -E '^(Benchmark|AnalyzerBenchmark)' || true
}

# --- a 50,000-task run within a 1,024 MB Lambda ---------------------------------------------------------------------

lambda_limits() {
    bench_classpath
    start_endpoints --manifest-tasks 50000 --page-size 1000
    local results="$OUT/lambda-limits.jsonl"
    : > "$results"
    mkdir -p "$OUT/home"
    # 1,024 MB of function memory: 85% heap as Lambda's Java runtime sizes it, the rest for metaspace, code, threads.
    for heap in 870m 512m 256m; do
        for jdk in 17 25; do
            local java
            java="$( [[ $jdk == 17 ]] && echo "$JDK17" || echo "$JDK25")/bin/java"
            timed "$OUT/t" "$OUT/e" "$java" $LAMBDA_FLAGS -Xmx$heap -cp "$BENCH_CP" \
                io.omicsmonitor.bench.ManifestThroughLogs 7382915 5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b
            record "$results" "50000|jdk$jdk|xmx$heap" "$OUT/t" "$OUT/e" || true
        done
    done
    # The handlers themselves, once built (functions.tsv lines for manifest-processor and run-analyzer).
    while IFS=$'\t' read -r module handler event _; do
        case "$module" in manifest-processor|run-analyzer) ;; *) continue ;; esac
        local jar="$ROOT/$module/target/function.jar"
        [[ -f "$jar" ]] || { note "skip $module: not built yet"; continue; }
        timed "$OUT/t" "$OUT/e" "$JDK25/bin/java" $LAMBDA_FLAGS -Xmx870m -cp "$jar:$LAUNCHER_JAR" $LAUNCHER_MAIN \
            "$handler" "$ROOT/events/$event" --id "limits-$module"
        record "$results" "$module|jdk25|xmx870m" "$OUT/t" "$OUT/e" || true
    done < <(functions)
    stop_endpoints
    python3 "$BENCH/summarize.py" lambda-limits "$results" | tee "$OUT/lambda-limits.txt"
}

# --- why PutObject's p99 is high: Expect: 100-continue, with and without -------------------------------------------

expect_continue() {
    bench_classpath
    "$JDK25/bin/java" $LAMBDA_FLAGS -cp "$BENCH_CP" io.omicsmonitor.bench.PutObjectExpectContinue "${1:-300}" 2>&1 \
        | grep '^BENCH' | cut -c7- | tee "$OUT/expect-continue.jsonl"
}

# --- the local lake at scale: query's time and peak memory against objects per table -----------------------------

# A generated large lab's lake per size (GenerateLake: task_status_events holds the given number of objects, with
# run_status_events and run_analysis beside it), kept under $OUT/lakes between runs; then each query through the
# launcher as a user runs it (java from JDK 17 on the PATH, the jar as built), LAKE_RUNS times, each in a new process.
LAKE_QUERIES=(
    "count|SELECT count(*) AS objects FROM task_status_events"
    "group-by|SELECT status, count(*) AS events, count(DISTINCT run_id) AS runs FROM task_status_events GROUP BY status ORDER BY status"
    "join|SELECT r.status AS run_status, count(*) AS task_events FROM task_status_events t JOIN (SELECT run_id, max_by(status, event_time) AS status FROM run_status_events GROUP BY run_id) r ON t.run_id = r.run_id GROUP BY 1 ORDER BY 1"
)
lake() {
    bench_classpath
    local results="$OUT/lake.jsonl"
    : > "$results"
    : > "$OUT/endpoints.env"   # the command needs no endpoints: timed() reads this file for the environment
    mkdir -p "$OUT/lakes" "$OUT/home"
    local -a command=(env PATH="$JDK17/bin:/usr/bin:/bin" OMICS_MONITOR_BUILD=off "$ROOT/omics-monitor" query)
    for objects in ${LAKE_SIZES:-1000 10000 100000 1000000}; do
        local dir="$OUT/lakes/$objects"
        if [[ ! -d "$dir" ]]; then
            "$JDK17/bin/java" -cp "$BENCH_CP" io.omicsmonitor.bench.GenerateLake "$dir.tmp" "$objects" >&2
            mv "$dir.tmp" "$dir"
        fi
        for query in "${LAKE_QUERIES[@]}"; do
            local name=${query%%|*} sql=${query#*|}
            for run in $(seq 1 "${LAKE_RUNS:-3}"); do
                timed "$OUT/t" "$OUT/e" "${command[@]}" --lake "$dir" --format csv "$sql"
                if ! grep -q '^{' "$OUT/t" || [[ ! -s "$OUT/e.stdout" ]]; then
                    note "lake: $objects $name failed:"; cat "$OUT/t" "$OUT/e" >&2
                    printf '{"objects":%d,"query":"%s","run":%d,"failed":true}\n' "$objects" "$name" "$run" >> "$results"
                    continue
                fi
                printf '{"objects":%d,"query":"%s","run":%d,"time":%s,"answer":"%s"}\n' "$objects" "$name" "$run" \
                    "$(cat "$OUT/t")" "$(tr '\n' ';' < "$OUT/e.stdout" | tr -d '"')" >> "$results"
            done
            note "lake: $objects objects, $name: $(tail -1 "$results")"
        done
    done
    python3 "$BENCH/summarize.py" lake "$results" | tee "$OUT/lake.txt"
}

# --- the per-run HTML report of a large run ------------------------------------------------------------------------

# One run of REPORT_TASKS tasks (REPORT_SEED; GenerateRunLake: analyzer's ManifestGenerator's manifest, analyzed with the bundled
# prices, written as the stack writes runs, tasks and run_analysis), kept under $OUT/report-lake; its page written by
# `omics-monitor report --run-id` as a user runs it; then the page opened in headless Chromium REPORT_RUNS times, each
# with a fresh profile, beside a blank page: Chromium's wall time to load, lay out and paint the first screen
# (--screenshot, 1280x1000) minus the blank page's (the browser's own start), and the page's own clock (a copy with a
# script appended, the report has none: performance.now() once the load event has run and a full layout is forced).
REPORT_PROBE='<script>addEventListener("load",()=>{const l=performance.now();const h=document.documentElement.scrollHeight;const p=document.createElement("pre");p.id="probe";p.textContent=JSON.stringify({loadMs:Math.round(l),laidOutMs:Math.round(performance.now()),heightPx:h});document.body.appendChild(p);});</script>'
chromium_args() {
    printf '%s\n' --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --disable-dev-shm-usage --hide-scrollbars --window-size=1280,1000 \
        "--user-data-dir=$(mktemp -d "$OUT/chromium.XXXXXX")"
}
report() {
    bench_classpath
    command -v chromium >/dev/null || { note "report: needs chromium (apt-get install -y chromium)"; exit 1; }
    local tasks=${REPORT_TASKS:-50000} runs=${REPORT_RUNS:-5} seed=${REPORT_SEED:-1}
    local dir="$OUT/report-lake/$tasks-$seed" page="$OUT/report-$tasks.html" results="$OUT/report.jsonl"
    : > "$results"
    : > "$OUT/endpoints.env"   # the command needs no endpoints: timed() reads this file for the environment
    mkdir -p "$OUT/report-lake" "$OUT/home"
    if [[ ! -d "$dir" ]]; then
        "$JDK17/bin/java" -cp "$BENCH_CP" io.omicsmonitor.bench.GenerateRunLake "$dir.tmp" "$tasks" "$seed" >&2
        mv "$dir.tmp" "$dir"
    fi
    local run_id
    run_id=$(cat "$dir/run-id")
    timed "$OUT/t" "$OUT/e" env PATH="$JDK17/bin:/usr/bin:/bin" OMICS_MONITOR_BUILD=off "$ROOT/omics-monitor" report \
        --run-id "$run_id" --lake "$dir" --out "$page"
    if [[ ! -s "$page" ]]; then note "report: the command failed:"; cat "$OUT/t" "$OUT/e" "$OUT/e.stdout" >&2; exit 1; fi
    note "report: $(cat "$OUT/e.stdout")"
    printf '{"tasks":%d,"seed":%d,"command":%s,"pageBytes":%d}\n' "$tasks" "$seed" "$(cat "$OUT/t")" "$(stat -c %s "$page")" \
        | tee -a "$results" >&2
    printf '<!DOCTYPE html><html><body></body></html>\n' > "$OUT/blank.html"
    sed "s#</body>#$REPORT_PROBE</body>#" "$page" > "$OUT/report-probe.html"
    local -a args
    for run in $(seq 1 "$runs"); do
        local blank shown probe
        mapfile -t args < <(chromium_args)
        /usr/bin/time -f %e -o "$OUT/wall" chromium "${args[@]}" --screenshot="$OUT/blank.png" "file://$OUT/blank.html" \
            > /dev/null 2>&1
        blank=$(cat "$OUT/wall")
        mapfile -t args < <(chromium_args)
        /usr/bin/time -f %e -o "$OUT/wall" chromium "${args[@]}" --screenshot="$OUT/report-$tasks.png" "file://$page" \
            > /dev/null 2>&1
        shown=$(cat "$OUT/wall")
        mapfile -t args < <(chromium_args)
        probe=$(chromium "${args[@]}" --dump-dom "file://$OUT/report-probe.html" 2>/dev/null \
            | grep -o '<pre id="probe">[^<]*' | cut -d'>' -f2)
        printf '{"tasks":%d,"run":%d,"blankPageS":%s,"reportPageS":%s,"renderS":%.2f,"inPage":%s,"load":"%s"}\n' \
            "$tasks" "$run" "$blank" "$shown" "$(echo "$shown - $blank" | bc -l)" "${probe:-null}" \
            "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results" >&2
    done
    rm -rf "$OUT"/chromium.*
}

case "${1:-all}" in
    machine) machine ;;
    jars) jars ;;
    verify) verify ;;
    cold-start) machine; cold_start ;;
    warm) machine; warm ;;
    analyzer) machine; analyzer ;;
    jmh) shift; machine; jmh "$@" ;;
    lambda-limits) machine; lambda_limits ;;
    expect-continue) shift; expect_continue "$@" ;;
    lake) machine; lake ;;
    report) machine; report ;;
    all) machine; jars; verify; cold_start; warm; analyzer; lambda_limits; jmh; machine ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
esac

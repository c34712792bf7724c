#!/usr/bin/env python3
"""Medians of bench/run.sh's result lines (JSON, one per process run), as the tables in docs/benchmarks.md.

Standard library only. usage: summarize.py cold-start|warm|analyzer|lambda-limits|lake RESULTS.jsonl
"""
import json
import statistics
import sys
from collections import OrderedDict

PYTHON_STATUS_FUNCTION = "Python sample stack's status function: 0.57 s, 50 MB (issue 6, same kind of machine)"
PYTHON_ANALYZER = {1: (0.9, None), 1000: (1.2, None), 10000: (5.5, None), 50000: (24.0, 226)}


def load(path):
    groups = OrderedDict()
    with open(path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                groups.setdefault(r["label"], []).append(r)
    return groups


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=2):
    return "-" if v is None else f"{v:.{digits}f}"


def cold_start(groups):
    print("| function | JDK | configuration | runs | wall s (median) | min..max | CPU s (user+sys) | peak RSS MB "
          "| init ms | first event ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, runs in groups.items():
        function, jdk, config = label.split("|")
        if config.startswith("train"):
            continue
        walls = [r["time"]["wallS"] for r in runs]
        print(f"| {function} | {jdk[3:]} | {config} | {len(runs)} | {fmt(med(walls))} | {fmt(min(walls))}..{fmt(max(walls))} "
              f"| {fmt(med([r['time']['userS'] + r['time']['sysS'] for r in runs]))} "
              f"| {fmt(med([r['time']['maxRssKiB'] / 1024 for r in runs]), 0)} "
              f"| {fmt(med([r['bench']['initMs'] for r in runs]), 0)} "
              f"| {fmt(med([r['bench']['firstEventMs'] for r in runs]), 0)} |")
    print()
    print("Reference: " + PYTHON_STATUS_FUNCTION)


def warm(groups):
    print("| function | JDK | events | failed | events/s | p50 ms | p90 ms | p99 ms | max ms | steady p50 ms | steady p99 ms | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    failures = []
    for label, runs in groups.items():
        function, jdk, _ = label.split("|")
        b = runs[0]["bench"]
        if b.get("firstFailure"):
            failures.append(f"{function} JDK {jdk[3:]}: {b['firstFailure']}")
        print(f"| {function} | {jdk[3:]} | {b['warmEvents']} | {b.get('failedEvents', 0)} | {b['eventsPerSecond']:.0f} | {b['p50Ms']:.2f} | {b['p90Ms']:.2f} "
              f"| {b['p99Ms']:.2f} | {b['maxMs']:.1f} | {b['steadyP50Ms']:.2f} | {b['steadyP99Ms']:.2f} "
              f"| {runs[0]['time']['maxRssKiB'] / 1024:.0f} |")
    print()
    print("steady = the events after the first 10% (JIT warm-up done)")
    print()
    print("| function | JDK | sample event | events | p50 ms | p90 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|")
    for label, runs in groups.items():
        function, jdk, _ = label.split("|")
        for event, e in runs[0]["bench"].get("byEvent", {}).items():
            print(f"| {function} | {jdk[3:]} | {event} | {e['events']} | {e['p50Ms']:.2f} | {e['p90Ms']:.2f} "
                  f"| {e['p99Ms']:.2f} | {e['maxMs']:.1f} |")
    print()
    print("| function | JDK | AWS call | calls | p50 ms | p99 ms | max ms | retried | failed |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, runs in groups.items():
        function, jdk, _ = label.split("|")
        for call, c in (runs[0]["bench"].get("calls") or {}).items():
            print(f"| {function} | {jdk[3:]} | {call} | {c['calls']} | {c['p50Ms']:.2f} | {c['p99Ms']:.2f} | {c['maxMs']:.1f} "
                  f"| {c['retriedCalls']} | {c['failedCalls']} |")
    for f in failures:
        print("first failure: " + f)


def analyzer(groups):
    print("| tasks | JDK | flags | heap | runs | wall s | CPU s (user+sys) | peak RSS MB | in-process ms (parse/analyze/csv) "
          "| allocated MiB | peak heap MiB | Python reference wall s | speed-up |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, runs in groups.items():
        tasks, jdk, config = label.split("|")
        tasks = int(tasks)
        wall = med([r["time"]["wallS"] for r in runs])
        cpu = med([r["time"]["userS"] + r["time"]["sysS"] for r in runs])
        rss = med([r["time"]["maxRssKiB"] / 1024 for r in runs])
        if jdk == "python":
            print(f"| {tasks} | Python | - | - | {len(runs)} | {fmt(wall)} | {fmt(cpu)} | {fmt(rss, 0)} | - | - | - | measured | 1 |")
            continue
        b = [r["bench"] for r in runs]
        phases = "/".join(fmt(med([x[k] for x in b]), 0) for k in ("parseMs", "analyzeMs", "csvMs"))
        ref = PYTHON_ANALYZER.get(tasks, (None, None))[0]
        speedup = f"{ref / wall:.0f}x" if ref and wall else "-"
        heap = "default" if config == "jvm-defaults" else "512m"
        print(f"| {tasks} | {jdk[3:]} | {config} | {heap} | {len(runs)} | {fmt(wall)} | {fmt(cpu)} | {fmt(rss, 0)} | {phases} "
              f"| {fmt(med([x['mainThreadAllocatedMiB'] for x in b]), 0)} | {fmt(med([x['peakHeapMiB'] for x in b]), 0)} "
              f"| {ref if ref else '-'} (issue 6) | {speedup} |")


def lambda_limits(groups):
    print("| what | tasks | JDK | heap | wall s | CPU s | peak RSS MB | read logs ms | analyze+csv ms | peak heap MiB | GCs |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, runs in groups.items():
        what, jdk, heap = label.split("|")
        for r in runs:
            b, t = r["bench"], r["time"]
            print(f"| {'reader+analyzer+S3 put' if what == '50000' else what} | {b.get('tasks', '-')} | {jdk[3:]} "
                  f"| {heap.replace('xmx', '-Xmx')} | {t['wallS']:.2f} | {t['userS'] + t['sysS']:.2f} "
                  f"| {t['maxRssKiB'] / 1024:.0f} | {b.get('readLogsMs', '-')} | {b.get('analyzeMs', '-')} "
                  f"| {fmt(b.get('peakHeapMiB'), 0)} | {b.get('gcCount', '-')} |")


def lake(path):
    """bench/run.sh lake's lines carry objects/query/run, not a label: one table row per size and query."""
    groups = OrderedDict()
    with open(path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                groups.setdefault((r["objects"], r["query"]), []).append(r)
    print("| task_status_events objects | query | runs | wall s (median) | min..max | CPU s (user+sys) "
          "| peak RSS MiB (max) | answer |")
    print("|---|---|---|---|---|---|---|---|")
    for (objects, query), runs in groups.items():
        ok = [r for r in runs if not r.get("failed")]
        if not ok:
            print(f"| {objects:,} | {query} | {len(runs)} | failed | | | | |")
            continue
        walls = [r["time"]["wallS"] for r in ok]
        cpu = med([r["time"]["userS"] + r["time"]["sysS"] for r in ok])
        rss = max(r["time"]["maxRssKiB"] for r in ok) / 1024
        answer = ok[0]["answer"].split(";", 1)[1].rstrip(";").replace(";", "; ").replace("|", "/")
        failed = len(runs) - len(ok)
        print(f"| {objects:,} | {query} | {len(runs)}{f' ({failed} failed)' if failed else ''} | {fmt(med(walls))} "
              f"| {fmt(min(walls))}..{fmt(max(walls))} | {fmt(cpu)} | {rss:.0f} | {answer} |")


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "lake":
        lake(path)
    else:
        {"cold-start": cold_start, "warm": warm, "analyzer": analyzer, "lambda-limits": lambda_limits}[kind](load(path))

#!/usr/bin/env python3
"""Time from a file write to the rebuilt page being served by `dossier serve`.

Usage: serve_latency.py DOSSIER_BINARY DOSSIER_ROOT [--trials N] [--log FILE]

Copies nothing: edit a scratch copy of a dossier (e.g. one made by
shared/bench/gen_corpus.py). Starts `serve --port 0`, waits for the first
build, then for each trial appends a unique sentence to one event's Markdown
(a narrative edit) or changes its title, and polls the event's page on
127.0.0.1 until the new text is served. Prints each time and the median.
Standard library only.
"""

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import time


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    body = conn.getresponse().read().decode("utf-8", "replace")
    conn.close()
    return body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("root")
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--log", help="write serve's messages (stderr) to this file")
    args = ap.parse_args()

    events = sorted(os.listdir(os.path.join(args.root, "content", "events")))
    target = events[len(events) // 2]
    event_id = target[: -len(".md")]
    path = os.path.join(args.root, "content", "events", target)
    original = open(path, encoding="utf-8").read()

    proc = subprocess.Popen(
        [args.binary, "serve", "--port", "0", "--root", args.root],
        stdout=subprocess.PIPE,
        stderr=open(args.log, "w") if args.log else subprocess.DEVNULL,
        text=True,
    )
    try:
        started = time.monotonic()
        line = proc.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
        print(f"first build and start: {time.monotonic() - started:.1f} s", flush=True)
        page = f"/events/{event_id}/"
        results = {"narrative": [], "title": []}
        for trial in range(args.trials):
            for kind in ("narrative", "title"):
                marker = f"Latency probe {kind} {trial} {time.time_ns()}"
                if kind == "narrative":
                    text = original + f"\n{marker}.\n"
                else:
                    text = re.sub(r'^title = "', f'title = "{marker} ', original, count=1, flags=re.M)
                time.sleep(2.5)  # let the previous rebuild settle
                t0 = time.monotonic()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                while marker not in fetch(port, page):
                    if time.monotonic() - t0 > 120:
                        sys.exit("the edit never showed")
                    time.sleep(0.002)
                ms = (time.monotonic() - t0) * 1000
                results[kind].append(ms)
                print(f"{kind} edit {trial + 1}: {ms:.0f} ms", flush=True)
        for kind, times in results.items():
            print(f"median {kind} edit: {statistics.median(times):.0f} ms over {len(times)}")
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()

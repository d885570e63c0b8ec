#!/usr/bin/python3
"""python-libvirt side of the load figure: one connection, T threads, N GET_STATE calls in all."""
import json
import sys
import threading
import time

import libvirt

uri, threads, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
conn = libvirt.open(uri)
dom = conn.lookupByName("test")
lock = threading.Lock()
state = {"next": 0, "wrong": 0}
lat = [0.0] * calls


def worker():
    while True:
        with lock:
            i = state["next"]
            state["next"] += 1
        if i >= calls:
            return
        t = time.perf_counter()
        s = dom.state()
        lat[i] = (time.perf_counter() - t) * 1000
        if s[0] != 1:
            with lock:
                state["wrong"] += 1


t0 = time.perf_counter()
ts = [threading.Thread(target=worker) for _ in range(threads)]
for t in ts:
    t.start()
for t in ts:
    t.join()
seconds = time.perf_counter() - t0
lat.sort()
print(json.dumps({"calls": calls, "threads": threads, "wrong": state["wrong"], "calls_per_s": round(calls / seconds),
                  "p50_ms": round(lat[calls // 2], 3), "p99_ms": round(lat[int(calls * 0.99)], 3)}))

#!/usr/bin/python3
"""python-libvirt side of tests/bench/Fleet.Bench.ps1: for each URI in the file (one a line), one after the
other: open, list every domain with name, id, UUID and state, close. Prints one JSON object: the total
wall time in milliseconds (interpreter start excluded) and the number of domains listed."""
import json
import sys
import time

import libvirt

uris = [u.strip() for u in open(sys.argv[1]) if u.strip()]
t = time.perf_counter()
count = 0
for uri in uris:
    conn = libvirt.open(uri)
    rows = [(d.name(), d.ID(), d.UUIDString(), d.state()) for d in conn.listAllDomains()]
    count += len(rows)
    conn.close()
print(json.dumps({"ms": (time.perf_counter() - t) * 1000, "domains": count, "hosts": len(uris)}))

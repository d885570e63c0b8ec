#!/usr/bin/python3
"""python-libvirt side of build.ps1 Bench: the same work as LibvirtPS.Bench on the same daemon.
Prints one JSON object of medians in milliseconds."""
import json
import sys
import time

import libvirt

uri, connect_repeats, roundtrips, list_repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


warm = libvirt.open(uri)
warm.listAllDomains()
warm.close()

connect = []
for _ in range(connect_repeats):
    t = time.perf_counter()
    c = libvirt.open(uri)
    connect.append((time.perf_counter() - t) * 1000)
    c.close()

conn = libvirt.open(uri)
dom = conn.lookupByName("test")
rt = []
for _ in range(roundtrips):
    t = time.perf_counter()
    dom.state()
    rt.append((time.perf_counter() - t) * 1000)

lst = []
count = 0
for _ in range(list_repeats):
    t = time.perf_counter()
    domains = conn.listAllDomains()
    rows = [(d.name(), d.ID(), d.UUIDString(), d.state()) for d in domains]
    lst.append((time.perf_counter() - t) * 1000)
    count = len(rows)

# the same work as Get-LibvirtDomain's objects (state, max memory, memory, vCPUs, CPU time, persistent, autostart),
# written the cheap way: persistent/autostart from two filtered listings (as LibvirtPS does), info() per domain
same = []
for _ in range(list_repeats):
    t = time.perf_counter()
    domains = conn.listAllDomains()
    transient = {d.UUIDString() for d in conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_TRANSIENT)}
    autostart = {d.UUIDString() for d in conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_AUTOSTART)}
    rows = [(d.name(), d.ID(), d.UUIDString(), d.info(), d.UUIDString() not in transient, d.UUIDString() in autostart) for d in domains]
    same.append((time.perf_counter() - t) * 1000)

print(json.dumps({"connect_ms": median(connect), "roundtrip_ms": median(rt), "list_ms": median(lst),
                  "list_details_ms": median(same), "domains": count}))

#!/usr/bin/python3
"""Fleet.Bench.ps1 'defined' setup: for each URI in the file (one a line), defines N domains in the daemon's
test:///default (every second one started) and keeps the connections open (the test driver resets its state
when the last connection closes) until stdin is closed."""
import sys

import libvirt

uris = [u.strip() for u in open(sys.argv[1]) if u.strip()]
n = int(sys.argv[2])
conns = []
for uri in uris:
    conn = libvirt.open(uri)
    # the driver's own domain 'test' counts: n - 1 more
    for i in range(n - 1):
        xml = ("<domain type='test'><name>vm%04d</name><memory unit='MiB'>%d</memory>"
               "<vcpu>%d</vcpu><os><type>hvm</type></os></domain>") % (i, 256 + i, 1 + i % 4)
        d = conn.defineXML(xml)
        if i % 2 == 0:
            d.create()
    conns.append(conn)
print("ready", sum(len(c.listAllDomains()) for c in conns), flush=True)
sys.stdin.read()
for c in conns:
    c.close()

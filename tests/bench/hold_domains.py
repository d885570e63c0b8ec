#!/usr/bin/python3
"""Fills the daemon's test:///default with N extra domains (half running) and keeps the connection open
(the test driver resets its state when the last connection closes) until stdin is closed."""
import sys

import libvirt

uri, n = sys.argv[1], int(sys.argv[2])
conn = libvirt.open(uri)
for i in range(n):
    xml = ("<domain type='test'><name>bench%05d</name><memory unit='MiB'>%d</memory>"
           "<vcpu>%d</vcpu><os><type>hvm</type></os></domain>") % (i, 64 + i % 512, 1 + i % 4)
    d = conn.defineXML(xml)
    if i % 2 == 0:
        d.create()
print("ready", len(conn.listAllDomains()), flush=True)
sys.stdin.read()
conn.close()

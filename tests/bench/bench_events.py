# python-libvirt side of Events.Bench.ps1: N suspend/resume calls on a control connection, each timed until the
# lifecycle callback has run on the event connection's loop thread. Prints JSON {median_ms, p95_ms, n}.
import json, statistics, sys, threading, time
import libvirt

uri, n = sys.argv[1], int(sys.argv[2])
libvirt.virEventRegisterDefaultImpl()
ev = libvirt.open(uri)
ctl = libvirt.open(uri)
got = threading.Event()
ev.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lambda *a: got.set(), None)
def loop():
    while True:
        libvirt.virEventRunDefaultImpl()
threading.Thread(target=loop, daemon=True).start()
d = ctl.lookupByName('test')
lat = []
for i in range(n):
    got.clear()
    t = time.perf_counter()
    (d.suspend if i % 2 == 0 else d.resume)()
    if not got.wait(5):
        raise SystemExit('no event within 5 s')
    lat.append((time.perf_counter() - t) * 1000)
lat.sort()
print(json.dumps({'median_ms': statistics.median(lat), 'p95_ms': lat[int(len(lat) * 0.95) - 1], 'n': n}))

# A scripted libvirt peer for the guest agent's success path, which no test driver has: it speaks just enough of the
# REMOTE program to open a connection and look up the domain "test", and answers QEMU program 0x20008087 procedure 3
# (DOMAIN_AGENT_COMMAND) with the reply given on the command line. Every QEMU call's payload is appended, in hex,
# to the log file. Listens on 127.0.0.1 (port printed on stdout); serves connections until stdin closes.
# Usage: python3 FakeAgentPeer.py <reply-json> <log-file>
import socket, struct, sys, threading, uuid

REPLY, LOG = sys.argv[1], sys.argv[2]
REMOTE, QEMU = 0x20008086, 0x20008087
DOM_UUID = uuid.UUID("6695eb01-f6a4-8304-79aa-97f2502e193f").bytes

def s(x):
    b = x.encode()
    return struct.pack(">I", len(b)) + b + b"\0" * ((4 - len(b) % 4) % 4)

def i(v): return struct.pack(">i", v)
def hyper(v): return struct.pack(">Q", v)
DOM = s("test") + DOM_UUID + i(1)

ANSWERS = {
    66: i(1) + i(0),                  # AUTH_LIST: [none]
    60: i(0),                         # SUPPORTS_FEATURE: no (no keepalive)
    1: b"", 2: b"",                   # CONNECT_OPEN, CONNECT_CLOSE
    3: s("QEMU"), 59: s("fakehost"),  # GET_TYPE, GET_HOSTNAME
    4: hyper(8002000), 157: hyper(9000000),
    23: DOM, 24: DOM,                 # DOMAIN_LOOKUP_BY_NAME / _BY_UUID
    16: i(1) + hyper(1048576) + hyper(1048576) + i(1) + hyper(0),  # DOMAIN_GET_INFO
    212: i(1) + i(1),                 # DOMAIN_GET_STATE: running, booted
    151: i(1), 15: i(0),              # IS_PERSISTENT, GET_AUTOSTART
}

def read_exact(c, n):
    b = b""
    while len(b) < n:
        chunk = c.recv(n - len(b))
        if not chunk: raise EOFError
        b += chunk
    return b

def serve(c):
    try:
        while True:
            length = struct.unpack(">I", read_exact(c, 4))[0]
            body = read_exact(c, length - 4)
            prog, vers, proc, typ, serial, status = struct.unpack(">IIiiIi", body[:24])
            payload = body[24:]
            if prog == QEMU and proc == 3:
                with open(LOG, "a") as f: f.write(payload.hex() + "\n")
                out, st = struct.pack(">I", 1) + s(REPLY), 0
            elif prog == REMOTE and proc in ANSWERS:
                out, st = ANSWERS[proc], 0
            else:  # remote_error: NO_SUPPORT, so an unexpected call shows up as an error in the test
                out, st = i(3) + i(0) + i(1) + s("fake peer: no answer for %x/%d" % (prog, proc)) + i(2) + i(0) * 4 + i(0) * 2 + i(0), 1
            head = struct.pack(">IIiiIi", prog, vers, proc, 1, serial, st)
            c.sendall(struct.pack(">I", 4 + len(head) + len(out)) + head + out)
    except (EOFError, OSError):
        pass
    finally:
        c.close()

srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(8)
print(srv.getsockname()[1], flush=True)
def accept():
    while True:
        try: c, _ = srv.accept()
        except OSError: return
        threading.Thread(target=serve, args=(c,), daemon=True).start()
threading.Thread(target=accept, daemon=True).start()
sys.stdin.read()
srv.close()

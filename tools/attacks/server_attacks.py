#!/usr/bin/env python3
"""The three attacks of issue 16 on a real `hequant serve` of the demo model, with the server's memory.

Usage: tools/attacks/server_attacks.py CHECKOUT [PORT] [-- SERVE_OPTIONS...]
Starts CHECKOUT/hequant serve (HEQUANT_JAVA_OPTS is passed on, e.g. -Xmx1200m), then per attack: the server's
RSS (/proc), its heap in use after a full GC (jcmd GC.run, GC.heap_info) and threads, measured while the
attack is on; whether the server cut the attacker and when; and whether a normal client is then served.
Attacks: three peers each announcing a 2^30-1 byte frame after the hello; 100 idle connections; a peer that
sends the hello, a frame header (40,000 bytes, under any public key) and then one byte a second for up to 40 s.
"""
import os
import re
import socket
import struct
import subprocess
import sys
import time

root = os.path.abspath(sys.argv[1])
port = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "--" else 7431
serve_options = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
model = os.path.join(root, "models/demo/fashion-mnist-w4a4.hqm")
dataset = "idx:" + os.path.join(root, "models/demo/fashion-mnist-sample")
hello = struct.pack(">ii", 8, 1) + b"HQHELLO1"


def memory(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    used_kb = sum(int(k) for k in re.findall(r"used (\d+)K", info.split("Metaspace")[0]))
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1))
    threads = len(os.listdir(f"/proc/{pid}/task"))
    return f"RSS {rss_kb / 1024:.0f} MB, heap used after GC {used_kb / 1024:.1f} MB, {threads} threads"


def alive(pid):
    return os.path.exists(f"/proc/{pid}")


def normal_client():
    for attempt in range(30):
        r = subprocess.run([os.path.join(root, "hequant"), "infer", "--connect", f"127.0.0.1:{port}", "--dataset",
                            dataset, "--limit", "1", "--json"], capture_output=True, text=True)
        if r.returncode == 0 or "busy" not in r.stderr:
            break
        time.sleep(1)
    out = (r.stdout.strip() or r.stderr.strip())[:160]
    return f"normal client: exit {r.returncode} after {attempt + 1} attempt(s): {out}"


def cut(sock, seconds):
    """Seconds until the server closes the connection (None if it stays open)."""
    sock.settimeout(seconds)
    start = time.time()
    try:
        while sock.recv(1 << 16):
            pass
        return time.time() - start
    except socket.timeout:
        return None
    except OSError:
        return time.time() - start


log = open("/tmp/server_attacks_serve.log", "w")
server = subprocess.Popen([os.path.join(root, "hequant"), "serve", "--model", model, "--port", str(port)] + serve_options,
                          stdout=subprocess.PIPE, stderr=log, text=True)
for line in server.stdout:
    if line.startswith("serving"):
        break
java = int(subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()[0]
           if subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout else server.pid)
print("baseline:", memory(java))

peers = []
for _ in range(3):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(hello)
    s.recv(1 << 20)
    s.sendall(struct.pack(">ii", 2 ** 30 - 1, 2))
    peers.append(s)
time.sleep(3)
print("3 huge frames:", memory(java) if alive(java) else "SERVER DIED")
print("  huge-frame peer cut after:", cut(peers[0], 3), "s")
for s in peers:
    s.close()
print(" ", normal_client() if alive(java) else "server dead")

idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(100)]
time.sleep(3)
print("100 idle connections:", memory(java))
print(" ", normal_client())
for s in idle:
    s.close()

t = socket.create_connection(("127.0.0.1", port))
t.sendall(hello)
t.recv(1 << 20)
t.sendall(struct.pack(">ii", 40000, 1))  # under any plan's public key, so it is read
start = time.time()
cut_after = None
for i in range(40):
    try:
        t.sendall(b"\0")
    except OSError:
        cut_after = time.time() - start
        break
    if i == 5:
        print("trickle:", memory(java))
    time.sleep(1)
print(f"  trickling peer cut after: {cut_after if cut_after is None else round(cut_after, 1)} s")
t.close()
print(" ", normal_client())
print("after the attacks:", memory(java))
server.terminate()
server.wait()
log.close()
print("server log:")
print(open("/tmp/server_attacks_serve.log").read()[-1500:])

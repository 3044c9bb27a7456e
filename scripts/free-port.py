#!/usr/bin/env python3
"""Prints a loopback TCP port that is free now and lies below the kernel's ephemeral range.

A server the tests stop and start again on the same port (the fault campaign halts and resumes PostgreSQL and kills
the S3 server) must not have picked an ephemeral port: while it is down, any outgoing connection may take that port
as its source port, and the server could not bind it again.
"""
import random
import socket

try:
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        ephemeral_start = int(f.read().split()[0])
except OSError:
    ephemeral_start = 32768
low, high = 20000, max(ephemeral_start, 21000)
for _ in range(500):
    port = random.randrange(low, high)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
else:
    raise SystemExit("no free port below the ephemeral range")

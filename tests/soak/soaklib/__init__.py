"""The soak test's parts (tests/soak/soak.py runs them): one concept a module.

    common       the queries, the wire constants, the limits, Stats and Failure, the busy loop
    daemon       the daemon under test (its config, log, RSS and fds) and the expected answers
    telnet_clients, http_clients   the good clients and the wire helpers they share
    hostile      every hostile client of docs/robustness.md
    probe        the latency probe (a separate process) and its figures
    load         the baseline, the load phase and the recovery wait
    shutdown     full load, then SIGTERM
"""

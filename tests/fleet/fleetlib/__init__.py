"""The fleet test's parts (tests/fleet/fleet_test.py runs them): one concept a module.

    common     addresses, queries, logging, waiting, free ports, a GET, a /metrics figure
    processes  a replica and HAProxy, started and stopped by their pid
    clients    the telnet and HTTP load clients and their tally
    phases     the replica ratio, the rolling restart, the reload, the peers check
"""

#!/usr/bin/env python3
"""Helpers for the kube play test (deploy/kubernetes/); every network step has a deadline.

  kube_manifests.py check DIR [CHARFINDER]
      static checks of the manifests: the security context (non-root, read-only root file
      system, all capabilities dropped, seccomp RuntimeDefault, no privilege escalation), the
      three probes on /healthz and /readyz, terminationGracePeriodSeconds above drain_delay +
      shutdown_grace + 1 s, requests and limits set, a Service for both ports, a PDB and a
      CPU HPA selecting the same pods; with CHARFINDER, `charfinder check-config` on the
      ConfigMap's file. Prints what it checked.
  kube_manifests.py play DIR IMAGE TELNET_PORT HTTP_PORT OUT
      writes the ConfigMap + Deployment as `podman kube play` runs them on one machine: one
      replica (hostPorts can be taken once), the local IMAGE, both ports published on
      127.0.0.1 (podman 4.3 has no --publish; a hostPort is how kube play publishes).
  kube_manifests.py probes DIR HTTP_PORT
      runs the Deployment's startup, liveness and readiness probes (HTTP GET of their
      paths) against 127.0.0.1:HTTP_PORT as the kubelet would; each must answer 200.
  kube_manifests.py drain HTTP_PORT SECONDS
      while the pod stops: polls /readyz and /api/search every 50 ms until connections are
      refused (or SECONDS pass); prints "readyz_503_while_serving=N served_after_503=M
      refused_after_ms=T" and exits 1 unless /readyz said 503 while searches still answered.
"""
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time

import yaml


def fail(msg):
    print(f"kube_manifests: {msg}", file=sys.stderr)
    sys.exit(1)


def load(dirname):
    docs = {}
    for name in sorted(os.listdir(dirname)):
        if not name.endswith(".yaml") or name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(open(os.path.join(dirname, name))):
            if doc:
                docs[doc["kind"]] = doc
    return docs


def seconds(text):
    text = str(text)
    total, num = 0.0, ""
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    i = 0
    while i < len(text):
        if text[i].isdigit():
            num += text[i]
            i += 1
            continue
        unit = "ms" if text[i:i + 2] == "ms" else text[i]
        total += int(num) * units[unit]
        num = ""
        i += len(unit)
    return total


def check(dirname, charfinder=None):
    docs = load(dirname)
    for kind in ("ConfigMap", "Deployment", "Service", "PodDisruptionBudget",
                 "HorizontalPodAutoscaler"):
        if kind not in docs:
            fail(f"no {kind} in {dirname}")
    dep = docs["Deployment"]
    pod = dep["spec"]["template"]["spec"]
    labels = dep["spec"]["template"]["metadata"]["labels"]
    if dep["spec"]["selector"]["matchLabels"].items() > labels.items():
        fail("the Deployment's selector does not match its pod labels")
    (c,) = pod["containers"]
    psc, sc = pod.get("securityContext", {}), c.get("securityContext", {})
    checks = {
        "runAsNonRoot": psc.get("runAsNonRoot") is True and psc.get("runAsUser", 0) != 0,
        "readOnlyRootFilesystem": sc.get("readOnlyRootFilesystem") is True,
        "capabilities drop ALL": sc.get("capabilities", {}).get("drop") == ["ALL"],
        "no privilege escalation": sc.get("allowPrivilegeEscalation") is False,
        "seccomp RuntimeDefault": psc.get("seccompProfile", {}).get("type") == "RuntimeDefault",
        "startupProbe /healthz": c["startupProbe"]["httpGet"]["path"] == "/healthz",
        "livenessProbe /healthz": c["livenessProbe"]["httpGet"]["path"] == "/healthz",
        "readinessProbe /readyz": c["readinessProbe"]["httpGet"]["path"] == "/readyz",
        "requests and limits": all(k in c["resources"][w] for w in ("requests", "limits")
                                   for k in ("cpu", "memory")),
    }
    cm = docs["ConfigMap"]
    conf = yaml.safe_load(cm["data"]["charfinder.yaml"])
    drain = seconds(conf["server"].get("drain_delay", "0s"))
    grace = seconds(conf["server"].get("shutdown_grace", "10s"))
    tgps = pod["terminationGracePeriodSeconds"]
    checks[f"terminationGracePeriodSeconds {tgps} > drain {drain:g} + grace {grace:g} + 1"] = \
        tgps > drain + grace + 1
    mounts = {m["name"]: m for m in c["volumeMounts"]}
    vols = {v["name"]: v for v in pod["volumes"]}
    checks["ConfigMap mounted at /etc/charfinder"] = any(
        vols[n].get("configMap", {}).get("name") == cm["metadata"]["name"] and
        m["mountPath"] == "/etc/charfinder" for n, m in mounts.items())
    svc = docs["Service"]
    ports = {p["targetPort"] for p in svc["spec"]["ports"]}
    named = {p["name"] for p in c["ports"]}
    checks["Service for telnet and http"] = ports == {"telnet", "http"} <= named | ports and \
        svc["spec"]["selector"].items() <= labels.items()
    pdb = docs["PodDisruptionBudget"]
    checks["PDB selects the pods"] = pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    hpa = docs["HorizontalPodAutoscaler"]
    checks["HPA on CPU of the Deployment"] = hpa["spec"]["scaleTargetRef"]["name"] == \
        dep["metadata"]["name"] and hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    bad = [k for k, ok in checks.items() if not ok]
    for k, ok in checks.items():
        print(f"{'ok' if ok else 'FAIL'}: {k}")
    if charfinder:
        with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
            f.write(cm["data"]["charfinder.yaml"])
            f.flush()
            r = subprocess.run([charfinder, "check-config", f.name], capture_output=True,
                               text=True, timeout=30)
            ok = r.returncode == 0
            print(f"{'ok' if ok else 'FAIL'}: charfinder check-config on the ConfigMap's file"
                  + ("" if ok else f": {r.stderr.strip()}"))
            if not ok:
                bad.append("check-config")
    if bad:
        fail("manifest checks failed: " + ", ".join(bad))


def play(dirname, image, telnet_port, http_port, out):
    docs = load(dirname)
    dep = docs["Deployment"]
    dep["spec"]["replicas"] = 1
    (c,) = dep["spec"]["template"]["spec"]["containers"]
    c["image"] = image
    c["imagePullPolicy"] = "Never"
    for p in c["ports"]:
        p["hostIP"] = "127.0.0.1"
        p["hostPort"] = int(telnet_port if p["name"] == "telnet" else http_port)
    with open(out, "w") as f:
        yaml.safe_dump_all([docs["ConfigMap"], dep], f, sort_keys=False)


def get(port, path, timeout=2.0):
    c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=timeout)
    try:
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        return r.status
    finally:
        c.close()


def probes(dirname, port):
    (c,) = load(dirname)["Deployment"]["spec"]["template"]["spec"]["containers"]
    for name in ("startupProbe", "livenessProbe", "readinessProbe"):
        path = c[name]["httpGet"]["path"]
        deadline = time.monotonic() + c[name].get("periodSeconds", 10) * \
            c[name].get("failureThreshold", 3)
        while True:
            try:
                status = get(port, path, c[name].get("timeoutSeconds", 1))
            except OSError as e:
                status = str(e)
            if status == 200:
                break
            if time.monotonic() > deadline:
                fail(f"{name} GET {path}: {status}")
            time.sleep(0.2)
        print(f"ok: {name} GET {path} -> 200")


def drain(port, limit):
    t0 = time.monotonic()
    readyz_503 = served_after_503 = 0
    refused_ms = None
    while time.monotonic() - t0 < float(limit):
        try:
            r = get(port, "/readyz", 1)
            s = get(port, "/api/search?q=sun", 1)
        except OSError:
            if readyz_503 or time.monotonic() - t0 > 2:
                refused_ms = round((time.monotonic() - t0) * 1000)
                break
            time.sleep(0.05)
            continue
        if r == 503:
            readyz_503 += 1
            if s == 200:
                served_after_503 += 1
        time.sleep(0.05)
    print(f"readyz_503_while_serving={readyz_503} served_after_503={served_after_503} "
          f"refused_after_ms={refused_ms}")
    if not served_after_503:
        sys.exit(1)


if __name__ == "__main__":
    cmd, rest = sys.argv[1], sys.argv[2:]
    if cmd == "check":
        check(*rest)
    elif cmd == "play":
        play(*rest)
    elif cmd == "probes":
        probes(*rest)
    elif cmd == "drain":
        drain(*rest)
    else:
        fail(f"unknown command {cmd}")

#!/usr/bin/env python3
"""Times GET requests against a running server: latency of sequential requests on one kept-alive
connection (median, p99), then requests per second with several clients, each on its own
kept-alive connection, for a fixed time. Every answer must be 200 and the same size as the first
(a failed or changed answer stops the run).

    load.py URL [requests] [clients] [seconds]   → one line of JSON
"""
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse


def connect(url):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    path = parts.path + ("?" + parts.query if parts.query else "")
    return connection, path


def fetch(connection, path):
    connection.request("GET", path, headers={"Accept": "application/json"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}: {body[:200]!r}")
    return len(body)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    url = sys.argv[1]
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 10

    connection, path = connect(url)
    size = fetch(connection, path)  # warm-up, and the size every answer must have
    for _ in range(3):
        fetch(connection, path)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        if fetch(connection, path) != size:
            raise SystemExit(f"{path}: the answer changed size")
        times.append((time.perf_counter() - start) * 1000)
    connection.close()

    done = [0] * clients
    failures = []
    deadline = time.perf_counter() + seconds

    def client(index):
        try:
            own, own_path = connect(url)
            while time.perf_counter() < deadline:
                if fetch(own, own_path) != size:
                    raise SystemExit("the answer changed size")
                done[index] += 1
            own.close()
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(repr(error))

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(f"{path}: {failures[0]}")
    print(json.dumps({
        "bytes": size, "requests": requests, "median_ms": round(statistics.median(times), 1),
        "p99_ms": round(percentile(times, 0.99), 1), "clients": clients,
        "per_second": round(sum(done) / elapsed, 1),
    }))


if __name__ == "__main__":
    main()

"""Helpers the benchmarks share: argument checks, timing of repeated requests, percentiles, query counts."""

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def get_ok(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}; the benchmark needs a 200.")
    return response


def time_renders(client, url, runs):
    get_ok(client, url)  # warm-up: template loading, translations and first connection are not measured
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        get_ok(client, url)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def p95(values):
    if len(values) == 1:
        return values[0]
    # "inclusive" interpolates linearly between the closest ranks, as numpy.percentile does by default.
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        get_ok(client, url)
    return len(context.captured_queries)

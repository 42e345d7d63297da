"""threading.Lock, uncontended: `with lock: pass`, timed per operation."""

import threading
import time

from bench_rounds import serve


def run_round(ops):
    lock = threading.Lock()
    start = time.perf_counter_ns()
    for _ in range(ops):
        with lock:
            pass
    return time.perf_counter_ns() - start


if __name__ == "__main__":
    serve(run_round)

"""concurrent.futures.ThreadPoolExecutor: submit tiny tasks, then wait for
every result. Usage: thread_pool_executor.py WORKERS"""

import sys
import time
from concurrent.futures import ThreadPoolExecutor

from bench_rounds import serve


def task(i):
    return i


def main():
    workers = int(sys.argv[1])
    with ThreadPoolExecutor(max_workers=workers) as pool:

        def run_round(ops):
            submit = pool.submit
            start = time.perf_counter_ns()
            futures = [submit(task, i) for i in range(ops)]
            for future in futures:
                future.result()
            return time.perf_counter_ns() - start

        serve(run_round)


if __name__ == "__main__":
    main()

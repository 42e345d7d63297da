"""queue.Queue, one producer thread and one consumer thread (put + get)."""

import queue
import threading
import time

from bench_rounds import serve


def run_round(ops):
    channel = queue.Queue()
    ready = threading.Barrier(2)

    def produce():
        put = channel.put
        ready.wait()
        for i in range(ops):
            put(i)

    producer = threading.Thread(target=produce)
    producer.start()
    get = channel.get
    ready.wait()
    start = time.perf_counter_ns()
    for _ in range(ops):
        get()
    producer.join()
    return time.perf_counter_ns() - start


if __name__ == "__main__":
    serve(run_round)

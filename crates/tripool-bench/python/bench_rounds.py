"""Round protocol shared by the Python peers of tripool-bench.

The Rust harness starts one of the scripts beside this file once per figure
and drives it through stdin/stdout, so Python's rounds interleave with the
Rust ones and the interpreter's start-up is never timed:

    harness -> script:  "<ops>\\n"         run one round of <ops> operations
    script  -> harness: "<nanoseconds>\\n" how long those operations took

The script exits when stdin closes.
"""

import sys


def serve(run_round):
    """Answer round requests with run_round(ops) -> elapsed nanoseconds."""
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        elapsed_ns = run_round(int(line))
        sys.stdout.write(f"{elapsed_ns}\n")
        sys.stdout.flush()

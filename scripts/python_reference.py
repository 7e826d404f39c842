#!/usr/bin/env python3
"""CPython's atexit, measured the way benches/run.rs and benches/register.rs measure ours.

Prints the cost of one atexit.register call and of running one handler at exit, each the median of
5 child interpreters that register 1,000,000 no-op handlers.
"""
import statistics
import subprocess
import sys

N = 1_000_000

CHILD = r"""
import atexit, time
N = %d
def noop():
    pass
def finish():
    print("run", (time.perf_counter_ns() - start) / N)
atexit.register(finish)
t = time.perf_counter_ns()
for _ in range(N):
    atexit.register(noop)
print("register", (time.perf_counter_ns() - t) / N)
start = time.perf_counter_ns()
""" % N


def main():
    register, run = [], []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True).stdout
        values = dict(line.split() for line in out.splitlines())
        register.append(float(values["register"]))
        run.append(float(values["run"]))
    print(f"python/{sys.version.split()[0]}/register: {statistics.median(register):.1f} ns per call")
    print(f"python/{sys.version.split()[0]}/run: {statistics.median(run):.1f} ns per handler")


if __name__ == "__main__":
    main()

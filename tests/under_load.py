"""Run pytest on the given test files while busy processes keep every core at 100 %.

    python tests/under_load.py tests/test_grading_engine.py

Two busy processes per core; they stop when pytest ends. Prints the load average before and
after, and exits with pytest's exit code. Used to show that no verdict depends on speed.
"""
import multiprocessing
import os
import subprocess
import sys


def spin():
    while True:
        pass


def main(argv):
    workers = [multiprocessing.Process(target=spin, daemon=True)
               for _ in range(2 * (os.cpu_count() or 1))]
    for worker in workers:
        worker.start()
    print(f"{len(workers)} busy processes on {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    try:
        code = subprocess.call([sys.executable, "-m", "pytest", "-n", "auto", "--dist",
                                "loadscope", *argv])
    finally:
        print(f"load average at the end {os.getloadavg()[0]:.1f}", flush=True)
        for worker in workers:
            worker.terminate()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Run the solution notebooks' nbval check as if on other machines.

The stored outputs of the cells tagged ``nbval-check-output`` were made on the author's
machine; CI may run on a CPU with other vector instructions, another BLAS code path or another
number of threads. This script runs nbval on every solution notebook under emulated machines,
by lowering what the libraries may use (they can only go down from what this CPU has):

- ``avx2``: torch's AVX2 kernels (``ATEN_CPU_CAPABILITY``), numpy without its AVX-512 code,
  OpenBLAS's Haswell kernels, MKL and oneDNN limited to AVX2, one thread;
- ``old``: torch's plain kernels, numpy without AVX2 or AVX-512, OpenBLAS's Nehalem kernels,
  MKL and oneDNN limited to SSE4, two threads.

On a machine without some of these instructions, the profile simply stays at what the
machine has. Usage: python tests/other_cpu.py [avx2] [old]; exits non-zero if a profile fails.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROFILES = {
    "avx2": {"ATEN_CPU_CAPABILITY": "avx2",
             "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
             "OPENBLAS_CORETYPE": "Haswell", "MKL_ENABLE_INSTRUCTIONS": "AVX2",
             "ONEDNN_MAX_CPU_ISA": "AVX2", "threads": "1"},
    "old": {"ATEN_CPU_CAPABILITY": "default",
            "NPY_DISABLE_CPU_FEATURES": "X86_V3 X86_V4 AVX512_ICL AVX512_SPR",
            "OPENBLAS_CORETYPE": "Nehalem", "MKL_ENABLE_INSTRUCTIONS": "SSE4_2",
            "ONEDNN_MAX_CPU_ISA": "SSE41", "threads": "2"},
}


def run(profile):
    settings = dict(PROFILES[profile])
    threads = settings.pop("threads")
    env = {**os.environ, **settings, "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads,
           "OPENBLAS_NUM_THREADS": threads}
    print(f"== {profile}: " + " ".join(f"{k}={v}" for k, v in settings.items())
          + f" threads={threads}", flush=True)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "auto", "--dist",
                           "loadscope", "-p", "no:cacheprovider", "solutions"],
                          cwd=ROOT, env=env).returncode


def main(argv):
    profiles = argv or list(PROFILES)
    failed = [p for p in profiles if run(p) != 0]
    print("failed: " + ", ".join(failed) if failed else "every profile passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

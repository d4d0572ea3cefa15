"""Time every solution notebook (and its slowest cell) the way CI and students run it.

Prints figures; no test fails on a timing. Budget: each notebook <= 30 s on a 2-core CPU,
no cell > 10 s. Usage: python tests/benchmark_notebooks.py [CHAPTER ...]
"""
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from dlgrade.course import chapters, solution_notebook

NOTEBOOK_BUDGET_S = 30.0
CELL_BUDGET_S = 10.0


class TimedClient(NotebookClient):
    """A notebook client that records how long each cell took."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cell_times = []

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        start = time.perf_counter()
        result = await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        if cell.cell_type == "code":
            label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", cell.get("id"))
            self.cell_times.append((time.perf_counter() - start, label))
        return result


def time_notebook(path):
    nb = nbformat.read(path, as_version=4)
    client = TimedClient(nb, timeout=600, kernel_name="python3",
                         resources={"metadata": {"path": str(Path(path).parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start, max(client.cell_times)


def main(argv):
    names = argv or chapters()
    print(f"{'chapter':<28}{'wall s':>8}{'slowest cell s':>16}  slowest cell  (cores: "
          f"{os.cpu_count()})")
    total, over = 0.0, []
    for chapter in names:
        wall, (cell_s, cell_id) = time_notebook(solution_notebook(chapter))
        total += wall
        flag = ""
        if wall > NOTEBOOK_BUDGET_S or cell_s > CELL_BUDGET_S:
            flag = "  OVER BUDGET"
            over.append(chapter)
        print(f"{chapter:<28}{wall:>8.1f}{cell_s:>16.1f}  {cell_id}{flag}")
    print(f"{'total':<28}{total:>8.1f}")
    print(f"budget: {NOTEBOOK_BUDGET_S:.0f} s per notebook (kernel start included), "
          f"{CELL_BUDGET_S:.0f} s per cell; over budget: {', '.join(over) or 'none'}")


if __name__ == "__main__":
    main(sys.argv[1:])

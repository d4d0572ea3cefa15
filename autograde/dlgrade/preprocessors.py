"""nbgrader preprocessors used by the course's autograde and validate steps."""
from nbgrader.preprocessors import NbGraderPreprocessor


class HarmlessStderr(NbGraderPreprocessor):
    """Turn stderr stream output into stdout so that a warning does not cost points.

    nbgrader gives 0 points to a test cell that wrote anything to stderr, and the validator
    fails it, so a harmless ``UserWarning`` from torch or matplotlib would fail a correct
    answer. A failing test raises, which leaves an ``error`` output: that still fails. The
    text is kept (prefixed) so the student and the instructor still see the warning.
    """

    prefix = "[stderr] "

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    output["name"] = "stdout"
                    text = output.get("text", "")
                    if not text.startswith(self.prefix):
                        output["text"] = self.prefix + text
        return cell, resources

# nbgrader looks for this file in the folder it runs from; the course's settings live in
# autograde/nbgrader_config.py.
load_subconfig("autograde/nbgrader_config.py")  # noqa: F821 (provided by traitlets)

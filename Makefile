# Every command creates the virtual environment first if it is missing (or out of date).
PYTHON ?= python3.11
VENV   ?= .venv
LAB_ARGS ?=
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
JUPYTER_CONFIG := $(CURDIR)/lib/dlcourse/jupyter_config
# Jupyter refuses to start as root (containers, lab VMs) unless told that it is meant
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab progress reset lab-instructor test test-chapter test-under-load test-other-cpu release collect grade feedback report benchmark benchmark-grading benchmark-class execute-solutions badges clean-grading

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 (3.12 and 3.13 work too: make lab PYTHON=python3.12)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[test]'
	@command -v bwrap >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap) \
	  || echo "note: bubblewrap not installed; the grading engine (make grade) needs it"; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] \
	  && command -v apt-get >/dev/null && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends postgresql) \
	  || echo "note: PostgreSQL not installed; its gradebook test will be skipped"; }
	@{ command -v chromium && command -v chromedriver; } >/dev/null || { [ "$$(id -u)" = 0 ] \
	  && command -v apt-get >/dev/null && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends chromium chromium-driver) \
	  || echo "note: chromium/chromedriver not installed; the browser test will be skipped"; }
	touch $(STAMP)

## Student: open the course in JupyterLab.
lab: $(STAMP)
	$(PY) -m dlcourse.workspace sync
	exec env PATH="$(CURDIR)/$(VENV)/bin:$$PATH" JUPYTER_CONFIG_PATH="$(JUPYTER_CONFIG)/student" \
	  $(VENV)/bin/jupyter lab --ServerApp.root_dir=my-course $(ALLOW_ROOT) $(LAB_ARGS)

## Student: what is left before submitting, read from the saved notebooks of my-course/
## (nothing is run): my-course/progress.html
progress: $(STAMP)
	$(PY) -m dlcourse.progress

## Student: start one chapter over from the release (the old folder goes to my-course/backups/),
## e.g. make reset CHAPTER=01_perceptron
reset: $(STAMP)
	@test -n "$(CHAPTER)" || { echo "usage: make reset CHAPTER=NN_topic"; exit 2; }
	$(PY) -m dlcourse.workspace reset $(CHAPTER)

## Instructor: JupyterLab on the whole project with every nbgrader tool (Formgrader, Create
## Assignment); alembic and nbgrader are found on the environment's PATH.
lab-instructor: $(STAMP)
	exec env PATH="$(CURDIR)/$(VENV)/bin:$$PATH" JUPYTER_CONFIG_PATH="$(JUPYTER_CONFIG)/instructor" \
	  $(VENV)/bin/jupyter lab --ServerApp.root_dir=. $(ALLOW_ROOT) $(LAB_ARGS)

## Everyone: run every test (library, notebooks, release pipeline, grading).
test: $(STAMP)
	$(PY) -m pytest -n auto --dist loadscope --durations=25

## Author: one chapter end to end (nbval, release sync, leaks, validator, grading of its
## wrong and right answers), e.g. make test-chapter CHAPTER=03_loss_functions
CHAPTER_NAME = $(if $(wildcard solutions/$(CHAPTER)/),$(CHAPTER),$(notdir $(patsubst %/,%,$(wildcard solutions/$(CHAPTER)*/))))
test-chapter: $(STAMP)
	@test -n "$(CHAPTER)" || { echo "usage: make test-chapter CHAPTER=NN_topic"; exit 2; }
	@test "$(words $(CHAPTER_NAME))" = 1 || { echo "no single chapter starts with '$(CHAPTER)'"; exit 2; }
	COURSE_CHAPTERS=$(CHAPTER_NAME) $(PY) -m pytest -n auto --dist loadscope --durations=10 \
	  solutions/$(CHAPTER_NAME) tests/test_release.py tests/test_grading_e2e.py

## The grading-engine tests while other processes keep every core busy (verdicts must not
## depend on the machine's speed).
test-under-load: $(STAMP)
	$(PY) tests/under_load.py tests/test_grading_engine.py tests/test_grading_isolation.py

## Author: the notebooks' checked outputs under emulated other CPUs (AVX2 only; pre-AVX).
test-other-cpu: $(STAMP)
	$(PY) tests/other_cpu.py

## Instructor: regenerate course/ from solutions/ (all chapters, or CHAPTER=01_perceptron).
release: $(STAMP)
	$(PY) -m dlgrade release $(CHAPTER)

## Instructor: lay out an LMS download under autograde/submitted/, e.g.
## make collect CHAPTER=01_perceptron ZIP=submissions.zip LMS=canvas (or moodle, blackboard, folders)
LMS ?= canvas
collect: $(STAMP)
	@test -n "$(CHAPTER)" -a -n "$(ZIP)" || { echo "usage: make collect CHAPTER=NN_topic ZIP=file.zip [LMS=canvas]"; exit 2; }
	$(PY) -m dlgrade collect $(CHAPTER) --zip "$(ZIP)" --lms $(LMS)

## Instructor: autograde everything in autograde/submitted/ and export autograde/grades.csv.
grade: $(STAMP)
	$(PY) -m dlgrade grade $(CHAPTER)

## Instructor: write student feedback (HTML, no hidden tests) into autograde/feedback/.
feedback: $(STAMP)
	$(PY) -m dlgrade feedback $(CHAPTER)

## Instructor: one offline HTML page on how the class did (all chapters, or CHAPTER=...).
report: $(STAMP)
	$(PY) -m dlgrade report $(CHAPTER)

## Instructor: re-run the solution notebooks in place so their stored outputs are current.
execute-solutions: $(STAMP)
	$(PY) -m dlgrade execute $(CHAPTER)

## Instructor: write the Binder and Colab badges into README.md from git's origin (a GitHub
## address); CHECK=1 only compares.
badges: $(STAMP)
	$(PY) -m dlcourse.links $(if $(CHECK),--check)

## Time every solution notebook (figures only; no test fails on a timing).
benchmark: $(STAMP)
	$(PY) tests/benchmark_notebooks.py
	$(PY) tests/benchmark_conv.py

## Grading speed: the engine against stock nbgrader (N=12), and a generated class on the local
## pool and on a Dask cluster (N=60); figures only.
benchmark-grading: $(STAMP)
	$(PY) tests/benchmark_grading.py --n 12 --chapter 00_orientation --workers 2
	$(PY) tests/benchmark_grading.py --n 12 --chapter 06_mlp_pytorch --workers 2
benchmark-class: $(STAMP)
	$(PY) tests/benchmark_class.py --n 60 --chapter 06_mlp_pytorch

## Instructor: remove submissions, grades and feedback (asks nothing; use with care).
clean-grading:
	rm -rf autograde/submitted autograde/autograded autograde/feedback autograde/downloaded \
	       autograde/gradebook.db autograde/grades.csv autograde/status autograde/reports

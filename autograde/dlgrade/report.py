"""The class report: one self-contained HTML page that shows how a class did.

``python -m dlgrade report [CHAPTER ...]`` reads the gradebook (scores per test cell,
submission times, due dates), the engine's status files (graded, timed out, memory, crashed,
malformed, tampered, with the reason) and the autograded notebooks (the message each student
saw when a check failed), and writes ``autograde/reports/<chapter>.html`` for one chapter or
``autograde/reports/course.html`` for several. The misconceptions the failed checks named
(:mod:`dlcourse.misconceptions`) are counted per exercise, with the three to revisit per chapter
and their explanations at the end of the page. Answers that are the same up to names, comments
and layout (:mod:`dlgrade.similar`) are listed per exercise for the instructor to look at.
Figures are PNGs inside the page, so it opens offline and can be mailed as one file.
"""
import base64
import collections
import html
import io
import json
from pathlib import Path

from dlcourse import misconceptions, notebooks
from dlcourse.lab import exercise_name
from dlcourse.webfont import font_face_css

from .course import CourseLayout, gradebook_url
from .findings import KINDS
from .similar import similar_groups
from .store import STATUSES, read_status

STATUS_NAMES = {"graded": "채점됨 (graded)", "timed out": "시간 초과 (timed out)",
                "memory": "메모리 초과 (memory)", "crashed": "실행 실패 (crashed)",
                "malformed": "형식 오류 (malformed)", "tampered": "테스트 변조 (tampered)",
                "": "기록 없음 (no status)"}


def failure_messages(notebook_path):
    """{test cell id: the first line a student saw when it failed} of an autograded notebook;
    cells that passed are absent."""
    failures = {}
    for grade_id, cell in notebooks.test_cells(notebooks.read(notebook_path)):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                text = str(output.get("evalue", "")).strip() or str(output.get("ename", ""))
                failures[grade_id] = text.splitlines()[0] if text else ""
                break
    return failures


def failure_misconceptions(notebook_path):
    """{test cell id: the misconception ids its failure messages name} of an autograded
    notebook; cells that name none are absent."""
    named = {}
    for grade_id, cell in notebooks.test_cells(notebooks.read(notebook_path)):
        ids = misconceptions.named_in("\n".join(
            str(o.get("evalue", "")) for o in cell.get("outputs", [])
            if o.get("output_type") == "error"))
        if ids:
            named[grade_id] = ids
    return named


def collected_students(root, chapter):
    """The students with a submission of ``chapter`` under autograde/submitted/, graded or
    not."""
    submitted = CourseLayout(root).submitted
    return sorted({p.parts[-3] for p in submitted.glob(f"*/{chapter}/*.ipynb")})


def waiting_note(chapter, waiting, graded):
    """One Korean sentence for submissions collected but not graded yet (or "")."""
    if not waiting:
        return ""
    what = "채점된 제출이 없습니다. " if not graded else ""
    return (f"{what}수집했지만 아직 채점하지 않은 제출이 {len(waiting)}건 있습니다: "
            f"<code>make grade CHAPTER={chapter}</code>를 먼저 실행하세요.")


def read_chapter(root, chapter):
    """Everything the report shows about one chapter, as plain Python data."""
    from nbgrader.api import Gradebook, MissingEntry

    root = Path(root)
    data = {"chapter": chapter, "duedate": None, "max_score": 0.0, "tests": [],
            "submissions": [], "waiting": collected_students(root, chapter)}
    with Gradebook(gradebook_url(root)) as gb:
        try:
            assignment = gb.find_assignment(chapter)
        except MissingEntry:
            return data  # nothing synced or graded: everything collected is waiting
        data["duedate"] = assignment.duedate
        data["max_score"] = float(assignment.max_score or 0.0)
        for notebook in assignment.notebooks:
            data["tests"] += [c.name for c in notebook.grade_cells if c.name.endswith("-test")]
        for sub in assignment.submissions:
            grades = {}
            for notebook in sub.notebooks:
                for g in notebook.grades:
                    grades[g.name] = (float(g.score or 0.0), float(g.max_score or 0.0))
            status = read_status(root, chapter, sub.student_id) or {}
            autograded = CourseLayout(root).autograded_notebook(sub.student_id, chapter)
            data["submissions"].append({
                "student": sub.student_id, "score": float(sub.score or 0.0),
                "max_score": float(sub.max_score or 0.0), "timestamp": sub.timestamp,
                "seconds_late": float(sub.total_seconds_late or 0.0), "grades": grades,
                "status": status.get("status", ""), "reason": status.get("reason", ""),
                "findings": status.get("findings", []),
                "failures": failure_messages(autograded) if autograded.exists() else {},
                "misconceptions": (failure_misconceptions(autograded) if autograded.exists()
                                   else {}),
            })
    data["submissions"].sort(key=lambda s: s["student"])
    data["similar"] = similar_groups(root, chapter)
    graded = {s["student"] for s in data["submissions"]}
    data["waiting"] = [student for student in data["waiting"] if student not in graded]
    return data


def summarize(data):
    """Pass rates, status counts and the most frequent failure message per exercise."""
    subs = data["submissions"]
    statuses = collections.Counter(s["status"] for s in subs)
    exercises = collections.OrderedDict()
    for test in data["tests"]:
        passed = sum(1 for s in subs if test in s["grades"] and s["grades"][test][1] > 0
                     and s["grades"][test][0] >= s["grades"][test][1])
        # the message most students saw: the same message (the tests' inputs are fixed, so
        # the same numbers too) usually means the same mistake
        seen = collections.Counter(s["failures"][test] for s in subs
                                   if s["failures"].get(test))
        message, count = seen.most_common(1)[0] if seen else ("", 0)
        named = collections.Counter(m for s in subs for m in s["misconceptions"].get(test, ()))
        exercises[test] = {"exercise": exercise_name(test), "passed": passed, "total": len(subs),
                           "message": message, "message_count": count,
                           "kinds": len(seen), "failed": len(subs) - passed,
                           "misconceptions": sorted(named.items(), key=lambda kv: -kv[1])}
    percents = [100.0 * s["score"] / s["max_score"] for s in subs if s["max_score"] > 0]
    # the chapter's misconceptions by the number of students who showed them (then by how many
    # exercises), for the next lecture
    students = collections.Counter(m for s in subs
                                   for m in {m for ids in s["misconceptions"].values()
                                             for m in ids})
    times = collections.Counter(m for s in subs for ids in s["misconceptions"].values()
                                for m in ids)
    revisit = sorted(students, key=lambda m: (-students[m], -times[m], m))[:3]
    return {"statuses": {k: statuses.get(k, 0) for k in STATUSES}
            | ({"": statuses[""]} if statuses.get("") else {}),
            "exercises": exercises, "percents": percents,
            "late": [s for s in subs if s["seconds_late"] > 0],
            "problems": [s for s in subs if s["status"] != "graded"],
            "findings": [(s["student"], f) for s in subs for f in s["findings"]],
            "revisit": [(m, students[m]) for m in revisit]}


# --- figures --------------------------------------------------------------------------------

def _png(fig):
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def figures(data, summary):
    """Three PNGs (base64): score distribution, pass rate per exercise, status counts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from dlcourse.plotting import use_course_style

    use_course_style()
    n = len(data["submissions"])
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    ax.hist(summary["percents"], bins=np.linspace(0, 100, 11), color="tab:blue",
            edgecolor="white")
    if summary["percents"]:
        mean = float(np.mean(summary["percents"]))
        ax.axvline(mean, color="k", linestyle="--", label=f"평균 {mean:.1f}점")
        ax.legend(loc="upper left")
    ax.set_xlim(0, 100)
    ax.set_xlabel("점수 (만점 = 100)")
    ax.set_ylabel("학생 수")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"점수 분포 ({n}명)")
    scores = _png(fig)

    rows = list(summary["exercises"].values())
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * max(len(rows), 3) + 1.2))
    rates = [100.0 * r["passed"] / r["total"] if r["total"] else 0.0 for r in rows]
    order = np.argsort(rates, kind="stable")[::-1]  # the hardest exercise ends up on top
    labels = [rows[i]["exercise"] for i in order]
    ax.barh(range(len(rows)), [rates[i] for i in order],
            color=[matplotlib.colormaps["RdYlGn"](rates[i] / 100) for i in order])
    for y, i in enumerate(order):
        ax.text(min(rates[i] + 1.5, 88), y, f"{rows[i]['passed']}/{rows[i]['total']}",
                va="center", fontsize=9)
    ax.set_yticks(range(len(rows)), labels, fontsize=9)
    ax.set_xlim(0, 100)
    ax.set_xlabel("통과한 학생의 비율 (%)")
    ax.set_title("연습 문제별 통과율 (위쪽일수록 어려운 문제)")
    ax.grid(axis="y", visible=False)
    passes = _png(fig)

    fig, ax = plt.subplots(figsize=(7.5, 3.0))
    names = list(summary["statuses"])
    counts = [summary["statuses"][k] for k in names]
    ax.barh(range(len(names)), counts,
            color=["tab:green" if k == "graded" else "tab:red" for k in names])
    for y, c in enumerate(counts):
        ax.text(c + 0.1, y, str(c), va="center", fontsize=9)
    ax.set_yticks(range(len(names)), [STATUS_NAMES[k] for k in names], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel("제출 수")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title("채점 상태")
    ax.grid(axis="y", visible=False)
    statuses = _png(fig)
    return {"scores": scores, "passes": passes, "statuses": statuses}


# --- the page -------------------------------------------------------------------------------

_STYLE = """
body { font-family: "Noto Sans KR", "NanumGothic", "Malgun Gothic", "DLCourse Korean", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left;
         vertical-align: top; }
th { background: #f2f4f7; white-space: nowrap; } td.num { text-align: right; }
img { max-width: 100%; display: block; margin: 0.8rem 0; }
.note { color: #555; font-size: 0.9rem; }
dt { font-weight: bold; margin-top: 0.8rem; } dd { margin: 0.2rem 0 0 1rem; }
"""


def _e(value):
    return html.escape(str(value))


def _table(header, rows):
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(
        f'<td class="num">{_e(v)}</td>' if isinstance(v, (int, float)) else f"<td>{_e(v)}</td>"
        for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _misconception_link(m):
    return (f'<a href="#m-{_e(m)}">{_e(misconceptions.get(m).title)}</a>'
            if m in misconceptions.catalogue() else _e(m))


def misconception_section(summary):
    """The chapter's misconceptions: the three to revisit, then every one per exercise."""
    parts = ["<h3>오개념 (misconceptions)</h3>"]
    rows = [(r["exercise"], m, n) for r in summary["exercises"].values()
            for m, n in r["misconceptions"]]
    if not rows:
        return parts[0] + '<p class="note">실패한 테스트가 이름 붙인 오개념이 없습니다.</p>'
    parts.append('<p class="note">실패한 검사가 학생에게 보여 준 오개념(misconception)입니다. 학생 '
                 "수는 그 오개념이 나온 학생의 수이고, 이름을 누르면 설명이 나옵니다.</p>")
    parts.append("<p><b>다음 강의에서 다시 다룰 오개념</b></p><ol>" + "".join(
        f"<li>{_misconception_link(m)}: 학생 {n}명 "
        f"({_e(misconceptions.get(m).where)})</li>" for m, n in summary["revisit"]) + "</ol>")
    head = "".join(f"<th>{_e(h)}</th>" for h in ("연습 문제", "오개념", "학생 수"))
    body = "".join(f'<tr><td>{_e(ex)}</td><td>{_misconception_link(m)}</td>'
                   f'<td class="num">{n}</td></tr>' for ex, m, n in rows)
    parts.append(f"<table><tr>{head}</tr>{body}</table>")
    return "\n".join(parts)


def similar_section(data, summary):
    """Groups of the same answer, and answers that are the library's implementation."""
    parts = ["<h3>비슷한 답 (similar submissions)</h3>",
             '<p class="note">이름, 주석, 줄 바꿈만 다르고 나머지가 같은 답을 연습 문제마다 모았습니다. '
             "판정이 아니라 강사가 살펴볼 목록입니다. 아주 짧은 답은 자연스럽게 같아지므로 비교하지 "
             "않습니다.</p>"]
    groups = data.get("similar", [])
    if groups:
        parts.append(_table(["연습 문제", "학생", "비고"], [
            (exercise_name(g["cell"]), ", ".join(g["students"]),
             "강사 풀이와 같은 모양" if g["solution"] else "-") for g in groups]))
    else:
        parts.append('<p class="note">없음.</p>')
    copies = [(student, f) for student, f in summary["findings"] if f["kind"] == "library-copy"]
    if copies:
        parts.append("<p>과정 라이브러리의 구현과 같은 답 (점수는 그대로):</p>" + _table(
            ["학생", "셀", "내용"], [(student, f.get("cell") or "-", f.get("detail") or "-")
                                   for student, f in copies]))
    return "\n".join(parts)


def misconception_glossary(summaries):
    """The explanations of every misconception the page names, each with its anchor."""
    named = sorted({m for summary in summaries for r in summary["exercises"].values()
                    for m, _ in r["misconceptions"] if m in misconceptions.catalogue()})
    if not named:
        return ""
    items = "".join(f'<dt id="m-{_e(m)}">{_e(misconceptions.get(m).title)} '
                    f"<code>{_e(m)}</code></dt><dd>{_e(misconceptions.get(m).explain)} "
                    f"({_e(misconceptions.get(m).where)})</dd>" for m in named)
    return f'<h2 id="misconceptions">오개념 설명</h2><dl>{items}</dl>'


def _late_text(seconds):
    minutes = seconds / 60
    return f"{minutes:.0f}분" if minutes < 120 else f"{minutes / 60:.1f}시간"


def chapter_section(data, summary, pngs):
    subs = data["submissions"]
    parts = [f'<h2 id="{_e(data["chapter"])}">{_e(data["chapter"])}</h2>']
    waiting = waiting_note(data["chapter"], data["waiting"], subs)
    if not subs:
        return parts[0] + f'<p class="note">{waiting or "채점된 제출이 없습니다. 수집된 제출도 없습니다."}</p>'
    percents = summary["percents"]
    mean = sum(percents) / len(percents) if percents else 0.0
    parts.append(f"<p>제출 {len(subs)}건, 만점 {data['max_score']:g}점, 평균 {mean:.1f}점 "
                 f"(100점 만점), 채점 상태가 graded가 아닌 제출 {len(summary['problems'])}건, "
                 f"마감 뒤 제출 {len(summary['late'])}건.</p>")
    if waiting:
        parts.append(f'<p class="note">{waiting}</p>')
    parts.append(f'<img alt="점수 분포" src="data:image/png;base64,{pngs["scores"]}">')
    parts.append(f'<img alt="연습 문제별 통과율" src="data:image/png;base64,{pngs["passes"]}">')
    parts.append("<h3>연습 문제별로 가장 많이 나온 실패 메시지</h3>"
                 '<p class="note">테스트 셀마다 학생이 본 실패 메시지 가운데 가장 많은 것과 그 '
                 "학생 수, 그리고 서로 다른 메시지의 가짓수입니다. 테스트의 입력은 모두 같으므로 "
                 "같은 메시지는 대개 같은 실수입니다.</p>")
    rows = [(r["exercise"], f"{r['passed']}/{r['total']}",
             r["message"] or ("-" if not r["failed"] else "(메시지 없음: 실행되지 않은 제출)"),
             r["message_count"], r["kinds"]) for r in summary["exercises"].values()]
    parts.append(_table(["연습 문제", "통과", "가장 흔한 실패 메시지", "학생 수", "메시지 가짓수"],
                        rows))
    parts.append(misconception_section(summary))
    parts.append(similar_section(data, summary))
    parts.append(f'<img alt="채점 상태" src="data:image/png;base64,{pngs["statuses"]}">')
    parts.append("<h3>채점 상태가 graded가 아닌 제출</h3>")
    if summary["problems"]:
        parts.append(_table(["학생", "상태", "이유", "점수"],
                            [(s["student"], STATUS_NAMES.get(s["status"], s["status"]),
                              s["reason"] or "-", s["score"]) for s in summary["problems"]]))
    else:
        parts.append('<p class="note">없음: 모든 제출이 정상적으로 채점되었습니다.</p>')
    parts.append("<h3>채점 중 발견된 점 (findings)</h3>")
    if summary["findings"]:
        parts.append('<p class="note">채점 과정이 제출에서 알아챈 것입니다. 조작 시도와 그 때문에 '
                     "0점이 된 테스트만 점수에 영향을 주고, 나머지는 강사가 살펴볼 참고 사항입니다."
                     "</p>")
        parts.append(_table(["학생", "종류", "셀", "내용"],
                            [(student, KINDS[f["kind"]].korean if f["kind"] in KINDS
                              else f["kind"], f.get("cell") or "-", f.get("detail") or "-")
                             for student, f in summary["findings"]]))
    else:
        parts.append('<p class="note">없음.</p>')
    parts.append("<h3>마감 뒤 제출 (late)</h3>")
    if data["duedate"] is None:
        parts.append('<p class="note">이 장에는 마감 시각(duedate)이 없습니다: '
                     "<code>nbgrader db assignment add CHAPTER --duedate=...</code>로 "
                     "정하면 늦은 제출이 여기에 나옵니다.</p>")
    elif summary["late"]:
        parts.append(f'<p class="note">마감: {_e(data["duedate"])}</p>')
        parts.append(_table(["학생", "제출 시각", "늦은 시간", "점수"],
                            [(s["student"], s["timestamp"], _late_text(s["seconds_late"]),
                              s["score"]) for s in summary["late"]]))
    else:
        parts.append(f'<p class="note">마감 {_e(data["duedate"])}: 늦은 제출이 없습니다.</p>')
    return "\n".join(parts)


def render(sections, title, overview=None):
    """The page; the Korean glyphs it uses travel inside it (no system font needed)."""
    body = f"<h1>{_e(title)}</h1>" + (overview or "") + "\n".join(sections)
    head = (f'<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">'
            f"<title>{_e(title)}</title><style>{font_face_css(title + body)}\n{_STYLE}"
            "</style></head><body>")
    return head + body + "</body></html>\n"


def write_report(root, chapters):
    """Write the report for ``chapters``; returns its path and the data it shows."""
    root = Path(root)
    datas, sections, overview_rows = [], [], []
    for chapter in chapters:
        data = read_chapter(root, chapter)
        if len(chapters) > 1 and not data["submissions"] and not data["waiting"]:
            continue
        summary = summarize(data)
        sections.append(chapter_section(data, summary, figures(data, summary)
                                        if data["submissions"] else None))
        percents = summary["percents"]
        overview_rows.append((chapter, len(data["submissions"]),
                              round(sum(percents) / len(percents), 1) if percents else "-",
                              len(summary["problems"]), len(summary["late"]),
                              len(data["waiting"])))
        datas.append((data, summary))
    sections.append(misconception_glossary([summary for _, summary in datas]))
    layout = CourseLayout(root)
    layout.reports.mkdir(parents=True, exist_ok=True)
    if len(chapters) == 1:
        path = layout.report(chapters[0])
        page = render(sections, f"학급 보고서: {chapters[0]}")
    else:
        path = layout.report()
        overview = ("<p>장마다 제출 수, 평균 점수 (100점 만점), graded가 아닌 제출, 늦은 제출입니다."
                    " 수집된 제출이 없는 장은 빠집니다.</p>"
                    + _table(["장", "제출", "평균", "graded 아님", "늦은 제출", "채점 대기"],
                             overview_rows))
        page = render(sections, "학급 보고서: 과정 전체", overview)
    path.write_text(page, encoding="utf-8")
    summary_json = {data["chapter"]: {
        "submissions": len(data["submissions"]),
        "waiting": data["waiting"],
        "statuses": summary["statuses"],
        "pass_rates": {r["exercise"]: [r["passed"], r["total"]]
                       for r in summary["exercises"].values()},
        "late": [s["student"] for s in summary["late"]],
        "findings": [dict(f, student=student) for student, f in summary["findings"]],
        "misconceptions": {r["exercise"]: dict(r["misconceptions"])
                           for r in summary["exercises"].values() if r["misconceptions"]},
        "revisit": [m for m, _ in summary["revisit"]],
        "similar": data.get("similar", [])}
        for data, summary in datas}
    (path.with_suffix(".json")).write_text(json.dumps(summary_json, ensure_ascii=False,
                                                      indent=1), encoding="utf-8")
    return path, datas

"""What grading noticed about a submission, as records.

Every grading step that notices something (the scan, the restore of read-only cells, the search
for copies of the library, the clean process) adds a :class:`Finding`; the worker's
:class:`~dlgrade.worker.Result` carries them, the status file stores them, ``grades.csv`` gets
a ``findings`` column (:func:`csv_text`) and the class report a table of them. The one text
that joins them for a person is :func:`reason_text`, used for the status file's ``reason``.

Whether a finding costs points is a property of its kind (:data:`KINDS`), not of its wording:
``tampering`` makes the submission's status "tampered" and ``tests-zeroed`` names the test cells
that scored 0 for it; every other kind is for the instructor to read, points unchanged.
"""
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    costs_points: bool
    lead: str  # how reason_text introduces findings of this kind
    korean: str  # the class report's name for it
    grouped: bool = True  # one line for every cell of this kind ("lead: a, b")


KINDS = {k.name: k for k in (
    Kind("tampering", True, "suspicious code in answer cells", "채점 조작 시도 (tampering)",
         grouped=False),
    Kind("tests-zeroed", True, "tests set to 0", "0점 처리된 테스트"),
    Kind("duplicate-id", False, "duplicated cell ids made ordinary cells",
         "셀 ID 중복 (복사한 셀은 일반 셀로 채점)"),
    Kind("restored", False, "changed read-only or test cells restored (graded as released)",
         "바뀐 읽기 전용/테스트 셀 (배포본으로 되돌려 채점)"),
    Kind("added-back", False, "deleted cells added back (graded as released)",
         "지운 셀 (배포본으로 되살려 채점)"),
    Kind("instructor-copy", False, "test cells that were the instructor's own, hidden tests "
         "included (a copy of the solution notebook), restored to the released ones, which is "
         "no tampering", "강사용 테스트 셀 사본 (배포본으로 되돌림, 조작 아님)"),
    Kind("clean-restart", False, "", "테스트 프로세스 재시작", grouped=False),
    Kind("library-copy", False, "", "라이브러리 구현을 베낀 답 (점수는 그대로)", grouped=False),
)}


@dataclass(frozen=True)
class Finding:
    """One thing grading noticed.

    kind: a key of :data:`KINDS`; cell: the cell's nbgrader id, ``"new cell"`` for a cell the
    student added, or ``""`` when the finding is about the whole submission; detail: what was
    seen, in English (may be empty for a grouped kind, whose lead says it).
    """

    kind: str
    cell: str
    detail: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of finding: {self.kind!r}")

    def __str__(self):
        return f"{self.cell}: {self.detail}" if self.cell else self.detail

    @property
    def costs_points(self):
        return KINDS[self.kind].costs_points

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, record):
        return cls(record["kind"], record.get("cell", ""), record.get("detail", ""))


MAX_LISTED = 8  # tampering findings spelled out in the reason (all are in the records)


def _lines(findings):
    by_kind = {}
    for f in findings:
        by_kind.setdefault(f.kind, []).append(f)
    lines = []
    for name, kind in KINDS.items():
        found = by_kind.get(name, [])
        if not found:
            continue
        if name == "tampering":
            lines.append(f"{kind.lead}: " + "; ".join(map(str, found[:MAX_LISTED])))
        elif name == "tests-zeroed":
            lines.append(f"{kind.lead}: " + ", ".join(f"{f.cell} scored 0 ({f.detail})"
                                                      for f in found))
        elif kind.grouped:
            lines.append(f"{kind.lead}: " + ", ".join(
                f"{f.cell} ({f.detail})" if f.detail else f.cell for f in found))
        elif name == "library-copy":
            lines += [f"{f} (for the instructor to look at; points unchanged)" for f in found]
        else:
            lines += [str(f) for f in found]
    return lines


def reason_text(reason, findings):
    """The status file's ``reason``: how grading ended (``reason``, may be empty), then what
    costs points, then the notes for the instructor, joined by ``"; "``."""
    costly = _lines([f for f in findings if f.costs_points])
    notes = _lines([f for f in findings if not f.costs_points])
    return "; ".join(part for part in [reason, *costly, *notes] if part)


def csv_text(records):
    """A ``grades.csv`` cell for a status file's findings: ``kind@cell`` joined by ``"; "``
    (``kind`` alone for a finding about the whole submission)."""
    return "; ".join(f"{r['kind']}@{r['cell']}" if r.get("cell") else r["kind"]
                     for r in records)


__all__ = ["Finding", "KINDS", "reason_text", "csv_text"]

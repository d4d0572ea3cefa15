"""Findings are records: kinds decide points, one function writes the reason from them."""
import pytest

from dlgrade.findings import KINDS, Finding, csv_text, reason_text


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        Finding("suspicious", "cell")


def test_only_tampering_and_the_tests_it_zeroes_cost_points():
    assert {name for name, kind in KINDS.items() if kind.costs_points} == {
        "tampering", "tests-zeroed"}


def test_every_kind_has_a_korean_name_for_the_report():
    for kind in KINDS.values():
        assert any("가" <= ch <= "힣" for ch in kind.korean), kind


def test_the_reason_puts_what_costs_points_first_and_groups_cells_of_a_kind():
    findings = [Finding("restored", "relu-test"), Finding("restored", "setup"),
                Finding("tampering", "relu", "assigns ref.relu (patches-module)"),
                Finding("tests-zeroed", "relu-test", "uses relu"),
                Finding("clean-restart", "", "the clean test process was restarted 1 time(s)"),
                Finding("library-copy", "sigmoid", "sigmoid is the course library's")]
    assert reason_text("", findings) == "; ".join([
        "suspicious code in answer cells: relu: assigns ref.relu (patches-module)",
        "tests set to 0: relu-test scored 0 (uses relu)",
        "changed read-only or test cells restored (graded as released): relu-test, setup",
        "the clean test process was restarted 1 time(s)",
        "sigmoid: sigmoid is the course library's (for the instructor to look at; points "
        "unchanged)"])


def test_how_grading_ended_comes_before_the_findings():
    text = reason_text("a cell ran over 10 s", [Finding("added-back", "step-test")])
    assert text == ("a cell ran over 10 s; deleted cells added back (graded as released): "
                    "step-test")
    assert reason_text("", []) == "" and reason_text("over 600 s", []) == "over 600 s"


def test_a_long_list_of_tampering_is_cut_in_the_reason_but_kept_in_the_records():
    findings = [Finding("tampering", f"cell{i}", "exec (exec)") for i in range(12)]
    text = reason_text("", findings)
    assert "cell7" in text and "cell8" not in text
    assert csv_text([f.as_dict() for f in findings]).count("tampering@") == 12


def test_records_round_trip_and_read_as_kind_at_cell_in_the_csv():
    findings = [Finding("tampering", "relu", "exec (exec)"),
                Finding("clean-restart", "", "restarted")]
    records = [f.as_dict() for f in findings]
    assert [Finding.from_dict(r) for r in records] == findings
    assert csv_text(records) == "tampering@relu; clean-restart"
    assert csv_text([]) == ""

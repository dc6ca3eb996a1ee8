"""The roster a teacher hands a coach: pseudonyms only (set ones, else Student A, B, …), consents kept,
no names or notes; the coach imports it as any roster and observes the class by pseudonym."""

import csv
import io
import json
from dataclasses import replace

from portfolio_app.core.roster_csv import parse_roster
from portfolio_app.services.coach_roster import export_coach_roster
from portfolio_app.services.library import open_library
from portfolio_app.services.names import set_student_names
from portfolio_app.services.observations import new_observation, seating
from portfolio_app.services.roster import add_student, create_class, edit_student, get_roster, import_roster


def test_the_coach_gets_pseudonyms_and_consents_and_observes_by_them(library, tmp_path, run):
    group = create_class(library, "7B").value
    maya = add_student(library, group.id, "Maya Lopez").value
    add_student(library, group.id, "Leo Chen")
    set_student_names(library, maya.id, "Star", ["Maya Lopez"])
    roster_uc_students = get_roster(library, group.id).students
    leo = next(s for s in roster_uc_students if s.name == "Leo Chen")
    edit_student(library, replace(leo, video=True, note="Leo's mum: no photos"))
    written = export_coach_roster(library, "7B", tmp_path)
    data = written.path.read_bytes()
    assert written.path.name == "7B (for the coach).csv" and written.students == 2
    assert b"Maya" not in data and b"Leo" not in data and b"mum" not in data
    rows = {r.name: (r.video, r.photo, r.audio) for r in parse_roster(data, written.path.name)}
    leo_letter = "Student A" if roster_uc_students[0].name == "Leo Chen" else "Student B"
    assert rows == {"Star": (False, False, False), leo_letter: (True, False, False)}

    coach = open_library(tmp_path / "coach")  # the coach's own library
    try:
        import_roster(coach, "7B", written.path)
        obs = new_observation(coach, "coaching-cycle", "Period 3", class_name="7B").value
        assert sorted(s.name for s in seating(coach, obs.id)) == sorted(rows)
    finally:
        coach.close()

    code, out, err = run("roster", "export-for-coach", "7B", "-o", str(tmp_path / "cli.csv"), "--json")
    assert code == 0, err
    assert json.loads(out)["students"] == 2
    assert [r["name"] for r in csv.DictReader(io.StringIO((tmp_path / "cli.csv").read_text()))] == [
        r.name for r in parse_roster(data, "x")
    ]

"""The consent roster: classes, students and consents, CSV imports (all or nothing), each change
undoable; checked in a real library."""

import sqlite3
from dataclasses import replace

import pytest

from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.roster import Consent
from portfolio_app.core.roster_csv import RosterFileError
from portfolio_app.services import roster as uc
from portfolio_app.services.appearances import set_portfolio_class, set_students
from portfolio_app.services.evidence import get_evidence, import_files
from portfolio_app.services.portfolios import create_portfolio, get_portfolio
from tests import mediagen as gen

ROSTER = "name,video,photo,audio,note\nMaya,yes,yes,yes,\nSam,no,yes,no,photos only\nZoe,no,no,no,\n"


def _write(tmp_path, text: str, name: str = "roster.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _names(library, class_id):
    return [(s.name, s.video, s.photo, s.audio, s.note) for s in uc.get_roster(library, class_id).students]


def _tables(library):
    return {t: library.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("classes", "students")}


def test_import_creates_the_class_and_counts(library, tmp_path):
    result = uc.import_roster(library, "Grade 7 science", _write(tmp_path, ROSTER)).value
    assert result.created_class and len(result.added) == 3 and result.updated == ()
    assert result.group.name == "Grade 7 science"
    assert _names(library, "grade 7 SCIENCE") == [  # classes are found by name without regard to case
        ("Maya", True, True, True, ""),
        ("Sam", False, True, False, "photos only"),
        ("Zoe", False, False, False, ""),
    ]
    [summary] = uc.list_classes(library)
    assert (summary.group.id, summary.student_count) == (result.group.id, 3)


def test_import_a_bom_and_semicolon_file_from_a_european_spreadsheet(library, tmp_path):
    text = "\ufeffname;video;photo;audio\r\nJosé;x;1;0\r\n"
    result = uc.import_roster(library, "6B", _write(tmp_path, text)).value
    assert [(s.name, s.video, s.photo, s.audio) for s in result.added] == [("José", True, True, False)]


def test_reimport_updates_consents_of_students_already_there(library, tmp_path):
    first = uc.import_roster(library, "7A", _write(tmp_path, ROSTER)).value
    changed = "name,video,photo,audio\nmaya,yes,yes,yes\nSAM,yes,yes,no\nLi,no,no,yes\n"
    result = uc.import_roster(library, "7A", _write(tmp_path, changed, "update.csv")).value
    assert not result.created_class and result.group == first.group
    assert [s.name for s in result.added] == ["Li"]
    [(before, after)] = [u for u in result.updated if u[0].name == "Sam"]
    assert (before.video, after.video, after.id) == (False, True, before.id)
    assert [b.name for b, _ in result.updated] == ["Maya", "Sam"]  # Maya's spelling and note change
    assert ("SAM", True, True, False, "") in _names(library, "7A")
    assert len(_names(library, "7A")) == 4  # Zoe, absent from the update, stays

    uc.undo_import(library, result)
    assert _names(library, "7A") == _names_from(first)
    uc.redo_import(library, result)
    assert len(_names(library, "7A")) == 4


def _names_from(result):
    return [(s.name, s.video, s.photo, s.audio, s.note) for s in sorted(result.added, key=lambda s: s.name)]


@pytest.mark.parametrize(
    "text,problem",
    [
        (ROSTER + "Li,maybe,yes,yes,\n", 'roster.csv row 5, column "video": "maybe" is not yes or no'),
        (ROSTER + "sam,yes,yes,yes,\n", 'roster.csv row 5, column "name": "sam" is already on row 3'),
        (ROSTER + ",yes,yes,yes,\n", 'roster.csv row 5, column "name": the name is empty'),
        ("Maya,yes,yes,yes\n", "roster.csv has no header row"),
    ],
)
def test_a_bad_file_imports_nothing_at_all(library, tmp_path, text, problem):
    uc.import_roster(library, "7A", _write(tmp_path, "name,video,photo,audio\nSam,no,no,no\n"))
    before = _names(library, "7A")
    for class_name in ("7A", "New class"):
        with pytest.raises(RosterFileError) as caught:
            uc.import_roster(library, class_name, _write(tmp_path, text))
        assert problem in str(caught.value)
    assert _names(library, "7A") == before  # Sam's consents were not touched
    assert _tables(library) == {"classes": 1, "students": 1}  # and "New class" was not made


def test_a_failure_while_writing_rolls_the_whole_import_back(library, tmp_path, monkeypatch):
    from portfolio_app.storage import roster as stored

    real = stored.insert_student
    calls = []

    def fail_on_third(db, student, now):
        calls.append(student.name)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        real(db, student, now)

    monkeypatch.setattr(stored, "insert_student", fail_on_third)
    with pytest.raises(sqlite3.OperationalError):
        uc.import_roster(library, "7A", _write(tmp_path, ROSTER))
    assert _tables(library) == {"classes": 0, "students": 0}


def test_an_unreadable_file_is_named(library, tmp_path):
    with pytest.raises(InvalidInputError, match="missing.csv cannot be read"):
        uc.import_roster(library, "7A", tmp_path / "missing.csv")


def test_classes_are_made_renamed_and_deleted_with_undo(library, tmp_path):
    group = uc.create_class(library, "  Period   3 ").value
    assert group.name == "Period 3"
    with pytest.raises(InvalidInputError, match="already a class called “Period 3”"):
        uc.create_class(library, "period 3")
    with pytest.raises(InvalidInputError, match="needs a name"):
        uc.create_class(library, "   ")
    before = uc.rename_class(library, group.id, "Period 4").value
    assert before.name == "Period 3" and uc.find_class(library, group.id).name == "Period 4"
    with pytest.raises(NotFoundError, match="no class “Period 3”. The classes are: “Period 4”"):
        uc.find_class(library, "Period 3")

    maya = uc.add_student(library, group.id, "Maya", video=True).value
    evidence = _photo(library, tmp_path)
    portfolio = get_portfolio(library, evidence.portfolio_id)
    set_portfolio_class(library, portfolio.id, group.id)
    set_students(library, evidence.id, True, [maya.id])

    removed = uc.delete_class(library, group.id)
    assert removed.changes.roster and removed.changes.portfolios
    assert uc.list_classes(library) == [] and get_portfolio(library, portfolio.id).class_id is None
    assert library.db.execute("SELECT count(*) FROM evidence_students").fetchone()[0] == 0

    uc.restore_class(library, removed.value)
    assert get_portfolio(library, portfolio.id).class_id == group.id
    assert uc.get_roster(library, group.id).students == (maya,)
    rows = library.db.execute("SELECT evidence_id, student_id FROM evidence_students").fetchall()
    assert rows == [(evidence.id, maya.id)]


def test_students_are_added_edited_and_removed_with_undo(library, tmp_path):
    group = uc.create_class(library, "7A").value
    maya = uc.add_student(library, group.id, " Maya ", photo=True, note="  left  early ").value
    assert (maya.name, maya.photo, maya.video, maya.note) == ("Maya", True, False, "left early")
    with pytest.raises(InvalidInputError, match="“Maya” is already on this roster"):
        uc.add_student(library, group.id, "MAYA")
    with pytest.raises(InvalidInputError, match="first name or a pseudonym"):
        uc.add_student(library, group.id, " ")

    before = uc.set_consent(library, maya.id, Consent.VIDEO, True).value
    assert before == maya and uc.get_student(library, maya.id).video
    edited = uc.get_student(library, maya.id)
    assert uc.edit_student(library, replace(edited, name="Maia", audio=True)).value == edited
    assert _names(library, group.id) == [("Maia", True, True, True, "left early")]
    uc.edit_student(library, edited)  # undo
    assert _names(library, group.id) == [("Maya", True, True, False, "left early")]

    evidence = _photo(library, tmp_path)
    set_students(library, evidence.id, True, [maya.id])
    removed = uc.remove_student(library, maya.id).value
    assert removed.links == ((evidence.id, maya.id),)
    assert _names(library, group.id) == []
    uc.restore_student(library, removed)
    assert library.db.execute("SELECT student_id FROM evidence_students").fetchall() == [(maya.id,)]


def test_the_same_name_may_be_in_two_classes(library):
    a, b = uc.create_class(library, "7A").value, uc.create_class(library, "7B").value
    uc.add_student(library, a.id, "Maya")
    uc.add_student(library, b.id, "Maya")
    assert [c.student_count for c in uc.list_classes(library)] == [1, 1]


def _photo(library, tmp_path):
    portfolio = create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7").value
    [evidence] = import_files(library, portfolio.id, [gen.make_jpeg(tmp_path / "work.jpg")]).value.imported
    return get_evidence(library, evidence.id)

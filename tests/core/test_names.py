"""The names rule: whole words, accents, possessives, capitalised in running text, any case in titles."""

from __future__ import annotations

from portfolio_app.core.names import NameToFind, find_names, replace_names, student_letter

NAMES = [
    NameToFind("Maya", "m", "Maya", "Student A"),
    NameToFind("Zoë", "z", "Zoë", "Student B"),
    NameToFind("Will", "w", "Will", "Student C"),
    NameToFind("May", "y", "May", "Student D"),
    NameToFind("Maya Rossi", "m", "Maya", "Student A"),
]


def found(text: str, **options) -> list[str]:
    return [h.found for h in find_names(text, NAMES, **options)]


def test_whole_words_and_possessives():
    assert found("Maya's idea; Mayan ruins; Mayas; Maya.") == ["Maya", "Maya"]
    assert replace_names("Maya's idea", find_names("Maya's idea", NAMES)) == "Student A's idea"


def test_accents_do_not_hide_a_name():
    assert found("Zoe and ZOË and Zoë’s") == ["Zoe", "ZOË", "Zoë"]


def test_running_text_counts_only_capitalised_names():
    assert found("Students will say what they may know; Will may read, May will not.") == ["Will", "May"]


def test_titles_and_file_names_count_any_case():
    assert found("exit-ticket-maya_2", any_case=True) == ["maya"]
    assert found("exit-ticket-maya", any_case=False) == []
    assert found("maya_rossi-draft", any_case=True) == ["maya_rossi"]  # the full name, not "maya" alone


def test_the_teachers_name_is_not_a_finding():
    teacher = [NameToFind("Ana", "a", "Ana", "Student E"), *NAMES]
    assert [h.found for h in find_names("Ana Ortiz and Ms. Ortiz with Ana", teacher, teacher="Ana Ortiz")] == []
    assert [h.found for h in find_names("Maya Ortiz", teacher, teacher="Ana Ortiz")] == ["Maya"]


def test_student_letters():
    assert [student_letter(n) for n in (0, 1, 25, 26)] == ["Student A", "Student B", "Student Z", "Student AA"]


def test_hyphenated_names_match_in_every_spelling():
    names = [NameToFind("Mary-Jo", "j", "Mary-Jo", "Student F")]
    assert [h.found for h in find_names("mary_jo.jpg and Mary Jo", names, any_case=True)] == ["mary_jo", "Mary Jo"]
    assert [h.found for h in find_names("Mary-Jo's idea, mary-jo", names)] == ["Mary-Jo"]


def test_may_name_rules_out_text_without_a_first_name_and_remembers_it():
    from portfolio_app.core.names import may_name

    assert may_name("exit-ticket-maya", NAMES, any_case=True)
    assert may_name("Zoe asked why", NAMES)  # accents folded, as find_names folds them
    assert not may_name("Wait time after the question", NAMES)
    assert not may_name("anything at all", [])
    for _ in range(2):  # the second answer comes from memory, and is the same
        assert may_name("Maya Rossi's poster", NAMES) and found("Maya Rossi's poster") == ["Maya Rossi"]
        assert not may_name("Sorting by misconception", NAMES) and found("Sorting by misconception") == []


def test_name_filter_answers_as_may_name_does():
    from portfolio_app.core.names import may_name, name_filter

    check = name_filter(NAMES, "Ana Ortiz")
    texts = ["exit-ticket-maya", "Zoe asked why", "Wait time", "Ana explained", "", "maya rossi"]
    for _ in range(2):
        for text in texts:
            for any_case in (False, True):
                assert check(text, any_case) == may_name(text, NAMES, any_case=any_case, teacher="Ana Ortiz")
    assert not name_filter([])("Maya", True)

import pytest

from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.services import portfolios as uc
from portfolio_app.services.library import open_library
from portfolio_app.services.profile import get_profile, save_profile


def test_create_list_and_reopen(library, data_dir):
    created = uc.create_portfolio(library, "formative-assessment-exit-tickets", "  Grade 7   science  ").value
    assert created.title == "Grade 7 science" and created.credential_version == "1.0"
    assert created.status == "draft" and created.attempt == 1
    library.close()
    reopened = open_library(data_dir)
    try:
        [summary] = uc.list_portfolios(reopened)
        assert summary.portfolio == created
        assert summary.credential_title == "Formative Assessment with Exit Tickets"
        assert (summary.evidence_count, summary.tag_count) == (0, 0)
    finally:
        reopened.close()


def test_list_groups_by_credential_title(library):
    for credential_id, title in [
        ("structured-student-discourse", "B"),
        ("formative-assessment-exit-tickets", "A"),
        ("structured-student-discourse", "C"),
    ]:
        uc.create_portfolio(library, credential_id, title)
    groups = [s.credential_title for s in uc.list_portfolios(library)]
    assert groups == sorted(groups)


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_bad_titles_are_refused(library, title):
    with pytest.raises(InvalidInputError):
        uc.create_portfolio(library, "structured-student-discourse", title)
    assert uc.list_portfolios(library) == []


def test_rename(library):
    p = uc.create_portfolio(library, "structured-student-discourse", "Old").value
    assert uc.rename_portfolio(library, p.id, "New").value.title == "New"
    with pytest.raises(InvalidInputError):
        uc.rename_portfolio(library, p.id, " ")
    assert uc.get_portfolio(library, p.id).title == "New"


def test_delete_moves_to_trash_and_restore_brings_it_back_unchanged(library):
    p = uc.create_portfolio(library, "structured-student-discourse", "Keep me").value
    uc.delete_portfolio(library, p.id)
    assert uc.list_portfolios(library) == []
    assert [s.portfolio.id for s in uc.list_portfolios(library, deleted=True)] == [p.id]
    with pytest.raises(NotFoundError):
        uc.get_portfolio(library, p.id)
    uc.restore_portfolio(library, p.id)
    assert uc.get_portfolio(library, p.id) == p


def test_purge_only_from_the_trash(library):
    p = uc.create_portfolio(library, "structured-student-discourse", "Gone").value
    with pytest.raises(NotFoundError, match="in the trash"):
        uc.purge_portfolio(library, p.id)
    uc.delete_portfolio(library, p.id)
    uc.purge_portfolio(library, p.id)
    assert uc.list_portfolios(library, deleted=True) == []


def test_ids_can_be_shortened_to_an_unambiguous_prefix(library):
    p = uc.create_portfolio(library, "structured-student-discourse", "Short").value
    assert uc.get_portfolio(library, p.id[:5]).id == p.id
    with pytest.raises(NotFoundError, match="portfolio list"):
        uc.get_portfolio(library, "zzz")  # too short to be a prefix


def test_ambiguous_prefix_is_refused(library):
    for n in range(40):  # enough ids that some share a first letter
        uc.create_portfolio(library, "structured-student-discourse", f"P{n}")
    ids = [s.portfolio.id for s in uc.list_portfolios(library)]
    library.db.execute("UPDATE portfolios SET id = 'abcd' || id WHERE id IN (?, ?)", ids[:2])
    with pytest.raises(NotFoundError, match="More than one"):
        uc.get_portfolio(library, "abcd")


def test_resubmission_keeps_the_credential_version_and_counts_attempts(library, catalog_dir, tmp_path):
    import json

    from portfolio_app.services.catalog import import_credential

    first = uc.create_portfolio(library, "questioning-to-deepen-thinking", "First try").value
    data = json.loads((catalog_dir / "questioning-to-deepen-thinking.json").read_text())
    data["version"] = "2.0"
    (tmp_path / "v2.json").write_text(json.dumps(data))
    import_credential(library, tmp_path / "v2.json")
    second = uc.create_portfolio(library, "ignored", "Second try", resubmits=first.id).value
    assert (second.credential_id, second.credential_version) == (first.credential_id, "1.0")
    assert second.resubmits == first.id and second.attempt == 2
    assert uc.create_portfolio(library, first.credential_id, "Fresh").value.credential_version == "2.0"


def test_profile(library):
    assert get_profile(library) is None
    save_profile(library, " Maria Alvarez ", "malvarez@district.org")
    assert get_profile(library).name == "Maria Alvarez"
    with pytest.raises(InvalidInputError, match="email"):
        save_profile(library, "Maria", "not-an-email")
    with pytest.raises(InvalidInputError, match="name"):
        save_profile(library, "  ", "m@d.org")
    assert get_profile(library).email == "malvarez@district.org"


def test_list_library_splits_active_and_trash_in_one_read(library):
    keep = uc.create_portfolio(library, "structured-student-discourse", "Keep").value
    gone = uc.create_portfolio(library, "structured-student-discourse", "Gone").value
    uc.delete_portfolio(library, gone.id)
    active, trash = uc.list_library(library)
    assert [s.portfolio.id for s in active] == [keep.id]
    assert [s.portfolio.id for s in trash] == [gone.id] and trash[0].portfolio.deleted_at


def test_the_library_holds_work_while_a_portfolio_is_outside_the_trash(library):
    assert not uc.has_portfolios(library)
    p = uc.create_portfolio(library, "structured-student-discourse", "Lesson").value
    assert uc.has_portfolios(library)
    uc.delete_portfolio(library, p.id)
    assert not uc.has_portfolios(library)  # the trash alone is no work to back up
    uc.restore_portfolio(library, p.id)
    assert uc.has_portfolios(library)

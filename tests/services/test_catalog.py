import json
import shutil

import pytest

from portfolio_app.core.errors import DefinitionError, NotFoundError
from portfolio_app.services.catalog import (
    get_credential,
    import_credential,
    list_credentials,
    list_stacks,
    sync_bundled_catalog,
)
from portfolio_app.services.portfolios import create_portfolio


def _definition(catalog_dir, name="questioning-to-deepen-thinking.json") -> dict:
    return json.loads((catalog_dir / name).read_text(encoding="utf-8"))


def _write(tmp_path, data, name="custom.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_new_library_holds_the_bundled_catalog_and_stacks(library):
    entries = list_credentials(library)
    assert [e.credential.title for e in entries] == sorted(e.credential.title for e in entries)
    assert {e.credential.id for e in entries} == {
        "questioning-to-deepen-thinking",
        "formative-assessment-exit-tickets",
        "structured-student-discourse",
    }
    assert all(e.source == "bundled" and e.portfolio_count == 0 for e in entries)
    assert "responsive-instruction" in list_stacks(library)


def test_sync_is_idempotent(library):
    assert not sync_bundled_catalog(library)


def test_changed_bundled_file_is_picked_up_on_next_sync(library, catalog_dir, tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(catalog_dir, folder)
    data = _definition(folder)
    data["title"] = "Questioning, revised wording"
    _write(folder, data, "questioning-to-deepen-thinking.json")
    assert sync_bundled_catalog(library, folder).credentials
    assert get_credential(library, "questioning-to-deepen-thinking").title == "Questioning, revised wording"


def test_import_adds_a_new_version_and_keeps_the_old_one(library, catalog_dir, tmp_path):
    data = _definition(catalog_dir)
    data["version"], data["title"] = "1.10", "Questioning (revised)"
    outcome = import_credential(library, _write(tmp_path, data))
    assert outcome.changes.credentials
    assert get_credential(library, data["id"]).version == "1.10"  # 1.10 is newer than 1.0
    assert get_credential(library, data["id"], "1.0").title == "Questioning to Deepen Thinking"
    entry = next(e for e in list_credentials(library) if e.credential.id == data["id"])
    assert entry.versions == ("1.0", "1.10") and entry.source == "imported"


def test_importing_the_same_file_twice_changes_nothing(library, catalog_dir, tmp_path):
    data = _definition(catalog_dir)
    data["id"] = "questioning-copy"
    path = _write(tmp_path, data)
    assert import_credential(library, path).changes
    assert not import_credential(library, path).changes


def test_same_version_with_different_content_is_refused(library, catalog_dir, tmp_path):
    data = _definition(catalog_dir)
    data["summary"] = "Changed without a new version."
    with pytest.raises(DefinitionError, match="custom.json at version: .*new version number"):
        import_credential(library, _write(tmp_path, data))
    assert get_credential(library, data["id"]).summary != data["summary"]


def test_version_spelled_differently_but_equal_is_refused(library, catalog_dir, tmp_path):
    data = _definition(catalog_dir)
    data["version"] = "01.0"
    with pytest.raises(DefinitionError, match="same version"):
        import_credential(library, _write(tmp_path, data))


def test_broken_definition_names_file_and_field_and_imports_nothing(library, catalog_dir, tmp_path):
    data = _definition(catalog_dir)
    data["id"] = "brand-new"
    data["rubric"]["criteria"][3]["levels"][1]["descriptor"] = ""
    with pytest.raises(DefinitionError) as caught:
        import_credential(library, _write(tmp_path, data, "district draft.json"))
    assert str(caught.value).startswith("district draft.json at rubric.criteria[3].levels[1].descriptor:")
    with pytest.raises(NotFoundError):
        get_credential(library, "brand-new")
    assert library.db.execute("SELECT count(*) FROM credentials").fetchone()[0] == 3


def test_unknown_credential_and_version_say_what_exists(library):
    with pytest.raises(NotFoundError, match="credentials list"):
        get_credential(library, "no-such-thing")
    with pytest.raises(NotFoundError, match=r"has no version 9\.9 \(it has 1\.0\)"):
        get_credential(library, "questioning-to-deepen-thinking", "9.9")


def test_portfolio_counts_show_in_the_catalog(library):
    create_portfolio(library, "structured-student-discourse", "Period 3")
    create_portfolio(library, "structured-student-discourse", "Period 5")
    counts = {e.credential.id: e.portfolio_count for e in list_credentials(library)}
    assert counts["structured-student-discourse"] == 2


def test_broken_bundled_stacks_file_is_named(library, catalog_dir, tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(catalog_dir, folder)
    (folder / "stacks.json").write_text('{"format": "mcp-stacks/1", "stacks": [{"id": "x"}]}')
    with pytest.raises(DefinitionError, match=r"stacks.json at stacks\[0\]: the field 'title' is missing"):
        sync_bundled_catalog(library, folder)


def test_new_stack_is_stored_on_sync(library, catalog_dir, tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(catalog_dir, folder)
    data = json.loads((folder / "stacks.json").read_text())
    data["stacks"].append({"id": "new-stack", "title": "New", "credentials": ["structured-student-discourse"]})
    (folder / "stacks.json").write_text(json.dumps(data))
    assert sync_bundled_catalog(library, folder).credentials
    assert list_stacks(library)["new-stack"].title == "New"
    assert not sync_bundled_catalog(library, folder)

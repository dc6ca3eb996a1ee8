"""Schemes in a library: built in, look-fors from the catalog, imported whole or not at all, remapped keys."""

import json
from pathlib import Path

import pytest

from portfolio_app.core.errors import DefinitionError, InvalidInputError, NotFoundError
from portfolio_app.services.catalog import get_credential
from portfolio_app.services.schemes import get_scheme, import_scheme, list_schemes, remap_key

COPUS = Path(__file__).resolve().parents[2] / "resources" / "schemes" / "copus.json"


def _walkthrough(tmp_path: Path, **changes) -> Path:
    data = json.loads(COPUS.read_text()) | {"id": "district-walkthrough", "title": "District walkthrough"}
    data.update(changes)
    path = tmp_path / "walk.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_look_fors_come_from_each_credentials_rubric(library):
    ids = {e.scheme.id: e.source for e in list_schemes(library)}
    assert ids["copus"] == ids["coaching-cycle"] == "built-in"
    scheme = get_scheme(library, "look-fors-questioning-to-deepen-thinking")
    credential = get_credential(library, "questioning-to-deepen-thinking")
    assert [c.criterion for c in scheme.codes] == [c.id for c in credential.criteria]
    assert [c.key for c in scheme.codes] == ["1", "2", "3", "4", "5", "6"]
    assert scheme.credential == (credential.id, credential.version)


def test_import_is_whole_or_nothing(library, tmp_path):
    broken = _walkthrough(tmp_path, codes=json.loads(COPUS.read_text())["codes"][:3] + [{"id": "x"}])
    with pytest.raises(DefinitionError, match=r"walk.json at codes\[3\]"):
        import_scheme(library, broken)
    assert library.db.execute("SELECT count(*) FROM schemes").fetchone()[0] == 0
    with pytest.raises(NotFoundError):
        get_scheme(library, "district-walkthrough")
    good = _walkthrough(tmp_path)
    assert import_scheme(library, good).changes.observations
    assert not import_scheme(library, good).changes  # the same file again changes nothing
    assert get_scheme(library, "district-walkthrough").title == "District walkthrough"


def test_a_built_in_id_cannot_be_taken(library, tmp_path):
    with pytest.raises(DefinitionError, match="built-in"):
        import_scheme(library, _walkthrough(tmp_path, id="copus"))


def test_remapped_keys_are_kept_and_checked(library):
    remap_key(library, "copus", "I-Lec", "F2")
    assert get_scheme(library, "copus").by_key("F2").id == "I-Lec"
    with pytest.raises(InvalidInputError, match="already"):
        remap_key(library, "copus", "I-RtW", "F2")
    with pytest.raises(InvalidInputError, match="laptops"):
        remap_key(library, "copus", "I-RtW", "Home")

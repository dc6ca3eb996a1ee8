"""`portfolio schemes`: list, show (ids and keys), import with a field-naming error, key."""

import json


def test_schemes_list_and_show(run):
    code, out, _ = run("schemes", "list", "--json")
    assert code == 0
    assert {"copus", "coaching-cycle", "look-fors-questioning-to-deepen-thinking"} <= {s["id"] for s in json.loads(out)}
    code, out, _ = run("schemes", "show", "copus")
    assert code == 0 and "I-Lec" in out and "Coded per 120-second interval." in out
    code, out, _ = run("schemes", "show", "copus", "--json")
    codes = {c["id"]: c["key"] for c in json.loads(out)["codes"]}
    assert codes["S-L"] == "l" and len(codes) == 25


def test_schemes_import_names_the_broken_field(run, tmp_path):
    path = tmp_path / "walk.json"
    path.write_text(json.dumps({"format": "mcp-scheme/1", "id": "walk", "version": "1", "title": "Walk"}))
    code, _, err = run("schemes", "import", str(path))
    assert code == 1 and "walk.json" in err and "'groups' is missing" in err
    code, _, err = run("schemes", "show", "walk")
    assert code == 1 and "no coding scheme 'walk'" in err


def test_schemes_key(run):
    code, out, _ = run("schemes", "key", "copus", "I-Lec", "F1", "--json")
    assert code == 0 and json.loads(out) == {"code": "I-Lec", "key": "F1"}
    code, _, err = run("schemes", "key", "copus", "I-Lec", "End")
    assert code == 1 and "laptops" in err

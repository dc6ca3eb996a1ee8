from portfolio_app.services.portfolios import create_portfolio, delete_portfolio, list_portfolios
from portfolio_app.ui.item_roles import ID_ROLE, KIND_ROLE
from portfolio_app.ui.library_model import LibraryModel, NodeKind


def _filled(library) -> LibraryModel:
    for credential_id, title in [
        ("structured-student-discourse", "Period 3"),
        ("structured-student-discourse", "P5"),
        ("formative-assessment-exit-tickets", "Grade 7"),
    ]:
        create_portfolio(library, credential_id, title)
    trashed = create_portfolio(library, "questioning-to-deepen-thinking", "Deleted").value
    delete_portfolio(library, trashed.id)
    model = LibraryModel()
    model.set_library(list_portfolios(library), trashed=1)
    return model


def test_model_passes_qts_model_tester(qtmodeltester, library):
    qtmodeltester.check(_filled(library), force_py=True)


def test_structure_and_roles(library):
    model = _filled(library)
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert top[0] == "Credential Catalog" and top[-1] == "Trash (1)"
    assert top[1:-1] == ["Formative Assessment with Exit Tickets", "Structured Student Discourse"]
    discourse = model.index(2, 0)
    assert model.rowCount(discourse) == 2
    child = model.index(1, 0, discourse)
    assert child.data(KIND_ROLE) == NodeKind.PORTFOLIO and model.parent(child) == discourse
    assert model.find(NodeKind.PORTFOLIO, child.data(ID_ROLE)) == child
    assert "attempt 1" in child.data(3)  # tooltip
    assert not model.find(NodeKind.PORTFOLIO, "missing").isValid()

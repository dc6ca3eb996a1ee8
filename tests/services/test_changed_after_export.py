"""An exported portfolio that changes is a draft again (the bundle no longer shows what is here);
one that is only read, or exported again, stays as it is."""

from __future__ import annotations

from portfolio_app.core.portfolio import PortfolioStatus
from portfolio_app.services import evidence as uc
from portfolio_app.services import rubric, tags
from portfolio_app.services.export import mark_exported
from portfolio_app.services.portfolios import create_portfolio, get_portfolio
from tests import mediagen as gen


def test_each_kind_of_edit_after_an_export_makes_it_a_draft_again(library, tmp_path):
    portfolio = create_portfolio(library, "questioning-to-deepen-thinking", "Grade 7 science").value
    [photo] = uc.import_files(library, portfolio.id, [gen.make_png(tmp_path / "work.png")]).value.imported
    prompt = "class-context"

    def exported_then(edit) -> PortfolioStatus:
        mark_exported(library, portfolio.id)
        assert get_portfolio(library, portfolio.id).status == PortfolioStatus.EXPORTED
        edit()
        return get_portfolio(library, portfolio.id).status

    assert get_portfolio(library, portfolio.id).exported_at is None
    tag = None

    def add_tag():
        nonlocal tag
        tag = tags.add_tag(library, photo.id, "higher-order-questions", note="asks why").value

    assert exported_then(add_tag) == PortfolioStatus.DRAFT
    assert exported_then(lambda: rubric.save_response(library, portfolio.id, prompt, "Twenty-four students")) == "draft"
    assert exported_then(lambda: uc.rename_evidence(library, photo.id, "Exit ticket")) == PortfolioStatus.DRAFT
    assert exported_then(lambda: tags.delete_tag(library, tag.id)) == PortfolioStatus.DRAFT
    assert exported_then(lambda: uc.get_evidence(library, photo.id)) == PortfolioStatus.EXPORTED  # reading is no change
    assert get_portfolio(library, portfolio.id).exported_at is not None

"""The feedback the teacher's screens show beside the self-assessment: this attempt's, else last attempt's."""

from __future__ import annotations

from portfolio_app.services import resubmission, review_records, reviews
from portfolio_app.services.export import export_portfolio
from tests.ready_portfolio import make_ready_portfolio


def test_an_attempt_shows_its_own_feedback_and_the_next_one_shows_last_times(desks, tmp_path):
    teacher, reviewer = desks
    with teacher as lib:
        first = make_ready_portfolio(lib, tmp_path / "media")
        assert resubmission.feedback_in_view(lib, first.id) is None  # nothing back yet
        bundle = export_portfolio(lib, first.id, tmp_path / "attempt-1.zip").value.path
    with reviewer as lib:
        review = reviews.open_review(lib, bundle).value
        for n, criterion in enumerate(review.criteria):
            reviews.score_criterion(
                lib, review.id, criterion.id, criterion.levels[0].id if n == 0 else criterion.passing_level
            )
        reviews.decide(lib, review.id, "resubmit")
        signed = review_records.sign_review(lib, review.id, tmp_path / "feedback.zip").value.path
    with teacher as lib:
        imported = review_records.import_feedback(lib, signed).value
        assert resubmission.feedback_in_view(lib, first.id) == (imported, False)
        second = resubmission.resubmit(lib, first.id).value
        assert resubmission.feedback_in_view(lib, second.id) == (imported, True)  # what was met last time

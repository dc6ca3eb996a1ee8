"""Teachers' bundles for review tests: a ready portfolio exported from its own library and keychain."""

from __future__ import annotations

from pathlib import Path

import keyring

from portfolio_app.core.portfolio import Region
from portfolio_app.services.export import export_portfolio
from portfolio_app.services.library import open_library
from tests import mediagen as gen
from tests.keyring_memory import MemoryKeyring
from tests.ready_portfolio import make_ready_portfolio


def teacher_bundle(folder: Path) -> tuple[Path, str]:
    """Export a ready portfolio from a library of its own in `folder`: the bundle's path and the portfolio id.

    Uses a keychain of its own too, and puts back the one that was in use.
    """
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    library = open_library(folder / "teacher")
    try:
        portfolio = make_ready_portfolio(library, folder / "media")
        (folder / "out").mkdir(exist_ok=True)
        info = export_portfolio(library, portfolio.id, folder / "out" / "ana-ortiz-submission.zip").value
        return info.path, portfolio.id
    finally:
        library.close()
        keyring.set_keyring(previous)


OBSERVED_CRITERION = "building-on-ideas"
OBSERVED_SPAN = (50.0, 90.0)  # the moment of the coach's observation the teacher tagged
OBSERVED_NOTE = "Students talk to each other"
PLAN_REGION = Region(0.05, 0.05, 0.6, 0.2, 0)  # a region of the discussion plan's first page


def teacher_bundle_with_observation(folder: Path) -> tuple[Path, str]:
    """Like `teacher_bundle`, on the discussion credential, with a coach's signed observation as evidence.

    The coach signs "Discussion of ratios" (which names the teacher, Ana Ortiz) with a keychain of their
    own; the teacher imports it for the participation record and tags 0:50-1:30 of it, and tags a region of a
    PDF discussion plan.
    """
    from portfolio_app.core.portfolio import TimeRange
    from portfolio_app.services import names, rubric, tags
    from portfolio_app.services.evidence import import_files
    from portfolio_app.services.observation_records import sign_observation
    from portfolio_app.services.profile import save_profile
    from tests.observation.lesson import discussion_lesson

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    coach = open_library(folder / "coach")
    try:
        save_profile(coach, "Coach Kim", "kim@district.example.org")
        signed = sign_observation(coach, discussion_lesson(coach), folder / "handover.zip").path
    finally:
        coach.close()
    keyring.set_keyring(MemoryKeyring())
    library = open_library(folder / "teacher")
    try:
        portfolio = make_ready_portfolio(library, folder / "media", credential_id="structured-student-discourse")
        [observation] = import_files(library, portfolio.id, [signed]).value.imported
        rubric.link_requirement(library, [observation.id], "participation-record")
        plan = gen.make_pdf(folder / "media" / "discussion-plan.pdf", text="Discussion plan")
        [document] = import_files(library, portfolio.id, [plan]).value.imported
        rubric.link_requirement(library, [document.id], "norms-and-plan")
        for item in (observation, document):
            names.confirm_names_covered(library, item.id)
        tags.add_tag(library, observation.id, OBSERVED_CRITERION, span=TimeRange(*OBSERVED_SPAN), note=OBSERVED_NOTE)
        tags.add_tag(library, document.id, OBSERVED_CRITERION, region=PLAN_REGION, note="Sentence stems for pairs")
        (folder / "out").mkdir(exist_ok=True)
        info = export_portfolio(library, portfolio.id, folder / "out" / "ana-ortiz-discussion.zip").value
        return info.path, portfolio.id
    finally:
        library.close()
        keyring.set_keyring(previous)

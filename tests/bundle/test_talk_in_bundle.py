"""A measured recording carries its talk-time figures into submission.json and the offline viewer."""

from __future__ import annotations

from dataclasses import replace

from portfolio_app.bundle.submission import submission_document
from portfolio_app.bundle.viewer import index_html

TALK = {
    "teacher_share": 0.55,
    "student_share": 0.2,
    "silence_share": 0.25,
    "longest_teacher_monologue_s": 65.0,
    "wait_times_s": [2.8, 1.5],
    "questions": 3,
    "method": "Voice activity: Silero VAD …",
}


def test_only_the_measured_recording_carries_the_figures(content):
    measured = replace(content, evidence=(replace(content.evidence[0], talk=TALK), *content.evidence[1:]))
    items = submission_document(measured)["evidence"]
    assert items[0]["talk"] == TALK
    assert all("talk" not in item for item in items[1:])
    assert all("talk" not in item for item in submission_document(content)["evidence"])  # as before


def test_the_viewer_shows_them_as_an_estimate(content):
    measured = replace(content, evidence=(replace(content.evidence[0], talk=TALK), *content.evidence[1:]))
    page = index_html(measured).decode("utf-8")
    assert "Talk time, measured on the teacher's laptop (an estimate): teacher 55%, students 20%" in page
    assert "waits after questions: 2.8 s, 1.5 s." in page
    assert "Talk time" not in index_html(content).decode("utf-8")


def test_the_viewer_says_how_many_questions_a_coach_coded(content):
    coached = TALK | {"questions_coded_by_coach": 2}
    measured = replace(content, evidence=(replace(content.evidence[0], talk=coached), *content.evidence[1:]))
    page = index_html(measured).decode("utf-8")
    assert "waits after questions: 2.8 s, 1.5 s (2 of the 3 questions coded by a coach observing)." in page

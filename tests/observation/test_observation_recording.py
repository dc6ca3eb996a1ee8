"""A recording made while observing: kept with the observation as its events' clock, named in the signed
record and written beside it (carried inside only when the coach confirms consent), and kept by gc."""

import hashlib
import json
import zipfile

import pytest

from portfolio_app.bundle.record import read_record
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.services.leftovers import collect_leftovers
from portfolio_app.services.observation_recordings import (
    CONSENT_STATEMENT,
    attach_recording,
    recordings_with_paths,
    stage_recording,
)
from portfolio_app.services.observation_records import sign_observation
from portfolio_app.services.observations import code_event, get_record
from portfolio_app.services.profile import save_profile
from tests import mediagen as gen
from tests.observation.lesson import discussion_lesson


@pytest.fixture
def recorded(library, tmp_path):
    """A coach's continuous observation with a 3 s video recorded while observing."""
    save_profile(library, "Coach Kim", "kim@district.example.org")
    observation_id = discussion_lesson(library)
    made = gen.make_video(library.store.temp_path(".mp4"), 3.0, fps=25)
    staged = stage_recording(library.store, made, "Recording 2026-12-05 09-00.mp4")
    recording = attach_recording(library, observation_id, staged).value
    return observation_id, recording


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_recording_is_kept_with_its_observation_as_the_clock(library, recorded):
    observation_id, recording = recorded
    record = get_record(library, observation_id)
    assert record.recordings == (recording,)
    assert recording.media_type == "video/mp4" and recording.duration_s == pytest.approx(3.0, abs=0.1)
    found, offset = record.recording_at(2.0)
    assert found == recording and offset == 2.0
    assert record.recording_at(999) is None
    [(kept, path)] = recordings_with_paths(library, observation_id)
    assert kept == recording and _sha256(path) == recording.blob
    collect_leftovers(library)  # nothing but the recording's row names its blob: gc must keep it
    assert path.is_file()


def test_a_file_that_is_not_a_recording_is_refused(library, recorded):
    observation_id, _ = recorded
    made = gen.make_png(library.store.temp_path(".png"))
    staged = stage_recording(library.store, made, "board.png")
    with pytest.raises(InvalidInputError, match="board.png is not a video or sound recording"):
        attach_recording(library, observation_id, staged)


def test_signing_names_the_recording_and_writes_it_beside_the_record(library, recorded, tmp_path):
    observation_id, recording = recorded
    signed = sign_observation(library, observation_id, tmp_path / "handover.zip")
    verified = read_record(signed.path, expect_type="observation")
    assert not any("recording" in name for name in verified.files)  # not inside: faces and voices
    with zipfile.ZipFile(signed.path) as archive:
        assert not any(name.endswith(".mp4") for name in archive.namelist())
    [entry] = verified.document["recordings"]
    assert entry["carried"] is False and entry["sha256"] == recording.blob and entry["consent"] is None
    [beside] = signed.beside
    assert beside == tmp_path / entry["file"] == tmp_path / "handover-recording-1.mp4"
    assert _sha256(beside) == recording.blob


def test_with_consent_the_record_carries_the_recording(library, recorded, tmp_path):
    observation_id, recording = recorded
    signed = sign_observation(library, observation_id, tmp_path / "handover.zip", with_recording=True)
    verified = read_record(signed.path, expect_type="observation")
    [entry] = verified.document["recordings"]
    assert entry["carried"] is True and entry["consent"] == CONSENT_STATEMENT
    assert hashlib.sha256(verified.read_file(entry["file"])).hexdigest() == recording.blob
    assert signed.beside == ()
    assert json.loads(json.dumps(verified.document))["observation"]["events"]  # the events came along


def test_a_second_take_starts_where_the_observation_continued(library, recorded):
    observation_id, first = recorded
    made = gen.make_audio(library.store.temp_path(".m4a"), 2.0)
    second = attach_recording(library, observation_id, stage_recording(library.store, made, "more.m4a"), 600).value
    code_event(library, observation_id, "Q-open", 601.5)
    record = get_record(library, observation_id)
    assert record.recordings == (first, second)
    assert record.recording_at(601.5) == (second, pytest.approx(1.5))


@pytest.fixture
def teacher(tmp_path):
    """The teacher's own library and keychain."""
    import keyring

    from portfolio_app.services.library import open_library
    from tests.keyring_memory import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    lib = open_library(tmp_path / "teacher")
    yield lib
    lib.close()


def _import(teacher, path):
    from portfolio_app.services.evidence import list_evidence
    from portfolio_app.services.observation_records import import_signed_observation
    from portfolio_app.services.portfolios import create_portfolio

    portfolio = create_portfolio(teacher, "structured-student-discourse", "Discussion").value
    observation = import_signed_observation(teacher, portfolio.id, path).value.evidence
    return observation, [e for e in list_evidence(teacher, portfolio.id) if e.id != observation.id]


@pytest.mark.parametrize("consented", [False, True])
def test_the_teacher_imports_the_recording_with_the_record(library, recorded, teacher, tmp_path, consented):
    from portfolio_app.core.credential import EvidenceKind
    from portfolio_app.services.evidence import media_path

    observation_id, recording = recorded
    signed = sign_observation(library, observation_id, tmp_path / "handover.zip", with_recording=consented)
    observation, others = _import(teacher, signed.path)
    [video] = others  # a recording of its own, beside the observation: consent, blur and names apply
    assert video.kind == EvidenceKind.VIDEO and video.title == "Recording of Discussion of ratios"
    assert _sha256(media_path(teacher, video)) == recording.blob
    assert "was not beside it" not in (observation.note or "")


def test_a_missing_recording_is_said_and_a_changed_one_refused(library, recorded, teacher, tmp_path):
    from portfolio_app.bundle.errors import BundleFormatError

    observation_id, _ = recorded
    signed = sign_observation(library, observation_id, tmp_path / "handover.zip")
    [beside] = signed.beside
    data = bytearray(beside.read_bytes())
    data[len(data) // 2] ^= 0xFF
    beside.write_bytes(bytes(data))
    with pytest.raises(BundleFormatError, match="handover-recording-1.mp4 is not the recording handover.zip names"):
        _import(teacher, signed.path)
    beside.unlink()
    observation, others = _import(teacher, signed.path)
    assert others == [] and "Recording 2026-12-05 09-00.mp4 was not beside it" in observation.note


def test_the_coach_s_talk_time_travels_signed_and_the_teacher_sees_it(library, recorded, teacher, tmp_path):
    """Talk Time the coach ran on the recording is signed with the record; the teacher's and the reviewer's
    views read it from the verified document (the figures only: no segments, no voices)."""
    from portfolio_app.core.carried_observation import carried_observation
    from portfolio_app.core.talk import Speaker, TalkResult, TalkSegment, WaitTime, figures_text
    from portfolio_app.services.observation_records import signed_observation
    from portfolio_app.storage import observation_talk as stored_talk

    observation_id, recording = recorded
    segments = (TalkSegment(0.0, 2.0, Speaker.TEACHER, 0.9), TalkSegment(2.5, 3.0, Speaker.STUDENT, 0.8))
    result = TalkResult(3.0, segments, (WaitTime(2.0, 0.5, 2.5),), (0.0, 2.0), "test method", (), 0.07)
    stored_talk.save(library.db, recording.id, recording.blob, (2.0,), result, "2026-12-05T09:10:00Z")
    signed = sign_observation(library, observation_id, tmp_path / "handover.zip", with_recording=True)
    assert read_record(signed.path).document["recordings"][0]["talk"] == result.summary()

    observation, _ = _import(teacher, signed.path)
    imported = signed_observation(teacher, observation.id)
    carried = carried_observation(imported.document, imported.fingerprint, observation.title)
    assert carried.talk == ((0.0, result.summary()),)
    assert figures_text(carried.talk[0][1]).startswith("teacher 67%, students 17%, silence 17%")

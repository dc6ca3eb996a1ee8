"""Child process for test_recording_crash.py: the coach's app records the lesson while coding it, and is
killed mid-take. It prints each event it coded (what a screen showed) and how much of the take is on disk."""

import sys

from PySide6.QtWidgets import QApplication

from portfolio_app.services.library import open_library
from portfolio_app.services.observation_recordings import begin_take, take_path
from portfolio_app.services.observations import code_event, new_observation
from portfolio_app.ui.capture.recorder_session import CaptureController, crash_safe_format
from portfolio_app.ui.capture.synthetic_source import SyntheticSource


def say(text: str) -> None:
    print(text, flush=True)


def main(data_dir: str) -> None:
    app = QApplication(sys.argv[:1])
    library = open_library(data_dir)
    observation = new_observation(library, "coaching-cycle", "Recorded, then the laptop died").value
    path = take_path(library.data_dir, observation.id, ".mkv")
    begin_take(library, observation.id, path)
    say(f"observation {observation.id}")
    controller = CaptureController(SyntheticSource(size=(1280, 720)), None)
    controller.use_devices("synthetic-camera", "synthetic-microphone")
    coded = []

    def on_duration(milliseconds: int) -> None:
        if milliseconds >= 500 * (len(coded) + 1):  # a key press every half second of recording
            event = code_event(library, observation.id, "Q-open", milliseconds / 1000, durable=False).value.event
            coded.append(event.id)
            say(f"event {event.id}")
        say(f"written {path.stat().st_size if path.exists() else 0} {milliseconds}")

    controller.duration_changed.connect(on_duration)
    controller.start(path, audio_only=False, media_format=crash_safe_format(False))
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])

"""Coding from the keyboard alone: keys log codes at the clock's moment, drawn at once and stored;
Backspace takes back, Space pauses, Enter writes a note timed by its first letter."""

from PySide6.QtCore import Qt

from portfolio_app.services.observations import get_record, new_observation
from portfolio_app.ui.observation.clock import PausableClock
from portfolio_app.ui.observation.live_coding import LiveCoding
from portfolio_app.ui.operations import Operations


class FakeTime:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _screen(qtbot, ops, library, scheme: str):
    observation = new_observation(library, scheme, "Period 3").value
    time = FakeTime()
    screen = LiveCoding(ops, observation, PausableClock(time))
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setFocus()
    screen.start()
    return screen, time, observation


def test_continuous_coding_from_the_keyboard(qtbot, ops, library):
    screen, time, observation = _screen(qtbot, ops, library, "coaching-cycle")
    time.now += 12
    qtbot.keyClick(screen, "w")  # open question, a point
    time.now += 3
    qtbot.keyClick(screen, "j")  # teacher talk on
    time.now += 20
    qtbot.keyClick(screen, "l")  # student-to-student talk: teacher talk ends (exclusive)
    record = get_record(library, observation.id)
    assert [(e.code_id, e.start_s, e.end_s) for e in record.events] == [
        ("Q-open", 12, None),
        ("D-teacher", 15, 35),
        ("D-student-student", 35, None),
    ]
    assert screen.count_of("Q-open") == 1
    assert {item.code_id for item in screen.timeline.items.values() if not item.pending} == {
        "Q-open",
        "D-teacher",
        "D-student-student",
    }
    qtbot.keyClick(screen, Qt.Key.Key_Backspace)
    assert [e.code_id for e in get_record(library, observation.id).events] == ["Q-open", "D-teacher"]
    assert "Took back D-student-student" in screen.message.text()


def test_space_pauses_the_clock(qtbot, ops, library):
    screen, time, observation = _screen(qtbot, ops, library, "coaching-cycle")
    time.now += 10
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    assert "Paused at 0:10.0" in screen.status.text()
    time.now += 300  # the coach stepped out
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    time.now += 5
    qtbot.keyClick(screen, "q")
    assert [e.start_s for e in get_record(library, observation.id).events] == [15]


def test_a_note_takes_the_time_of_its_first_letter(qtbot, ops, library):
    screen, time, observation = _screen(qtbot, ops, library, "coaching-cycle")
    time.now += 61
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert screen.note_edit.hasFocus()
    qtbot.keyClicks(screen.note_edit, "T")
    time.now += 9  # typing takes a while
    qtbot.keyClicks(screen.note_edit, "wo hands up")
    qtbot.keyClick(screen.note_edit, Qt.Key.Key_Return)
    assert [(n.at_s, n.text) for n in get_record(library, observation.id).notes] == [(61, "Two hands up")]
    assert screen.hasFocus() and screen.timeline.notes == [61]
    qtbot.keyClick(screen, "w")  # coding goes on at once
    assert len(get_record(library, observation.id).events) == 1


def test_interval_mode_ticks_the_current_interval_and_a_second_press_unticks(qtbot, ops, library):
    screen, time, observation = _screen(qtbot, ops, library, "copus")
    time.now += 130  # interval 2
    screen._on_ticker_timeout()
    assert "interval 2, 110 s left" in screen.status.text()
    qtbot.keyClick(screen, "1")  # I-Lec
    qtbot.keyClick(screen, "l")  # S-L
    ticks = get_record(library, observation.id).events
    assert [(e.code_id, e.interval_index, e.start_s, e.end_s) for e in ticks] == [
        ("I-Lec", 1, 120, 240),
        ("S-L", 1, 120, 240),
    ]
    qtbot.keyClick(screen, "1")
    assert [e.code_id for e in get_record(library, observation.id).events] == ["S-L"]
    assert screen.count_of("I-Lec") == 0


def test_a_key_press_is_drawn_before_it_is_stored(qtbot, library, add_threaded_window):
    """With a threaded database worker, the press is on the timeline (pending) when keyClick returns."""
    ops = Operations(library)
    observation = new_observation(library, "coaching-cycle", "Period 3").value
    screen = LiveCoding(ops, observation, PausableClock(FakeTime()))
    add_threaded_window(screen)
    screen.show()
    screen.start()
    qtbot.waitUntil(lambda: not ops.busy)
    with qtbot.waitSignal(screen.event_stored, timeout=5000):
        qtbot.keyClick(screen, "w")
        assert [i.code_id for i in screen.timeline.items.values()] == ["Q-open"]
    assert [i.pending for i in screen.timeline.items.values()] == [False]


def test_seating_chart_tap_a_student_then_the_code(qtbot, ops, library):
    from portfolio_app.services.observations import seating
    from portfolio_app.services.roster import add_student, create_class

    group = create_class(library, "7B").value
    for name in ("Maya", "Leo", "Sam"):
        add_student(library, group.id, name)
    observation = new_observation(library, "coaching-cycle", "Discussion", class_name="7B").value
    time = FakeTime()
    screen = LiveCoding(ops, observation, PausableClock(time))
    qtbot.addWidget(screen)
    screen.resize(900, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.start()
    chart = screen.seating
    assert [s.name for s in chart.seats] == ["Leo", "Maya", "Sam"]
    maya = next(s for s in chart.seats if s.name == "Maya")
    centre = chart.tile(maya).center().toPoint()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=centre)  # a tap
    assert screen.student == maya.student_id
    time.now += 42
    qtbot.keyClick(screen, "e")  # probe, for Maya
    [event] = get_record(library, observation.id).events
    assert (event.code_id, event.start_s, event.student_id) == ("Q-probe", 42, maya.student_id)
    assert screen.student is None and chart.counts[maya.student_id] == 1
    qtbot.keyClick(screen, "e")  # the next one is nobody's
    assert get_record(library, observation.id).events[-1].student_id is None
    # drag Sam to the top left corner: where he sits is saved
    sam = next(s for s in chart.seats if s.name == "Sam")
    start = chart.tile(sam).center().toPoint()
    qtbot.mousePress(chart, Qt.MouseButton.LeftButton, pos=start)
    from PySide6.QtCore import QEvent, QPoint, QPointF
    from PySide6.QtGui import QMouseEvent

    target = QPointF(10, 10)
    chart.mouseMoveEvent(
        QMouseEvent(
            QEvent.Type.MouseMove,
            target,
            target,
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    qtbot.mouseRelease(chart, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    saved = next(s for s in seating(library, observation.id) if s.name == "Sam")
    assert (saved.x, saved.y) == (0.0, 0.0)


def test_look_fors_and_copus_continuously_from_the_keyboard(qtbot, ops, library):
    """Look-fors keys are the rubric criteria (1, 2, 3, …, moments); COPUS may be coded continuously
    too, its codes then lasting from one press to the next."""
    from portfolio_app.core.observation import Mode

    look_fors = new_observation(library, "look-fors-questioning-to-deepen-thinking", "Look-fors").value
    copus = new_observation(library, "copus", "COPUS, continuous", mode=Mode.CONTINUOUS).value
    for observation, presses, expected in (
        (
            look_fors,
            [(30, "2"), (45, "3"), (90, "4")],
            [("higher-order-questions", 30, None), ("wait-time", 45, None), ("probing-follow-up", 90, None)],
        ),
        (
            copus,
            [(0, "1"), (0, "l"), (300, "1"), (300, "7"), (300, "g")],
            [("I-Lec", 0, 300), ("S-L", 0, None), ("I-MG", 300, None), ("S-WG", 300, None)],
        ),
    ):
        time = FakeTime()
        screen = LiveCoding(ops, observation, PausableClock(time))
        qtbot.addWidget(screen)
        screen.start()
        start = time.now
        for at, key in presses:
            time.now = start + at
            qtbot.keyClick(screen, key)
        events = get_record(library, observation.id).events
        assert [(e.code_id, e.start_s, e.end_s) for e in events] == expected


def test_key_presses_skip_the_disk_wait_and_are_flushed_within_a_second(qtbot, ops, library, monkeypatch):
    """A press commits without fsync (a killed app still loses nothing); one flush a second follows."""
    from portfolio_app.storage.database import Database

    commits, flushes = [], []
    real_atomic = Database.atomic
    monkeypatch.setattr(Database, "atomic", lambda self, **kw: commits.append(kw) or real_atomic(self, **kw))
    monkeypatch.setattr(Database, "sync", lambda self: flushes.append(True))
    screen, time, observation = _screen(qtbot, ops, library, "coaching-cycle")
    for key in "wqe":
        qtbot.keyClick(screen, key)
    assert {"durable": False} in commits and flushes == []
    qtbot.waitUntil(lambda: flushes == [True], timeout=3000)  # one flush for the three presses
    qtbot.keyClick(screen, "w")
    screen.stop()  # stopping flushes at once
    assert len(flushes) == 2 and not screen._sync_timer.isActive()
    assert len(get_record(library, observation.id).events) == 4

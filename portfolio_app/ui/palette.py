"""Every colour the window draws with, named for what it means, in one place.

A colour that carries meaning always comes with words or a symbol ("12 over the limit", "✓ Yes"):
colour alone says nothing to a colour-blind teacher or a screen reader. Style sheets are made
here too, from these names, so a change of palette is a change of this file.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

# Meaning
MUTED = "#5f6368"  # guidance, hints, save state
WARNING = "#b3261e"  # over a word limit, below passing, not saved, an error
CAUTION = "#8a5a00"  # far under a word limit
PRIVACY = "#8a1c12"  # a student shown without consent
PASSING = "#1e7e34"  # reaches the passing level, ready to export
PASSING_BACKGROUND = "#e6f4ea"
BELOW_BACKGROUND = "#fce8e6"
CHOSEN = "#1a73e8"  # the level the teacher chose; work being saved
CHOSEN_BACKGROUND = "#e8f0fe"
PAUSED = "#b06000"
REMINDER_BACKGROUND = "#fff4d6"  # a bar that asks for something soon (media due for removal)

# Surfaces and lines
CARD_BORDER = "#dadce0"
NOTICE_BORDER = "#c5d7f5"
TABLE_HEADER = "#eef2f7"
SURFACE = "#f1f3f4"  # behind a thumbnail, a meter's empty part
THUMBNAIL_EDGE = "#c4c7c5"
CONTROL_BORDER = "#9aa0a6"
DARK_BUTTON = "#3c4043"
RECORD_DISABLED = "#d7a9a5"
PREVIEW_BACKGROUND = "#20252b"  # where the camera picture goes
PREVIEW_TEXT = "#e8eaed"
PREVIEW_FRAME = "#000000"  # round the picture; the recording colour while recording
HIGHLIGHT = "#f9a825"  # a selected box: amber stands out on black, white and photos
LEVEL_LOW, LEVEL_MID, LEVEL_HIGH = "#34a853", "#fbbc04", "#ea4335"  # the sound level meter

# Marks on pictures, timelines and charts
MARKED = "#e67c00"  # a tagged moment or region chosen now; students' talk (orange beside the teacher's blue)
TAGGED = CHOSEN  # a tag's span on a timeline, a region on a photo
FACE_BLURRED = "#dc2828"  # a face that will be blurred
FACE_KEPT = "#1ea046"  # a face kept as it is (its owner consented)
CODED = "#2f6db5"  # an observation's coded event; a chosen seat's outline
CODED_PENDING = "#8fb3e0"  # shown at once on a key press, before the database has it
SEAT_CHOSEN_BACKGROUND = "#dbe8f7"
OBSERVATION_NOTE = "#a4451b"
CATEGORY_BAR = "#1e7a46"
BAR_TRACK = "#eef1f5"  # the empty part of a share bar
GRID = "#d9dee6"
NOW_LINE = "#c0392b"  # where a live observation or recording is now
TALK_TEACHER = CHOSEN
TALK_STUDENT = MARKED
SILENCE = "#e0e0e0"
LONG_WAIT = "#1e8e3e"  # a wait of 3 s or more after a question
SHORT_WAIT = WARNING
BADGE_BACKGROUND = "#1e1e1e"  # behind a count on a thumbnail

# The synthetic camera's test card (tests and demos): a sky, colour bars, a moving sun.
TEST_CARD_SKY = ("#1d3557", "#457b9d")
TEST_CARD_BARS = ("#e63946", "#f1c453", "#2a9d8f", "#f4a261", "#a8dadc", "#6d597a")
TEST_CARD_SUN = "#f1faee"


def text_style(colour: str) -> str:
    """A style sheet that colours a label's text (an error line, a report)."""
    return f"color: {colour}"


def notice_style() -> str:
    """A light box around a first-steps or help notice."""
    return f"background: {CHOSEN_BACKGROUND}; border: 1px solid {NOTICE_BORDER}; padding: 8px;"


def level_meter_style() -> str:
    """A sound level bar that goes green, amber, red from quiet to too loud."""
    return (
        f"QProgressBar {{ border: 1px solid {CONTROL_BORDER}; border-radius: 4px; background: {SURFACE}; }}"
        "QProgressBar::chunk { border-radius: 3px; background: qlineargradient(x1:0, y1:0, x2:1, y2:0,"
        f" stop:0 {LEVEL_LOW}, stop:0.7 {LEVEL_MID}, stop:1 {LEVEL_HIGH}); }}"
    )


def big_button_style(background: str, disabled: str | None = None) -> str:
    """The recorder's big Start and Stop buttons."""
    style = (
        f"QPushButton {{ background: {background}; color: white; font-weight: bold; font-size: 15px;"
        " border-radius: 6px; padding: 6px 22px; }"
    )
    return style + (f"QPushButton:disabled {{ background: {disabled}; }}" if disabled else "")


def document_css() -> str:
    """The rich-text style of the credential guide and rubric."""
    return f"""
h1 {{ font-size: 18pt; margin-bottom: 2px; }}
h2 {{ font-size: 13pt; margin-top: 18px; margin-bottom: 4px; }}
h3 {{ font-size: 11pt; margin-top: 10px; margin-bottom: 2px; }}
p.meta {{ color: {MUTED}; margin-top: 0; }}
p.guidance {{ color: {MUTED}; font-style: italic; margin-top: 0; }}
td, th {{ padding: 6px; vertical-align: top; }}
th {{ background: {TABLE_HEADER}; text-align: left; }}
td.pass {{ background: {PASSING_BACKGROUND}; }}
span.limit {{ color: {MUTED}; }}
"""


def colour(name: str, alpha: int = 255) -> QColor:
    """One of the colours above as a QColor, `alpha` (0..255) opaque: a shade for a span or a box."""
    made = QColor(name)
    made.setAlpha(alpha)
    return made

"""The made-up words of a built library (bench/library_builder.py): credential labels, lesson topics
and evidence titles, as a teacher in grades 3–9 would write them."""

from __future__ import annotations

# Short names of the bundled credentials, for titles; other credentials use their title.
CREDENTIAL_LABELS = {
    "formative-assessment-exit-tickets": "Exit tickets",
    "questioning-to-deepen-thinking": "Questioning",
    "structured-student-discourse": "Student discourse",
}
TOPICS = (
    ("Fractions on a number line", "math", (3, 4, 5)),
    ("Proportional reasoning", "math", (6, 7)),
    ("Linear equations", "math", (8, 9)),
    ("Photosynthesis", "science", (5, 6, 7)),
    ("Forces and motion", "science", (6, 8)),
    ("Ecosystems and food webs", "science", (4, 7)),
    ("Persuasive essays", "ELA", (5, 6, 8)),
    ("Character and theme", "ELA", (4, 7)),
    ("Reading informational text", "ELA", (3, 5)),
    ("Causes of the American Revolution", "social studies", (5, 8)),
    ("Map skills and regions", "social studies", (3, 4)),
    ("Ancient civilizations", "social studies", (6,)),
)

VIDEO_TITLES = ("Lesson video", "Small-group discussion", "Whole-class discussion", "Lesson close and debrief")
IMAGE_TITLES = (
    "Exit tickets, sorted",
    "Student work sample",
    "Anchor chart",
    "Tally of responses",
    "Annotated student response",
    "Discussion norms poster",
)
DOCUMENT_TITLES = (
    "Lesson plan",
    "Question plan",
    "Exit ticket with key",
    "Next-lesson plan",
    "Participation record",
    "Discussion stems handout",
)

"""Colours that carry meaning in the answers and self-assessment tabs.

Each always comes with words or a symbol ("12 over the limit", "✓ Yes"): colour alone says
nothing to a colour-blind teacher or a screen reader.
"""

from __future__ import annotations

MUTED = "#5f6368"  # guidance, hints, save state
WARNING = "#b3261e"  # over a word limit, below passing, not saved
CAUTION = "#8a5a00"  # far under a word limit
PASSING = "#1e7e34"  # reaches the passing level
PASSING_BACKGROUND = "#e6f4ea"
BELOW_BACKGROUND = "#fce8e6"
CHOSEN = "#1a73e8"  # the level the teacher chose
CHOSEN_BACKGROUND = "#e8f0fe"
CARD_BORDER = "#dadce0"

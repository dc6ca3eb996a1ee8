"""The coach's room: start an observation, code it live from the keyboard, see its summary."""

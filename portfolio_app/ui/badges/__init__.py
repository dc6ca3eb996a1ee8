"""The Badges room: the teacher's shelf of earned badges and the stacks' progress."""

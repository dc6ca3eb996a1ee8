"""The reviewer's room: score a submission bundle criterion by criterion, decide and sign (blind)."""

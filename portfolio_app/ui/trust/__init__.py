"""Trust lists, key backup and library backup: the window's side of `portfolio trust|keys|backup`."""

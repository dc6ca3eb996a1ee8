"""Moving signed files off the laptop: tus uploads, folder copies, and reading an S3 inbox (no Qt)."""

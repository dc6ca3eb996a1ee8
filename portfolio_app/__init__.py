"""Micro-credential Portfolio: evidence, self-assessment and signed submissions for teachers."""

__version__ = "0.1.0"
APP_NAME = "Micro-credential Portfolio"
APP_ID = "micro-credential-portfolio"

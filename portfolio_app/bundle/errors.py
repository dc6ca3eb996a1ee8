"""What can go wrong with keys, signatures and bundles, in words the teacher or reviewer can act on."""

from __future__ import annotations

from portfolio_app.core.errors import InvalidInputError, PortfolioError


class KeychainUnavailableError(PortfolioError):
    """The system keychain cannot hold the signing key (none installed, locked, or refused)."""


class SignatureError(InvalidInputError):
    """A minisign key or signature is malformed, or does not match what it signs."""


class BundleFormatError(InvalidInputError):
    """A file given as a bundle is not one we can read at all (not a zip, not a folder)."""


class BadgeError(InvalidInputError):
    """An Open Badges credential cannot be made, read or verified; the message says what and where."""

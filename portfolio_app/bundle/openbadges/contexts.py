"""The JSON-LD contexts a badge may name, served from resources/jsonld/ and never fetched.

RDF canonicalisation needs the contexts a credential names. A loader that fetched them would
make a badge's verification depend on a server (and let whoever serves the URL change what a
signature means); this one serves the shipped files and refuses every other URL.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.resource_paths import resources_dir

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_CONTEXT = [VC_V2, OB_V3]

# Exact URLs only: no normalisation of scheme, case or trailing slash (fail closed).
_FILES = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-context-3.0.3.json",
}


def shipped_urls() -> tuple[str, ...]:
    """The context URLs this app can process."""
    return tuple(_FILES)


@functools.cache
def load_context(url: str) -> dict[str, Any]:
    """The shipped context document for `url`.

    Raises:
        BadgeError: `url` is not one of the shipped contexts.
    """
    name = _FILES.get(url)
    if name is None:
        raise BadgeError(
            f"The credential names the JSON-LD context {url!r}, which this app does not ship; "
            "contexts are never fetched from the network, so it cannot be checked."
        )
    return json.loads((resources_dir() / "jsonld" / name).read_text(encoding="utf-8"))


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A pyld documentLoader that serves only the shipped contexts."""
    return {"contextUrl": None, "documentUrl": url, "document": load_context(url)}

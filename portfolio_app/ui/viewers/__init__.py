"""The viewers: player, photo, document, timeline, region picker."""


def have_pdf() -> bool:
    """Whether this PySide6 has Qt PDF (some wheels come without it: PDFs then open in the system viewer).

    Asked lazily, so that a window that shows no PDF never imports the PDF modules."""
    from portfolio_app.ui.viewers.document_viewer import HAVE_PDF

    return HAVE_PDF

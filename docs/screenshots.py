"""Regenerates docs/screenshots/*.png from a demo library: `make screenshots`.

Runs offscreen; each picture is a grab of the real main window at a fixed size, so the README
shows what a teacher sees.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402

from bench.library_builder import build_library  # noqa: E402
from portfolio_app.services.library import open_library  # noqa: E402
from portfolio_app.services.portfolios import list_portfolios, portfolio_with_credential  # noqa: E402
from portfolio_app.ui.app import make_application  # noqa: E402
from portfolio_app.ui.main_window import MainWindow  # noqa: E402
from portfolio_app.ui.operations import Operations  # noqa: E402
from portfolio_app.ui.sidebar import NodeKind  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1200, 760)


def _settle(app, done, seconds: float = 5.0) -> None:
    """Let background readers deliver (thumbnails, the photo), then one more second to paint."""
    import time

    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    end = time.monotonic() + 1.0
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _add_real_evidence(library, portfolio_id: str, folder: Path) -> None:
    """A lesson video, student work photos and a lesson plan, made on the spot and imported."""
    from portfolio_app.services.evidence import import_files
    from tests import mediagen as gen

    files = [
        gen.make_video(folder / "Lesson video - fractions exit ticket.mp4", 4.0, width=1280, height=720),
        gen.make_jpeg(folder / "Exit tickets - sorted into three piles.jpg", 1600, 1200),
        gen.make_png(folder / "Tally of responses.png"),
        gen.make_pdf(folder / "Lesson plan.pdf", 2, "Lesson plan - equivalent fractions"),
        gen.make_audio(folder / "Reteach group - audio.m4a", 3.0),
    ]
    return import_files(library, portfolio_id, files).value.imported


def _add_rubric_work(library, portfolio_id: str, evidence) -> None:
    """Answers, tags and a self-assessment part-way through, as a teacher has them mid-credential."""
    from portfolio_app.core.portfolio import Region, TimeRange
    from portfolio_app.services import rubric, tags

    video, photo, _tally, plan, _audio = evidence
    rubric.save_response(
        library,
        portfolio_id,
        "class-and-unit",
        "Grade 4 mathematics, 24 students, in the third week of a unit on equivalent fractions. Six students "
        "are learning English and two have IEPs for reading, so every exit ticket has a picture model and the "
        "questions are read aloud. Students sit in mixed groups of four and are used to explaining their "
        "answers to a partner before writing them down.",
    )
    rubric.save_response(
        library,
        portfolio_id,
        "objective-and-success-criteria",
        "Students will decide whether two fractions are equivalent and justify it with a model.",
    )
    for at, note in ((0.5, "I read the ticket aloud and point to the model"), (2.0, "Students sort their tickets")):
        tags.add_tag(library, video.id, "exit-ticket-design", span=TimeRange(at, at + 1.5), note=note)
    tags.add_tag(library, photo.id, "analysis-of-responses", region=Region(0.05, 0.1, 0.3, 0.8), note="Pile 1: secure")
    tags.add_tag(
        library, photo.id, "analysis-of-responses", region=Region(0.4, 0.1, 0.25, 0.8), note="Pile 2: halves only"
    )
    tags.add_tag(
        library, plan.id, "next-lesson-adjustment", region=Region(0, 0.2, 1, 0.5, page=1), note="Reteach group plan"
    )
    credential_requirements = {
        r.id: r for r in portfolio_with_credential(library, portfolio_id)[1].work_examples.requirements
    }
    for item, wanted in ((video, "video"), (photo, "image"), (plan, "document")):
        fitting = next((r for r in credential_requirements.values() if wanted in r.kinds), None)
        if fitting is not None:
            rubric.link_requirement(library, [item.id], fitting.id)
    rubric.assess(library, portfolio_id, "exit-ticket-design", "demonstrated", "Both questions match the objective.")
    rubric.assess(
        library,
        portfolio_id,
        "analysis-of-responses",
        "progressing",
        "I sorted the tickets into three piles, but I did not yet note which misconception each wrong answer shows.",
    )


def _grab(app, widget, name: str) -> None:
    _settle(app, lambda: True, 0)
    path = OUT / f"{name}.png"
    _picture(widget).save(str(path))
    print(path.relative_to(OUT.parent.parent))


def _picture(widget):
    """The widget as drawn, with the frame each video widget shows painted in: offscreen, a video
    widget draws through its own surface, which a grab leaves blank."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QPainter
    from PySide6.QtMultimediaWidgets import QVideoWidget

    pixmap = widget.grab()
    painter = QPainter(pixmap)
    for video in widget.findChildren(QVideoWidget):
        frame = video.videoSink().videoFrame()
        if not video.isVisible() or not frame.isValid():
            continue
        area = QRect(video.mapTo(widget, QPoint(0, 0)), video.size())
        image = frame.toImage().scaled(
            area.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        painter.fillRect(area, Qt.GlobalColor.black)
        corner = area.topLeft() + QPoint((area.width() - image.width()) // 2, (area.height() - image.height()) // 2)
        painter.drawImage(corner, image)
    painter.end()
    return pixmap


def _shoot_privacy(app, window, library, portfolio_id: str, evidence) -> None:
    """The class roster with its consents, and Redact… on a photo of student work."""
    from portfolio_app.services import appearances, roster
    from portfolio_app.services.evidence import media_path
    from portfolio_app.ui.privacy.redaction_dialog import RedactionDialog

    group = roster.create_class(library, "Grade 7 science, period 3").value
    consents = {"Maya": (True, True, True), "Leo": (False, True, True), "Ana": (True, True, False)}
    consents |= {"Sam": (True, True, True), "Wei": (False, False, False), "Zoe": (True, False, True)}
    students = {
        name: roster.add_student(library, group.id, name, video=v, photo=p, audio=a).value
        for name, (v, p, a) in consents.items()
    }
    appearances.set_portfolio_class(library, portfolio_id, group.id)
    appearances.set_students(library, evidence[0].id, True, [students["Maya"].id, students["Leo"].id])
    dialog = window.open_roster()
    dialog.resize(900, 520)
    dialog.reload()
    _grab(app, dialog, "roster")
    dialog.close()
    photo = evidence[1]
    redacting = RedactionDialog(photo, media_path(library, photo), window)
    for box in ((0.08, 0.08, 0.22, 0.07), (0.55, 0.62, 0.2, 0.18)):  # a name, a face
        redacting.draw(box)
    redacting.resize(900, 700)
    redacting.show()
    _grab(app, redacting, "redaction")
    redacting.close()


def _shoot_export(app, window, folder: Path) -> None:
    """The export wizard (what is still open, what goes in) and the bundle it makes, opened and verified."""
    window.export_action.trigger()
    wizard = window.export_wizard
    _grab(app, wizard, "export-readiness")
    wizard.readiness.draft.setChecked(True)
    wizard.next()
    _grab(app, wizard, "export-contents")
    wizard.next()
    wizard.destination.path.setText(str(folder / "fractions-exit-tickets-draft.zip"))
    wizard.next()
    _settle(app, lambda: wizard.info is not None, 60)
    _grab(app, wizard, "export-done")
    wizard.close()
    window.open_bundle([str(wizard.info.path)])
    viewer = window.bundle_windows[-1]
    viewer.resize(1000, 680)
    _settle(app, lambda: viewer.report is not None, 60)
    _grab(app, viewer, "bundle")
    viewer.close()


def _shoot_face_review(app, window, library, portfolio_id: str, folder: Path) -> None:
    """Blur Faces… on a class video with real faces (skimage's photos): the review with one face kept."""
    from portfolio_app.services.evidence import import_files
    from tests.mediagen import make_face_video

    path, _, _ = make_face_video(folder / "Group work - fractions.mp4", 3.0, width=1280, height=720, seed=4)
    video = import_files(library, portfolio_id, [path]).value.imported[0]
    window.workspace_page.tabs.setCurrentWidget(window.workspace_page.evidence)
    pane = window.workspace_page.evidence
    pane.reload()
    pane.select(video.id)
    pane.edits.blur_faces_action.trigger()  # the runner is synchronous: the faces are found here
    review = pane.edits.face_blurring.review_window
    review.resize(1100, 620)
    review.tracks.item(0).setCheckState(Qt.CheckState.Checked)  # the teacher's own face, say
    shown: list[float] = []
    review.picture_shown.connect(shown.append)
    review.slider.setValue(1500)
    _settle(app, lambda: 1.5 in shown)
    path = OUT / "face-review.png"
    review.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))
    review.close()


def _shoot_outbox(app, window, library, folder: Path, bundle: Path) -> None:
    """The Outbox: one bundle copied to a USB stick with its receipt, another part-way to the district."""
    from portfolio_app.core.changes import Changes
    from portfolio_app.services import destinations, outbox
    from portfolio_app.services.outbox_sending import send_item
    from portfolio_app.storage.outbox import set_offset, set_upload_url

    usb = folder / "USB stick"
    usb.mkdir()
    inbox = "https://inbox.lincoln-district.example/files"
    destinations.add_destination(library, "District inbox", url=inbox, token="t")
    destinations.add_destination(library, "USB stick", folder=str(usb))
    send_item(library, outbox.queue_file(library, bundle, "USB stick").value.id)
    later = folder / "questioning-grade-7-science.zip"
    later.write_bytes(bundle.read_bytes()[::-1])
    waiting = outbox.queue_file(library, later, "District inbox").value
    set_upload_url(library.db, waiting.id, inbox + "/5c2e", waiting.queued_at)
    set_offset(library.db, waiting.id, waiting.size * 2 // 5, waiting.queued_at)
    window.refresh(Changes(outbox=True))
    window.outbox.action.trigger()
    _grab(app, window, "outbox")


def _shoot_rooms(app, window, library, portfolio_id: str, folder: Path) -> None:
    """Notes, the coach's observation, talk time, the review, the trust lists and the badge shelf."""
    from docs import screenshot_rooms as rooms

    def grab(widget, name: str) -> None:
        _grab(app, widget, name)

    rooms.shoot_note(app, window, library, portfolio_id, grab)
    rooms.shoot_observation(app, window.ops, library, grab)
    rooms.shoot_talk(app, window.ops, library, portfolio_id, folder, grab)
    rooms.shoot_review_loop(app, window, library, folder, grab)


def main() -> int:
    import keyring

    from tests.keyring_memory import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # a throwaway demo key: never the developer's own keychain
    app = make_application()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="portfolio-demo-") as tmp:
        built = build_library(Path(tmp) / "library", portfolios=7, evidence=0, seed=3)
        library = open_library(built.data_dir)
        shown = next(s for s in list_portfolios(library) if s.portfolio.credential_id.startswith("formative"))
        evidence = _add_real_evidence(library, shown.portfolio.id, Path(tmp))
        _add_rubric_work(library, shown.portfolio.id, evidence)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Operations(library, synchronous=True), settings)
        window.resize(*SIZE)
        window.show()

        def shoot(name: str) -> None:
            app.processEvents()
            path = OUT / f"{name}.png"
            _picture(window).save(str(path))
            print(path.relative_to(OUT.parent.parent))

        window.catalog_page.select("questioning-to-deepen-thinking")
        shoot("catalog")
        window.tree.select_node(NodeKind.PORTFOLIO, shown.portfolio.id)
        pane = window.workspace_page.evidence
        pane.select(pane.model.evidence(1).id)  # a photo of student work, shown beside the list
        _settle(app, lambda: all(pane.model.thumbnail_loaded(i) for i in pane.model.ids()))
        _settle(app, lambda: pane.viewer.image.loaded)  # the tagged regions are outlined on the photo
        shoot("evidence")
        window.workspace_page.tabs.setCurrentWidget(window.workspace_page.guide)
        shoot("workspace")
        window.workspace_page.tabs.setCurrentWidget(window.workspace_page.rubric)
        shoot("rubric")
        window.workspace_page.show_prompt("objective-and-success-criteria")
        _settle(app, lambda: True, 0)
        shoot("answers")
        window.workspace_page.show_criterion("analysis-of-responses")
        _settle(app, lambda: True, 0)
        shoot("self-assessment")
        window.workspace_page.tabs.setCurrentWidget(window.workspace_page.checklist)
        shoot("checklist")
        _shoot_privacy(app, window, library, shown.portfolio.id, evidence)
        _shoot_export(app, window, Path(tmp))
        _shoot_outbox(app, window, library, Path(tmp), Path(tmp) / "fractions-exit-tickets-draft.zip")
        _shoot_face_review(app, window, library, shown.portfolio.id, Path(tmp))
        _shoot_rooms(app, window, library, shown.portfolio.id, Path(tmp))
        window.close()
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

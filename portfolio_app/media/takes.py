"""A take recorded while observing, made into the recording that is kept.

Takes are recorded as Matroska because its file is readable up to wherever a killed recorder
stopped writing (an MP4's index is written last: cut off, nothing plays). Qt's Matroska muxer
starts its times where the session's clock stood (about a second in), while the observation's
times are the recorder's duration, from 0; so the kept recording is the same picture and sound
copied (not re-encoded) into an MP4 whose times start at 0, like every other recording.
"""

from __future__ import annotations

from pathlib import Path

import av

from portfolio_app.core.errors import MediaError

HOLD_AT_MOST = 500  # packets held back while waiting for every stream's first (a stream may never come)
NOTHING_WRITTEN = "holds nothing that can be played: the recording stopped before anything was written"


def finish_take(src: Path, dst: Path) -> bool:
    """Copy the picture and sound of the take `src` into an MP4 at `dst`, its times from 0.

    A take cut off by a crash is copied up to where it was written. Returns whether it has a
    picture (else it is sound only).

    Raises:
        MediaError: nothing in the take can be read.
    """
    try:
        source = av.open(str(src))
    except (av.FFmpegError, OSError) as exc:
        raise MediaError(src.name, NOTHING_WRITTEN) from exc
    with source:
        streams = [s for s in source.streams if s.type in ("video", "audio")]
        if not streams:
            raise MediaError(src.name, NOTHING_WRITTEN)
        muxed = 0
        with av.open(str(dst), "w", format="mp4") as out:
            copies = {s.index: out.add_stream_from_template(s) for s in streams}
            # The take's times start where its first packet is (its streams' start_time may say 0
            # while the first packet is a second in): the earliest first packet of any stream.
            # Seen with Qt 6.11: AAC's priming packet at -21 ms, then sound and picture from 1003 ms.
            held: list = []
            firsts: dict[int, object] = {}
            offset = None
            try:
                for packet in source.demux(*streams):
                    if packet.dts is None or packet.pts is None:  # the empty packets that end a demux
                        continue
                    if packet.pts < 0:  # the sound encoder's priming packet, stamped before the picture
                        continue
                    if offset is None:
                        firsts.setdefault(packet.stream.index, packet.pts * packet.time_base)
                        held.append(packet)
                        if len(firsts) < len(streams) and len(held) < HOLD_AT_MOST:
                            continue
                        offset = min(firsts.values())
                    for ready in held or [packet]:
                        _mux(out, copies, ready, offset)
                        muxed += 1
                    held = []
            except (av.FFmpegError, EOFError):
                pass  # cut off by a crash: what came before it is kept
            if held:  # a take shorter than the packets held back
                offset = min(firsts.values())
                for ready in held:
                    _mux(out, copies, ready, offset)
                    muxed += 1
        if not muxed:
            dst.unlink(missing_ok=True)
            raise MediaError(src.name, NOTHING_WRITTEN)
        return any(s.type == "video" for s in streams)


def _mux(out, copies: dict, packet, offset) -> None:
    shift = int(offset / packet.time_base)
    packet.pts, packet.dts = max(packet.pts - shift, 0), max(packet.dts - shift, 0)
    packet.stream = copies[packet.stream.index]
    out.mux(packet)

"""Decoding a bundle's files: UTF-8 by default, with the bytes that are not UTF-8
read as Windows-1252 (older Salesforce orgs export ISO-8859-1), and an
undecodable byte reported at its real line."""

from __future__ import annotations

import codecs
import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from typing_extensions import Buffer

from ingest.errors import BundleUnreadableError
from ingest.source import Bundle

__all__ = ["AUTO_ENCODING", "decode_errors", "fallback_bytes"]

#: The codec used when no --encoding is given: UTF-8 (with or without a BOM), where
#: any byte that is not UTF-8 is read as Windows-1252 (a superset of ISO-8859-1 for
#: text), as older Salesforce orgs export. A true UTF-8 file is read exactly as
#: UTF-8; no pre-scan, no second pass.
AUTO_ENCODING: Final = "powermap-utf8-or-cp1252"
_FALLBACK_ERRORS: Final = "powermap-cp1252-fallback"
#: bytes read as Windows-1252 in the file being read (None outside open_table)
fallback_bytes: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "powermapfallback_bytes", default=None
)


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    counter = fallback_bytes.get()
    if counter is not None:
        counter[0] += len(bad)
    # Five bytes are undefined in Windows-1252: read them as ISO-8859-1.
    text = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad)
    return text, exc.end


_MIXED: Final = "mixes UTF-8 and another encoding"


class _AutoDecoder(codecs.IncrementalDecoder):
    """UTF-8 with the Windows-1252 fallback; a file that holds both real UTF-8
    characters and bytes that are not UTF-8 is refused: guessing would corrupt
    one or the other."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self._inner = codecs.getincrementaldecoder("utf-8-sig")(_FALLBACK_ERRORS)
        self._utf8 = False
        self._fallback = False

    def decode(self, input: Buffer, final: bool = False) -> str:
        counter = fallback_bytes.get()
        before = counter[0] if counter is not None else 0
        out = self._inner.decode(input, final)
        if not out.isascii():
            fallback = counter[0] - before if counter is not None else 0
            non_ascii = len(out) - len(out.encode("ascii", "ignore"))
            self._utf8 = self._utf8 or non_ascii > fallback
            self._fallback = self._fallback or fallback > 0
            if self._utf8 and self._fallback:
                raise UnicodeDecodeError("utf-8", bytes(input), 0, 1, _MIXED)
        return out

    def reset(self) -> None:
        self._inner.reset()

    def getstate(self) -> tuple[bytes, int]:
        return self._inner.getstate()

    def setstate(self, state: tuple[bytes, int]) -> None:
        self._inner.setstate(state)


def _auto_codec(name: str) -> codecs.CodecInfo | None:
    if name != AUTO_ENCODING.replace("-", "_") and name != AUTO_ENCODING:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        utf8.encode,
        lambda data, errors="strict": (
            codecs.decode(bytes(data), "utf-8-sig", _FALLBACK_ERRORS),
            len(data),
        ),
        name=AUTO_ENCODING,
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_AutoDecoder,
    )


codecs.register_error(_FALLBACK_ERRORS, _cp1252_fallback)
codecs.register(_auto_codec)


def _bad_byte(bundle: Bundle, key: str, encoding: str) -> tuple[int, int] | None:
    """(physical line, byte) of the first byte ``encoding`` cannot decode: the text
    layer decodes ahead of the CSV reader, so the reader's line is not where it is."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with bundle.open_text(key, "latin-1") as raw:  # ISO-8859-1 maps bytes 1:1
        while chunk := raw.read(1 << 16):
            data = chunk.encode("latin-1")
            try:
                decoder.decode(data)
            except UnicodeDecodeError as exc:
                start = max(0, min(exc.start, len(data) - 1))
                return line + data.count(b"\n", 0, start), data[start]
            line += data.count(b"\n")
    return None


@contextmanager
def decode_errors(bundle: Bundle, key: str, file: str, encoding: str) -> Iterator[None]:
    try:
        yield
    except UnicodeDecodeError as exc:
        mixed = exc.reason == _MIXED
        found = _bad_byte(bundle, key, "utf-8-sig" if mixed else encoding)
        line, byte = found if found is not None else (0, exc.object[exc.start])
        where = f"{file}:{line}" if line else file
        if mixed:
            raise BundleUnreadableError(
                f"{where}: is not UTF-8 throughout: it mixes UTF-8 text with another "
                f"encoding (byte 0x{byte:02x} on line {line}); re-save it in one encoding, "
                "or pass --encoding with the one to use"
            ) from None
        shown = "UTF-8" if encoding == "utf-8-sig" else encoding
        raise BundleUnreadableError(
            f"{where}: is not {shown} text (byte 0x{byte:02x} on line {line}); pass "
            "--encoding with the file's encoding (e.g. --encoding cp1252 or latin-1), "
            "leave --encoding out to read non-UTF-8 bytes as Windows-1252, or re-save "
            "it as UTF-8"
        ) from None

"""Per-record decoders and encoders compiled from a layout."""

from cnab.codec.record import RecordCodec, compile_record

__all__ = ["RecordCodec", "compile_record"]

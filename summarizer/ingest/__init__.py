"""Ingest: transcript readers, audio decoding, ASR and speakers, all producing a ``Transcript``."""

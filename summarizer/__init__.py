"""crc: turn a B2B sales call into a scored compte rendu commercial and its follow-up email."""

__version__ = "0.1.0"

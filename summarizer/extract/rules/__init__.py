"""The embedded rules backend: cue lexicons, spaCy morphology and the written register of a CRC."""

from summarizer.extract.rules.extractor import extract_rules

__all__ = ["extract_rules"]

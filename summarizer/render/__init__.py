"""Renderers: pure functions from a CRC (and its score) to the files the pipeline writes atomically."""

from summarizer.render.common import email_subject, validation_deadline
from summarizer.render.docx import render_docx
from summarizer.render.email import render_email_html, render_email_text, render_eml
from summarizer.render.ics import render_ics
from summarizer.render.markdown import render_markdown

__all__ = [
    "email_subject",
    "render_docx",
    "render_email_html",
    "render_email_text",
    "render_eml",
    "render_ics",
    "render_markdown",
    "validation_deadline",
]

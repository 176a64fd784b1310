"""The meeting day a file's name gives: one reader for crc run, the batch's --since and the web upload."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.dates import date_in_name


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("appel-2026-11-18.vtt", dt.date(2026, 11, 18)),
        ("20261118_visite.m4a", dt.date(2026, 11, 18)),
        ("compte.2026.11.18.txt", dt.date(2026, 11, 18)),
        ("appel-2026-02-30.vtt", None),  # no such day
        ("appel-2099-13-01.vtt", None),
        ("devis-v2.docx", None),
    ],
)
def test_date_in_name(name: str, day: dt.date | None) -> None:
    assert date_in_name(name) == day

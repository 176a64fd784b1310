"""The checks every account gold passes before it scores anything: its quotes are verbatim in its calls,
a kept promise has its report and the call that says it, and who attended spoke."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.grounding import normalize
from summarizer.ingest.transcript import read_transcript


def check_account_gold(path: Path) -> None:
    """Assert one ``*.account-gold.json`` is consistent with the transcripts beside it."""
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    calls = {c["meeting_date"]: read_transcript(path.parent / c["transcript"]) for c in gold["calls"]}
    text = {d: normalize(" ".join(s.text for s in t.segments)) for d, t in calls.items()}
    for c in gold["commitments"]:
        assert normalize(c["promise"]) in text[c["source"]], c["promise"]
        assert all(normalize(q) in text[c["done_in"]] for q in c["report"]), c["report"]
        assert (c["status"] == "done") == bool(c["report"]) == (c["done_in"] is not None)
    raw = {d: " ".join(s.text for s in t.segments) for d, t in calls.items()}
    for s in gold["stakeholders"]:  # attended = spoke; never met = named in a call, never a speaker
        assert all(s["name"] in calls[d].speakers for d in s["calls"]), s["name"]
        assert s["calls"] or (any(s["name"] in t for t in raw.values())
                              and all(s["name"] not in t.speakers for t in calls.values())), s["name"]

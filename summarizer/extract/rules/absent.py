"""People named with their job who never speak: « il faudra convaincre notre DAF, Mme Rouquier », « c'est notre
président, Bernard Lacoste, qui signe ». The CRC lists them as participants not present (``attended: false``),
as the llm backend does, so the account plan finds who decides but was never met from the CRC alone, whether
or not a fact kept the sentence. Only a name said beside a job counts: a first name alone, a product or a
company is no one to meet.
"""

from __future__ import annotations

from summarizer.crc import Participant, Side
from summarizer.extract.base import ExtractContext
from summarizer.extract.named import named_people
from summarizer.extract.rules import lexicon as lx
from summarizer.extract.rules.participants import People
from summarizer.ingest.transcript import Transcript
from summarizer.names import name_key


def _known(key: str, keys: set[str]) -> bool:
    """A speaker, or a part of a speaker's name (« Hervé » when Hervé Dumoulin speaks)."""
    words = set(key.split())
    return any(words <= set(k.split()) for k in keys)


def absent_people(transcript: Transcript, people: People, ctx: ExtractContext) -> list[Participant]:
    """Each person named with a job and absent from the call, once; « notre … » puts them on the speaker's side.
    A transcript that says nobody's turns says nobody's absence either: none then."""
    if not transcript.speakers:
        return []
    keys = {name_key(p.name) for p in people.participants}
    orgs = {name_key(o) for o in (ctx.client, ctx.vendor, *(p.organization for p in people.participants)) if o}
    found: dict[str, Participant] = {}
    for seg in transcript.segments:
        for full, role, own in named_people(seg.text, ctx.language, with_role=True):
            key = name_key(full)
            if role is None or not key or key in orgs or _known(key, keys):
                continue
            speaker = people.by_speaker.get(seg.speaker or "")
            p = found.setdefault(key, Participant(name=full, attended=False))
            p.role = p.role or role[:1].upper() + role[1:]
            if own and speaker is not None and speaker.side != Side.unknown and p.side == Side.unknown:
                p.side, p.organization = speaker.side, speaker.organization
            p.decision_role = p.decision_role or next(
                (label for label, rx in lx.DECISION_ROLE if rx.search(p.role.lower())), None)
    return list(found.values())

"""Speaker labels that are not names ("Locuteur 2", "SPEAKER_01", "Vendeur") take the name said in the call.

Diarized ASR output, Teams exports without names and stereo channels label speakers by number or by
side: owners and sides then never reach the people. :func:`name_placeholder_speakers` reads who is
who from what is said (:func:`summarizer.ingest.speakers.speaker_names`, with spaCy's person entities
to confirm names used as vocatives) and renames those labels only; a label that is a name is kept and
its name is taken. A side label ("Vendeur", "Client") gives its side to the name it becomes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from summarizer.ingest.speakers import speaker_names
from summarizer.ingest.transcript import Transcript
from summarizer.lang import code_of
from summarizer.names import name_key

__all__ = ["NamedSpeakers", "is_placeholder", "name_placeholder_speakers", "person_check"]

_NUMBERED = re.compile(
    r"(?:(?:unknown|inconnu)\s+)?(?:locuteur|locutrice|intervenant|intervenante|participant|participante|interlocuteur|"
    r"speaker|spk|guest|invité|inconnu|unknown|personne|voix|voice|orateur|oratrice|canal|channel)"
    r"(?:[\s_#-]*\d{1,3}|\s+[A-Z]|[_-][A-Z])?",
    re.I,
)
#: side labels and what they say about the speaker
SIDE_LABELS = {
    "vendeur": "vendor", "vendeuse": "vendor", "commercial": "vendor", "commerciale": "vendor", "vendor": "vendor",
    "seller": "vendor", "sales": "vendor", "client": "client", "cliente": "client", "customer": "client",
    "prospect": "client", "acheteur": "client", "acheteuse": "client", "buyer": "client",
}


def is_placeholder(label: str) -> bool:
    """A label that names nobody: a number ("SPEAKER_00", "Locuteur 2", "Speaker 1"), a side ("Vendeur")."""
    text = label.strip()
    core = re.sub(r"[\s_#-]*\d+$", "", text)
    return bool(_NUMBERED.fullmatch(text)) or name_key(core) in SIDE_LABELS or bool(re.fullmatch(r"[A-Z]?\d{1,3}", text))


@dataclass
class NamedSpeakers:
    transcript: Transcript
    #: old label -> new name, for the labels renamed
    renamed: dict[str, str] = field(default_factory=dict)

    def side_hints(self) -> list[str]:
        """``"Name:vendor"`` for every side label that became a name (the ``--participants`` form)."""
        hints = []
        for old, new in self.renamed.items():
            side = SIDE_LABELS.get(name_key(re.sub(r"[\s_#-]*\d+$", "", old)))
            if side:
                hints.append(f"{new}:{side}")
        return hints


def person_check(transcript: Transcript, language: str | None) -> Callable[[str], bool]:
    """Whether a name is a person for spaCy's recogniser somewhere in the call (PER entity); lazy:
    the segments are read only when a vocative needs it, and only the segments that say the name."""
    cache: dict[str, bool] = {}

    def check(name: str) -> bool:
        if name not in cache:
            from summarizer.nlp import load_ner

            nlp = load_ner(code_of(language))
            words = [w for w in re.split(r"\s+", name) if w]
            texts = [s.text for s in transcript.segments if all(w in s.text for w in words)][:8]
            cache[name] = nlp is not None and any(
                e.label_ == "PER" and all(w in e.text for w in words) for doc in nlp.pipe(texts) for e in doc.ents
            )
        return cache[name]

    return check


def _words(name: str) -> set[str]:
    """The words that make a name someone's ("Le", "de", "van" do not)."""
    return {w for w in name_key(name).split() if len(w) > 2 and w not in {"des", "van", "von", "der", "den"}}


def name_placeholder_speakers(
    transcript: Transcript, participants: Sequence[str] = (), language: str | None = None
) -> NamedSpeakers:
    """The transcript with every placeholder label that the call names renamed; unchanged otherwise."""
    labels = transcript.speakers
    if not any(is_placeholder(label) for label in labels):
        return NamedSpeakers(transcript)
    turns = [(s.speaker or "", s.text) for s in transcript.segments if s.text.strip()]
    names = speaker_names(turns, participants, person_check(transcript, language or transcript.language))
    taken = set().union(*(_words(label) for label in labels if not is_placeholder(label)))
    renamed: dict[str, str] = {}
    for label in labels:
        name = names.get(label)
        if is_placeholder(label) and name and not _words(name) & taken:
            renamed[label] = name  # never a name, nor part of one, that another speaker already has
            taken |= _words(name)
    if not renamed:
        return NamedSpeakers(transcript)
    segments = [s.model_copy(update={"speaker": renamed.get(s.speaker or "", s.speaker)}) for s in transcript.segments]
    return NamedSpeakers(transcript.model_copy(update={"segments": segments}), renamed)

"""Pseudonymisation for the llm backend: nothing personal leaves the machine.

Before a request, people's names, e-mail addresses, phone numbers, IBAN and card
numbers, postal addresses and (optionally) the client's and vendor's names are
replaced by placeholders such as ``[PERSONNE_1]``; the model's answer gets the
real values back before instructor validates it, so grounding checks the restored
quotes against the real transcript. One :class:`Pseudonyms` serves a whole call,
so a value has the same placeholder in every chunk and every re-ask.

Detection is Microsoft Presidio's analyzer on the French spaCy model with
Presidio's own recognizers for e-mail, phone, IBAN and card numbers, one pattern
recognizer for street addresses (Presidio has none for French) and deny lists
seeded with what crc already knows (participants, speaker labels, ``--client`` /
``--vendor``). Presidio and spaCy load on first use only.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from summarizer.errors import ConfigError
from summarizer.messages import Message

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

    from summarizer.extract.llm.settings import LlmSettings

log = logging.getLogger(__name__)

#: Presidio entity -> (kind recorded in the CRC metadata, placeholder label the model sees)
KINDS: dict[str, tuple[str, str]] = {
    "PERSON": ("person", "PERSONNE"),
    "EMAIL_ADDRESS": ("email", "EMAIL"),
    "PHONE_NUMBER": ("phone", "TELEPHONE"),
    "IBAN_CODE": ("iban", "IBAN"),
    "CREDIT_CARD": ("card", "CARTE"),
    "STREET_ADDRESS": ("address", "ADRESSE"),
    "CRC_CLIENT": ("client", "CLIENT"),
    "CRC_VENDOR": ("vendor", "FOURNISSEUR"),
}
_LABELS = "|".join(label for _, label in KINDS.values())
#: a placeholder as the model may write it back (brackets kept or dropped)
PLACEHOLDER = re.compile(rf"\[?\b((?:{_LABELS})_\d+)\b\]?")
#: below this Presidio score a detection is ignored (phone numbers score 0.4 when only their shape matches)
MIN_SCORE = 0.35
#: fewer digits than this is a short code or a number in the talk, not a phone number
MIN_PHONE_DIGITS = 8
#: regions whose phone-number formats are recognised (French calls, European and North-American clients)
#: (numbers written with +CC are found whatever the region; regions only add national formats)
PHONE_REGIONS = ("FR", "BE", "CH", "LU", "GB", "US", "DE", "ES", "IT")
#: a French street address: number, street type, name, optionally a postcode and town
STREET_FR = (
    r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|allée|impasse|chemin|route|quai|cours|"
    r"square|passage)\s+[^\n,.;:!?]{2,40}?"
    r"(?:,?\s+\d{5}\s+[A-ZÉÈ][\w'-]+(?:[ -][A-ZÉÈ][\w'-]+)*|(?=[,.;:!?\n]|$))"
)
#: an English one: number, capitalised name, street type, optionally a town
STREET_EN = (
    r"\b\d{1,5}\s+(?:[A-Z][\w'-]+\s+){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Boulevard|Blvd\.|Way|"
    r"Court|Place|Square)(?:,\s*[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)?"
)
#: a title and a capitalised name ("Monsieur Combalot", "Dr Amrani"): a person the small NER model misses
TITLED_NAME = (
    r"\b(?:Monsieur|Madame|Mademoiselle|Maître|Docteur|Professeur|M\.|Mme|Mlle|Dr\.?|Pr\.?|Mr\.?|Mrs\.?|Ms\.?)"
    r"\s+[A-ZÀ-ÖØ-Þ][\w'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'-]+)?"
)
#: name parts that do not identify anyone on their own
_TITLES = {"m", "mme", "mlle", "dr", "maître", "me", "pr", "mr", "mrs", "ms", "monsieur", "madame"}
_PRIVATE_NETS = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")]


# --- when --------------------------------------------------------------------------


def local_endpoint(base_url: str | None) -> tuple[bool, str]:
    """(is the endpoint on this machine or its private network?, its host).

    Loopback, RFC 1918, IPv6 unique-local and link-local addresses, ``localhost`` and ``.local`` names are
    local; any other name is not (it is never resolved: DNS could say anything).
    """
    host = (urlsplit(base_url).hostname or "") if base_url else "api.openai.com"
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return True, host
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False, host
    return ip.is_loopback or ip.is_link_local or any(ip in net for net in _PRIVATE_NETS), host


def redaction_decision(settings: LlmSettings) -> tuple[bool, Message]:
    """Whether requests are pseudonymised, and why (``crc doctor`` shows the reason)."""
    if settings.redact != "auto":
        if settings.redact == "on":
            return True, Message("redact_forced_on")
        return False, Message("redact_forced_off")
    local, host = local_endpoint(settings.base_url)
    if local:
        return False, Message("redact_local", host=host)
    return True, Message("redact_remote", host=host)


# --- detection ---------------------------------------------------------------------


def name_parts(name: str) -> list[str]:
    """The name and each part that identifies on its own ("Claire Martin" -> Claire, Martin; titles aside)."""
    parts = [p for p in re.split(r"[\s]+", name.strip()) if p]
    kept = [p for p in parts if p.lower().rstrip(".") not in _TITLES and len(p) >= 3 and p[0].isupper()]
    return [name.strip(), *kept] if name.strip() else []


def _spacy_ner(language: str) -> Any:
    """crc's entity pipeline; the French one for English calls when ``en_core_web_sm`` is not installed."""
    from summarizer.nlp import load_ner

    return load_ner(language) or load_ner("fr")


@functools.lru_cache(maxsize=2)
def _analyzer(language: str) -> AnalyzerEngine:
    """Presidio with crc's spaCy entity model and Presidio's recognizers, made for one language."""
    from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
    from presidio_analyzer.pattern import Pattern
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
    )

    nlp = SpacyNlpEngine(ner_model_configuration=NerModelConfiguration(
        model_to_presidio_entity_mapping={"PER": "PERSON", "PERSON": "PERSON"},
        labels_to_ignore=["LOC", "GPE", "ORG", "MISC"],
        low_score_entity_names=[],
    ))
    nlp.nlp = {language: _spacy_ner(language)}  # type: ignore[assignment]  # crc's own fast load, shared with the account view
    from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

    class _NoContext(ContextAwareEnhancer):
        """No score boost from nearby words: Presidio's context words are English, and its lemma enhancer
        walks the whole call's tokens for each detection (most of the time on a 30-minute call)."""

        def __init__(self) -> None:
            super().__init__(context_similarity_factor=0.0, min_score_with_context_similarity=0.0,
                             context_prefix_count=0, context_suffix_count=0)

        def enhance_using_context(self, text: str, raw_results: list[Any], nlp_artifacts: Any,
                                  recognizers: list[Any], context: list[str] | None = None) -> list[Any]:
            return raw_results

    class OfflineEmailRecognizer(EmailRecognizer):
        """Presidio's e-mail recognizer, checking the domain against tldextract's bundled suffix list
        (its default fetches the list from the network on first use)."""

        def validate_result(self, pattern_text: str) -> bool:
            return bool(_tld_extract()(pattern_text).fqdn)

    registry = RecognizerRegistry(supported_languages=[language])
    for recognizer in (
        SpacyRecognizer(supported_language=language, supported_entities=["PERSON"]),
        OfflineEmailRecognizer(supported_language=language),
        PhoneRecognizer(supported_language=language, supported_regions=PHONE_REGIONS),
        IbanRecognizer(supported_language=language),
        CreditCardRecognizer(supported_language=language),
        PatternRecognizer(supported_entity="STREET_ADDRESS", supported_language=language, name="StreetAddress",
                          patterns=[Pattern("street-fr", STREET_FR, 0.6), Pattern("street-en", STREET_EN, 0.6)]),
        PatternRecognizer(supported_entity="PERSON", supported_language=language, name="TitledName",
                          patterns=[Pattern("titled-name", TITLED_NAME, 0.6)]),
    ):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=[language],
                          context_aware_enhancer=_NoContext())


@functools.lru_cache(maxsize=1)
def _tld_extract() -> Any:
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _kept(results: list[Any], text: str) -> list[Any]:
    """Detections not inside a longer one (digits of an IBAN are no phone number, an e-mail's local part no
    name), phone numbers with at least 8 digits (Presidio takes short codes like "3000" for numbers), and
    names that start with a capital and hold no day or month name."""
    out = []
    for r in results:
        value = text[r.start:r.end]
        if r.entity_type == "PHONE_NUMBER" and sum(c.isdigit() for c in value) < MIN_PHONE_DIGITS:
            continue
        if r.entity_type == "PERSON" and (not value[:1].isupper() or _calendar(value)):
            continue  # "you", "Wednesday the twenty-fifth": the NER's slips; a due date must stay readable
        inside = any(o is not r and o.start <= r.start and r.end <= o.end and (o.end - o.start) > (r.end - r.start)
                     for o in results)
        if not inside:
            out.append(r)
    return out


def _calendar(value: str) -> bool:
    """A day or month name in the span ("Wednesday", "Mardi prochain"): not a person."""
    from summarizer.dates.vocabulary import _MONTHS, _WEEKDAYS
    from summarizer.names import ascii_fold

    words = re.findall(r"\w+", ascii_fold(value).lower())
    return any(len(w) > 3 and (w in _WEEKDAYS or w in _MONTHS) for w in words)


def _seeded(entity: str, values: Iterable[str], language: str) -> Any:
    from presidio_analyzer import PatternRecognizer

    return PatternRecognizer(supported_entity=entity, supported_language=language, deny_list=sorted(set(values)),
                             name=f"crc-{entity.lower()}", deny_list_score=1.0)


def detect(texts: list[str], language: str, people: Iterable[str] = (), client: str | None = None,
           vendor: str | None = None, keep: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(Presidio entity, value) of everything to pseudonymise in ``texts``, known names included; ``keep``
    is never replaced (company names sent in clear, which spaCy may take for people)."""
    from summarizer.ingest.speaker_labels import is_placeholder

    # "Locuteur 2", "SPEAKER_00", "Client" name nobody (and "Client" is a word of the prompt)
    people = [n for name in people if not is_placeholder(name) for n in name_parts(name)]
    orgs = [("CRC_CLIENT", client), ("CRC_VENDOR", vendor)]
    ad_hoc = [_seeded("PERSON", people, language)] if people else []
    ad_hoc += [_seeded(entity, [value], language) for entity, value in orgs if value]
    text = "\n".join(texts)
    found: list[tuple[str, str]] = [("PERSON", n) for n in people]
    found += [(entity, value) for entity, value in orgs if value]
    kept = [k for k in keep if k]
    results = _analyzer(language).analyze(text, language=language, ad_hoc_recognizers=ad_hoc,
                                          score_threshold=MIN_SCORE, allow_list=kept or None)
    found += [(r.entity_type, text[r.start:r.end].strip()) for r in sorted(_kept(results, text), key=lambda r: r.start)]
    return [(entity, value) for entity, value in found if len(value) >= 2 and value not in kept]


# --- replace and restore --------------------------------------------------------------


def _json_escaped(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


@dataclass
class Pseudonyms:
    """The placeholder of each value for one call, and back."""

    by_value: dict[str, str] = field(default_factory=dict)
    by_placeholder: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, entity: str, value: str) -> None:
        kind, label = KINDS[entity]
        if value in self.by_value:
            return
        number = sum(1 for k in self.kinds.values() if k == kind) + 1
        placeholder = f"[{label}_{number}]"
        self.by_value[value] = placeholder
        self.by_placeholder[placeholder[1:-1]] = value
        self.kinds[placeholder[1:-1]] = kind
        self._pattern = None

    def counts(self) -> dict[str, int]:
        """Distinct values replaced, per kind (what the CRC metadata records: never the values)."""
        out: dict[str, int] = {}
        for kind in self.kinds.values():
            out[kind] = out.get(kind, 0) + 1
        return out

    def _compiled(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self.by_value:
                values = sorted(self.by_value, key=len, reverse=True)  # "Claire Martin" before "Claire"
                self._pattern = re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in values))
            return self._pattern

    def redact(self, text: str) -> str:
        pattern = self._compiled()
        return pattern.sub(lambda m: self.by_value[m.group(0)], text) if pattern else text

    def restore(self, text: str, escape: bool = True) -> str:
        """Placeholders back to their values (JSON-escaped by default: answers are JSON text)."""
        def value(m: re.Match[str]) -> str:
            real = self.by_placeholder.get(m.group(1))
            if real is None:
                return m.group(0)
            return _json_escaped(real) if escape else real
        return PLACEHOLDER.sub(value, text)

    def redact_any(self, obj: Any) -> Any:
        """Every string inside a message (content, tool-call arguments, content parts) redacted."""
        if isinstance(obj, str):
            return self.redact(obj)
        if isinstance(obj, dict):
            return {k: self.redact_any(v) if k not in {"role", "name", "type", "id", "tool_call_id"} else v
                    for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [self.redact_any(v) for v in obj]
        return obj

    def restore_completion(self, completion: Any) -> None:
        """The real values back into a chat completion's text and tool-call arguments, in place."""
        for choice in getattr(completion, "choices", None) or []:
            message = getattr(choice, "message", None)
            if message is None:
                continue
            if isinstance(message.content, str):
                message.content = self.restore(message.content)
            for call in getattr(message, "tool_calls", None) or []:
                function = getattr(call, "function", None)
                if function is not None and isinstance(function.arguments, str):
                    function.arguments = self.restore(function.arguments)

    def wrap(self, create: Callable[..., Any]) -> Callable[..., Any]:
        """``create`` whose messages leave redacted and whose answer comes back restored."""
        def redacted_create(*args: Any, **kwargs: Any) -> Any:
            if "messages" in kwargs:
                kwargs["messages"] = self.redact_any(list(kwargs["messages"]))
            response = create(*args, **kwargs)
            self.restore_completion(response)
            return response
        return redacted_create


def pseudonymise(texts: list[str], language: str, people: Iterable[str] = (), client: str | None = None,
                 vendor: str | None = None, companies: bool = True, protected: str = "") -> Pseudonyms:
    """The placeholders of one call: detected once over all its text, so every chunk shares them.

    A detected name that is also a word of ``protected`` (the prompt: "Transcription" taken for a person)
    is left alone, or the prompt itself would be rewritten; names crc was given are replaced regardless.
    """
    people = list(people)
    pseudo = Pseudonyms()
    if companies:
        found = detect(texts, language, people, client, vendor)
    else:
        found = detect(texts, language, people, keep=[o for o in (client, vendor) if o])
    given = {n for name in people for n in name_parts(name)} | {client, vendor}
    for entity, value in found:
        if value not in given and protected and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", protected):
            continue
        pseudo.add(entity, value)
    return pseudo


def call_pseudonyms(settings: LlmSettings, texts: list[str], language: str, people: Iterable[str],
                    client: str | None, vendor: str | None, prompt: str = "") -> Pseudonyms | None:
    """The call's placeholders when redaction applies (:func:`redaction_decision`), else None; ``prompt`` is
    the fixed text sent with the call, whose words stay as they are."""
    on, reason = redaction_decision(settings)
    log.info("LLM: %s", reason)
    if not on:
        return None
    try:
        return pseudonymise(texts, language, people, client, vendor, companies=settings.redact_companies,
                            protected=prompt)
    except (ImportError, OSError) as exc:  # presidio or the spaCy model missing
        raise ConfigError(Message("redact_unavailable", detail=f"{type(exc).__name__}: {exc}"[:200])) from exc

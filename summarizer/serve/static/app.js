// crc upload page: plain DOM, no build step. All text from the server is set
// with textContent (never innerHTML), and the token travels only in the
// Authorization header (no cookie), so forms cannot be forged cross-site.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const authRequired = body.dataset.authRequired === "true";
  const maxUploadMb = parseFloat(body.dataset.maxUploadMb || "0");
  const REP_KEY = "crc.rep";
  const { LANG, t, el, token, saveToken, headers, fmtDate } = window.crcPage;
  const STAGES = {
    queued: t("stage_queued"),
    starting: t("stage_starting"),
    reading: t("stage_reading"),
    transcribing: t("stage_transcribing"),
    extracting: t("stage_extracting"),
    scoring: t("stage_scoring"),
    rendering: t("stage_rendering"),
    done: t("stage_done"),
    failed: t("stage_failed"),
  };
  const SECTIONS = [
    ["facts", t("section_facts"), "text"],
    ["decisions", t("section_decisions"), "text"],
    ["risks", t("section_risks"), "text"],
    ["next_steps", t("section_next_steps"), "action"],
    ["deliverables", t("section_deliverables"), "what"],
    ["objections", t("section_objections"), "text"],
  ];
  const SIDES = { client: t("side_client"), vendor: t("side_vendor"), unknown: "" };

  let state = { jobId: null, job: null, crc: null, score: null, audioUrl: null, poll: null };

  // --- helpers --------------------------------------------------------------
  async function api(path, options) {
    const opts = Object.assign({}, options || {});
    opts.headers = headers(opts.headers);
    const res = await fetch(path, opts);
    if (res.status === 401) {
      showToken(t("token_refused"));
      throw new Error(t("token_invalid"));
    }
    if (!res.ok) {
      let detail = res.status + " " + res.statusText;
      try {
        const data = await res.json();
        if (typeof data.detail === "string") detail = data.detail;
        else if (Array.isArray(data.detail)) detail = data.detail.map((d) => d.msg).join(t("detail_separator"));
      } catch (e) { /* not JSON */ }
      const err = new Error(detail);
      err.status = res.status;
      throw err;
    }
    return res;
  }
  function banner(message) {
    const b = $("banner");
    b.textContent = message || "";
    b.hidden = !message;
  }
  function show(...ids) {
    for (const id of ["token-view", "upload-view", "jobs-view", "progress-view", "result-view"]) {
      $(id).hidden = !ids.includes(id);
    }
  }
  function fmtTime(seconds) {
    if (seconds === null || seconds === undefined) return null;
    const s = Math.floor(seconds);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const pad = (n) => String(n).padStart(2, "0");
    return h ? `${h}:${pad(m)}:${pad(r)}` : `${pad(m)}:${pad(r)}`;
  }
  // French: 7,5; English: 7.5 (dates: crcPage.fmtDate).
  function fmtPoints(n) { return LANG === "en" ? String(n) : String(n).replace(".", ","); }

  // --- token ----------------------------------------------------------------
  function showToken(message) {
    show("token-view");
    banner(message || "");
    $("token-input").focus();
  }
  $("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    saveToken($("token-input").value.trim());
    $("token-input").value = "";
    banner("");
    route();
  });
  if ($("token-button")) $("token-button").addEventListener("click", () => showToken());

  // --- upload ---------------------------------------------------------------
  const fileInput = $("file-input");
  const dropzone = $("dropzone");
  function fileChosen() {
    const f = fileInput.files[0];
    $("file-name").textContent = f ? t("file_size", { name: f.name, size: (f.size / 1048576).toFixed(1) }) : "";
  }
  fileInput.addEventListener("change", fileChosen);
  ["dragenter", "dragover"].forEach((type) => dropzone.addEventListener(type, (ev) => { ev.preventDefault(); dropzone.classList.add("over"); }));
  ["dragleave", "drop"].forEach((type) => dropzone.addEventListener(type, () => dropzone.classList.remove("over")));
  dropzone.addEventListener("drop", (ev) => {
    ev.preventDefault();
    if (ev.dataTransfer && ev.dataTransfer.files.length) {
      fileInput.files = ev.dataTransfer.files;
      fileChosen();
    }
  });
  $("rep-input").value = localStorage.getItem(REP_KEY) || "";

  $("upload-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = fileInput.files[0];
    if (!f) { banner(t("choose_file_first")); return; }
    if (maxUploadMb && f.size > maxUploadMb * 1048576) {
      banner(t("file_too_large", { mb: Math.round(maxUploadMb) }));
      return;
    }
    const form = new FormData($("upload-form"));
    for (const [k, v] of Array.from(form.entries())) if (v === "") form.delete(k);
    localStorage.setItem(REP_KEY, $("rep-input").value.trim());
    $("upload-button").disabled = true;
    banner("");
    try {
      const res = await api("/api/jobs", { method: "POST", body: form });
      const data = await res.json();
      $("upload-form").reset();
      $("rep-input").value = localStorage.getItem(REP_KEY) || "";
      fileChosen();
      location.hash = "#job=" + encodeURIComponent(data.id);
    } catch (e) {
      banner(e.message);
    } finally {
      $("upload-button").disabled = false;
    }
  });

  // --- jobs list ------------------------------------------------------------
  async function loadJobs() {
    const params = new URLSearchParams();
    for (const [k, id] of [["client", "filter-client"], ["rep", "filter-rep"], ["date", "filter-date"]]) {
      if ($(id).value) params.set(k, $(id).value);
    }
    params.set("limit", "20");
    try {
      const jobs = await (await api("/api/jobs?" + params.toString())).json();
      const tbody = $("jobs-table").querySelector("tbody");
      tbody.replaceChildren();
      for (const j of jobs) {
        const link = el("a", { href: "#job=" + encodeURIComponent(j.id), text: j.filename });
        tbody.append(el("tr", {},
          el("td", {}, link), el("td", { text: j.client || "" }), el("td", { text: fmtDate(j.meeting_date) }),
          el("td", { text: j.rep || "" }), el("td", { text: STAGES[j.status] || j.status }),
          el("td", { text: j.score === null ? "" : fmtPoints(j.score) + "/10" })));
      }
      $("jobs-view").hidden = jobs.length === 0 && !params.has("client") && !params.has("rep") && !params.has("date");
    } catch (e) { /* the banner already says why */ }
  }
  $("filter-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadJobs(); });

  // --- progress -------------------------------------------------------------
  function stopPolling() { if (state.poll) { clearTimeout(state.poll); state.poll = null; } }
  async function pollJob(jobId) {
    stopPolling();
    if (state.jobId !== jobId) return;
    let job;
    try {
      job = await (await api("/api/jobs/" + encodeURIComponent(jobId))).json();
    } catch (e) {
      banner(e.message);
      if (e.status === 404) { location.hash = ""; }
      return;
    }
    if (state.jobId !== jobId) return;
    state.job = job;
    $("progress-file").textContent = job.filename;
    if (job.status === "done") { await loadResult(jobId); return; }
    show("progress-view");
    const pct = Math.round(job.progress * 100);
    $("progress-bar").value = pct;
    $("progress-percent").textContent = t("percent", { n: pct });
    let label = STAGES[job.stage] || STAGES[job.status] || job.stage;
    if (job.stage === "transcribing") label = t("stage_transcribing_pct", { pct });
    $("progress-stage").textContent = label;
    if (job.status === "failed") {
      $("progress-error").textContent = job.error || t("processing_failed");
      $("progress-error").hidden = false;
      $("progress-back").hidden = false;
      return;
    }
    $("progress-error").hidden = true;
    $("progress-back").hidden = true;
    state.poll = setTimeout(() => pollJob(jobId), 500);
  }
  $("progress-back").addEventListener("click", () => { location.hash = ""; });

  // --- result ---------------------------------------------------------------
  async function loadResult(jobId) {
    const [crc, score] = await Promise.all([
      api(`/api/jobs/${encodeURIComponent(jobId)}/crc`).then((r) => r.json()),
      api(`/api/jobs/${encodeURIComponent(jobId)}/score`).then((r) => r.json()),
    ]);
    if (state.jobId !== jobId) return;
    state.crc = crc;
    state.score = score;
    renderResult();
    show("result-view");
    if (state.job && state.job.from_audio && !state.audioUrl) loadAudio(jobId);
  }

  async function loadAudio(jobId) {
    try {
      const blob = await (await api(`/api/jobs/${encodeURIComponent(jobId)}/audio`)).blob();
      if (state.jobId !== jobId) return;
      state.audioUrl = URL.createObjectURL(blob);
      $("audio").src = state.audioUrl;
      $("audio").hidden = false;
    } catch (e) { banner(t("recording_unavailable", { error: e.message })); }
  }

  function playAt(seconds) {
    const audio = $("audio");
    if (!state.audioUrl) return;
    audio.currentTime = seconds;
    audio.play().catch(() => {});
  }

  function renderScore() {
    const s = state.score, crc = state.crc;
    $("crc-id").textContent = crc.id;
    const meta = [fmtDate(crc.meeting.date), crc.meeting.client, crc.meeting.subject, t("version_label", { version: crc.version })].filter(Boolean);
    $("crc-meta").textContent = meta.join(" · ");
    // the client's account plan and the brief before the next call (pages that fetch with the same token)
    const account = crc.meeting.client ? "/accounts/" + encodeURIComponent(crc.meeting.client) : "";
    $("brief-line").hidden = !account;
    if (account) { $("brief-link").href = account + "/brief"; $("account-link").href = account; }
    $("score-total").textContent = `${fmtPoints(s.total)}/${fmtPoints(s.max)}`;
    $("score-total").className = "score " + (s.meets_target ? "ok" : "ko");
    $("score-target").textContent = t("score_target", { target: fmtPoints(s.target) });
    const g = s.golden_rule;
    $("golden-rule").textContent = g.ok ? t("golden_ok", { reason: g.reason }) : t("golden_ko", { verdict: g.verdict, reason: g.reason });
    $("golden-rule").className = "golden " + (g.ok ? "ok" : "ko");
    $("format-731").textContent = t("format_731", { reason: s.format_731.reason });
    const tbody = $("criteria-body");
    tbody.replaceChildren();
    for (const c of s.criteria) {
      tbody.append(el("tr", { "data-criterion": c.key },
        el("td", { text: c.label }), el("td", { class: "num", text: `${fmtPoints(c.points)}/${fmtPoints(c.max)}` }),
        el("td", { text: c.reason })));
    }
    $("warnings").replaceChildren(...s.warnings.map((w) => el("li", { text: w })));
    renderValidation();
  }

  // --- client validation (crc validate): status, and the client's reply dropped here ----------
  function renderValidation() {
    const v = state.crc.validation;
    let text = t("validation_pending");
    if (v && v.version !== state.crc.version) text = t("validation_stale", { answered: v.version, current: state.crc.version });
    else if (v && v.status === "validated" && v.sender_known === false) text = t("validation_unconfirmed", { by: v.by || "?" });
    else if (v && v.status === "validated") text = t("validation_obtained", { who: (v.by || "?") + (v.at ? ", " + fmtDate(v.at.slice(0, 10)) : "") });
    else if (v) text = t("validation_changes", { by: v.by || "?", message: (v.message || "").split("\n")[0] });
    $("validation-status").textContent = text;
  }

  $("reply-input").addEventListener("change", async () => {
    const f = $("reply-input").files[0];
    if (!f || !state.jobId) return;
    const form = new FormData();
    form.append("file", f);
    try {
      const data = await api(`/api/jobs/${encodeURIComponent(state.jobId)}/reply`, { method: "POST", body: form }).then((r) => r.json());
      state.crc = Object.assign({}, state.crc, { validation: data.validation });
      state.score = data.score;
      renderScore();
      $("action-status").textContent = data.validation.status === "validated" ? t("reply_validated") : t("reply_changes");
      if (data.warning) $("action-status").textContent += " " + data.warning;
    } catch (e) {
      $("action-status").textContent = e.message;
    }
    $("reply-input").value = "";
  });

  function evidenceNode(ev) {
    const ts = fmtTime(ev.start);
    const said = ev.speaker ? t("quote_by", { speaker: ev.speaker, quote: ev.quote }) : t("quote", { quote: ev.quote });
    const quote = el("blockquote", { class: "evidence" }, el("span", { text: said }));
    if (ts !== null) {
      const canPlay = state.job && state.job.from_audio;
      const stamp = canPlay
        ? el("button", { type: "button", class: "stamp", text: "▶ " + ts, title: t("listen_at", { time: ts }) })
        : el("span", { class: "stamp", text: ts });
      if (canPlay) stamp.addEventListener("click", () => playAt(ev.start));
      quote.prepend(stamp, " ");
    }
    return quote;
  }

  function ownerSelect(value, section, i, field) {
    const sel = el("select", { name: `${section}.${i}.${field}`, "data-field": field });
    sel.append(el("option", { value: "", text: t("owner_unnamed") }));
    for (const p of state.crc.participants) {
      const side = SIDES[p.side] ? ` (${SIDES[p.side]})` : "";
      sel.append(el("option", { value: p.name, text: p.name + side, selected: p.name === value }));
    }
    return sel;
  }

  // A diarized speaker ("Locuteur 2") renamed once: every segment, owner and quote follows (new version).
  function participantItem(p) {
    const li = el("li", { text: [p.name, p.role, p.organization, SIDES[p.side]].filter(Boolean).join(" — ") + " " });
    const btn = el("button", { type: "button", class: "link rename-speaker", text: t("rename"), title: t("rename_title", { name: p.name }) });
    btn.addEventListener("click", () => renameSpeaker(p.name));
    li.append(btn);
    return li;
  }

  async function renameSpeaker(old) {
    const name = window.prompt(t("rename_prompt", { name: old }), old);
    if (name === null || !name.trim() || name.trim() === old) return;
    $("save-status").textContent = t("renaming");
    try {
      const res = await api(`/api/jobs/${encodeURIComponent(state.jobId)}/speakers`, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ old, new: name.trim(), version: state.crc.version }),
      });
      const data = await res.json();
      state.crc = data.crc;
      state.score = data.score;
      renderResult();
      $("save-status").textContent = t("renamed", { old, version: data.version });
    } catch (e) {
      $("save-status").textContent = e.message;
    }
  }

  function renderSections() {
    const crc = state.crc;
    const root = $("crc-sections");
    root.replaceChildren();
    if (crc.objective) root.append(el("p", {}, el("strong", { text: t("objective") }), crc.objective));
    if (crc.participants.length) {
      root.append(el("h4", { text: t("participants") }), el("ul", { class: "participants" },
        ...crc.participants.map((p) => participantItem(p))));
    }
    for (const [section, title, textField] of SECTIONS) {
      const items = crc[section] || [];
      if (!items.length) continue;
      const list = el("ol", { class: "items", "data-section": section });
      items.forEach((item, i) => {
        const li = el("li", { "data-index": String(i) });
        const text = el("textarea", { name: `${section}.${i}.${textField}`, "data-field": textField, rows: 2, value: item[textField] || "" });
        text.value = item[textField] || "";
        li.append(text);
        if (section === "next_steps" || section === "deliverables") {
          const ownerField = section === "next_steps" ? "owner" : "issuer";
          const row = el("div", { class: "fields" },
            el("label", { text: (section === "next_steps" ? t("owner") : t("issuer")) + " " }, ownerSelect(item[ownerField], section, i, ownerField)),
            el("label", { text: t("due_date") + " " }, el("input", { type: "date", name: `${section}.${i}.due_date`, "data-field": "due_date", value: item.due_date || "" })));
          if (item.due_text) row.append(el("span", { class: "muted", text: t("due_said", { text: item.due_text }) }));
          li.append(row);
        }
        if (section === "risks" && item.mitigation) li.append(el("p", { class: "muted", text: t("mitigation", { text: item.mitigation }) }));
        for (const ev of item.evidence) li.append(evidenceNode(ev));
        list.append(li);
      });
      root.append(el("h4", { text: `${title} (${items.length})` }), list);
    }
  }

  function renderResult() {
    renderScore();
    renderSections();
    $("save-status").textContent = "";
  }

  function collectEdits() {
    const crc = JSON.parse(JSON.stringify(state.crc));
    for (const field of $("crc-sections").querySelectorAll("[data-field]")) {
      const [section, index, key] = field.name.split(".");
      const item = crc[section][Number(index)];
      const value = field.value.trim();
      item[key] = value === "" && key !== "text" && key !== "action" && key !== "what" ? null : value;
    }
    return crc;
  }

  $("edit-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const jobId = state.jobId;
    $("save-button").disabled = true;
    $("save-status").textContent = t("saving");
    try {
      const res = await api(`/api/jobs/${encodeURIComponent(jobId)}/crc`, {
        method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(collectEdits()),
      });
      const data = await res.json();
      const before = state.score.total;
      state.crc = data.crc;
      state.score = data.score;
      renderResult();
      $("save-status").textContent = t("saved", { version: data.version, before: fmtPoints(before), after: fmtPoints(data.score.total) });
    } catch (e) {
      $("save-status").textContent = e.message;
    } finally {
      $("save-button").disabled = false;
    }
  });

  // --- actions --------------------------------------------------------------
  function filenameOf(res, fallback) {
    const cd = res.headers.get("Content-Disposition") || "";
    const star = /filename\*=utf-8''([^;]+)/i.exec(cd);
    if (star) return decodeURIComponent(star[1]);
    const plain = /filename="?([^";]+)"?/i.exec(cd);
    return plain ? plain[1] : fallback;
  }
  for (const btn of document.querySelectorAll("[data-download]")) {
    btn.addEventListener("click", async () => {
      const kind = btn.dataset.download;
      try {
        const res = await api(`/api/jobs/${encodeURIComponent(state.jobId)}/files/${kind}`);
        const url = URL.createObjectURL(await res.blob());
        const a = el("a", { href: url, download: filenameOf(res, `crc.${kind}`) });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      } catch (e) { $("action-status").textContent = e.message; }
    });
  }

  $("copy-email").addEventListener("click", async () => {
    try {
      const mail = await (await api(`/api/jobs/${encodeURIComponent(state.jobId)}/email`)).json();
      const text = t("email_subject", { subject: mail.subject }) + "\n\n" + mail.text;
      try {
        await navigator.clipboard.writeText(text);
      } catch (e) {  // http on a company network is not a secure context
        const area = el("textarea", { value: text });
        document.body.append(area);
        area.select();
        document.execCommand("copy");
        area.remove();
      }
      $("action-status").textContent = t("email_copied");
    } catch (e) { $("action-status").textContent = e.message; }
  });

  $("delete-job").addEventListener("click", async () => {
    if (!confirm(t("delete_confirm"))) return;
    try {
      await api(`/api/jobs/${encodeURIComponent(state.jobId)}`, { method: "DELETE" });
      location.hash = "";
    } catch (e) { $("action-status").textContent = e.message; }
  });
  $("new-upload").addEventListener("click", () => { location.hash = ""; });
  $("home-link").addEventListener("click", (ev) => { ev.preventDefault(); location.hash = ""; });

  // --- routing --------------------------------------------------------------
  // --- sign-in (OpenID Connect): the session cookie travels by itself; /api/me says whether there is one ---
  const signInOffered = body.dataset.signIn === "true";
  let signedIn = false;
  async function checkSession() {
    if (!signInOffered) return;
    const res = await fetch("/api/me", { headers: headers() });
    const me = res.ok ? await res.json() : null;
    signedIn = Boolean(me && me.session);
    $("sign-in-link").hidden = signedIn;
    $("sign-out-form").hidden = !signedIn;
    $("signed-in-as").hidden = !signedIn;
    if (signedIn) $("signed-in-as").textContent = t("signed_in_as", { name: me.name, role: me.role });
  }

  // a form would post with "Origin: null" (the pages' Referrer-Policy is no-referrer): sign out through fetch
  if (signInOffered) $("sign-out-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    await fetch("/auth/logout", { method: "POST", headers: headers() }).catch(() => {});
    location.assign("/");
  });

  function route() {
    stopPolling();
    if (authRequired && !token() && !signedIn) { showToken(); return; }
    const m = /^#job=([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (state.audioUrl) { URL.revokeObjectURL(state.audioUrl); state.audioUrl = null; $("audio").hidden = true; }
    $("action-status").textContent = "";
    if (m) {
      state = Object.assign(state, { jobId: m[1], job: null, crc: null, score: null });
      show("progress-view");
      $("progress-stage").textContent = STAGES.queued;
      pollJob(m[1]);
    } else {
      state.jobId = null;
      show("upload-view", "jobs-view");
      loadJobs();
    }
  }
  window.addEventListener("hashchange", route);
  checkSession().catch(() => {}).finally(route);
})();

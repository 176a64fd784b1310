// crc account page: the plan de compte of one client, or the list of clients.
// Same rules as app.js: text from the server goes through textContent (never
// innerHTML) and the token travels only in the Authorization header.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = "crc.token";
  const client = document.body.dataset.client || "";
  const STATUS = { done: "fait", overdue: "en retard", open: "ouvert" };
  const SIDES = { client: "client", vendor: "vendeur", unknown: "?" };
  const TYPES = { discovery: "découverte", demo_poc: "démo / POC", negotiation: "négociation", qbr: "QBR",
                  site_visit: "visite de site", renewal: "renouvellement", other: "autre" };
  const VALIDATION = { validated: "validé", changes_requested: "corrections demandées" };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  function token() { return localStorage.getItem(TOKEN_KEY) || ""; }
  function headers() { return token() ? { Authorization: "Bearer " + token() } : {}; }
  function banner(text) { $("banner").textContent = text; $("banner").hidden = !text; }
  function day(iso) { if (!iso) return "—"; const [y, m, d] = iso.split("-"); return `${d}/${m}/${y}`; }
  function callDay(crcId) { if (!crcId) return "—"; const p = crcId.split("-"); return p.length > 4 ? `${p[3]}/${p[2]}/${p[1]}` : crcId; }
  function asOf() { return new URLSearchParams(location.search).get("as_of") || ""; }
  function query() { return asOf() ? "?as_of=" + encodeURIComponent(asOf()) : ""; }
  function base() { return "/api/accounts/" + encodeURIComponent(client); }

  async function api(path) {
    const res = await fetch(path, { headers: headers() });
    if (res.status === 401) { showToken(); throw new Error("401"); }
    if (!res.ok) {
      let detail = `Erreur ${res.status}`;
      try { detail = (await res.json()).detail || detail; } catch (e) { /* not JSON */ }
      banner(typeof detail === "string" ? detail : `Erreur ${res.status}`);
      throw new Error(String(res.status));
    }
    return res;
  }

  function showToken() {
    $("token-view").hidden = false;
    $("account-view").hidden = true;
    $("accounts-view").hidden = true;
    $("token-input").focus();
  }
  $("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    localStorage.setItem(TOKEN_KEY, $("token-input").value.trim());
    $("token-input").value = "";
    $("token-view").hidden = true;
    start();
  });

  function table(id, header, rows) {
    const t = $(id);
    t.replaceChildren(el("thead", {}, el("tr", {}, ...header.map((h) => el("th", { text: h })))));
    const body = el("tbody");
    for (const [attrs, cells] of rows) {
      body.append(el("tr", attrs, ...cells.map((c) => (c instanceof Node ? el("td", {}, c) : el("td", { text: c })))));
    }
    t.append(body);
  }
  function quotes(evidence) {
    const box = el("div");
    for (const e of evidence) {
      box.append(el("blockquote", { class: "evidence", "data-crc": e.crc_id },
        `« ${e.quote} » (${e.speaker ? e.speaker + ", " : ""}${callDay(e.crc_id)})`));
    }
    return box;
  }

  function render(acc) {
    const counts = { done: 0, overdue: 0, open: 0 };
    for (const c of acc.commitments) counts[c.status] += 1;
    $("account-client").textContent = "Plan de compte — " + acc.client;
    $("account-headline").textContent = `Au ${day(acc.as_of)}. ${acc.calls.length} appel(s), ${acc.stakeholders.length} ` +
      `interlocuteur(s), ${acc.commitments.length} engagement(s) : ${counts.done} fait(s), ${counts.overdue} en retard, ` +
      `${counts.open} ouvert(s) ; ${acc.risks.length} risque(s).`;
    const n = acc.next_step;
    $("next-step").textContent = "Prochaine étape datée : " + (n
      ? `${day(n.due_date)} — ${n.text} (${n.owner || "responsable non nommé"}, ${SIDES[n.side]})`
      : "aucune.");
    $("as-of-input").value = acc.as_of;
    table("calls", ["Date", "Type", "Sujet", "Note", "Règle d'or", "Validation client"], acc.calls.map((c) => [
      { "data-crc": c.crc_id },
      [day(c.date), TYPES[c.type] || c.type, c.subject, `${c.score}/10`, c.golden_rule ? "oui" : "non",
       VALIDATION[c.validation] || c.validation || "en attente"],
    ]));
    table("stakeholders", ["Nom", "Organisation", "Côté", "Rôle", "Rôle décisionnel", "Position", "Appels", "Vu"],
      acc.stakeholders.map((s) => [
        { "data-met": s.first_seen ? "yes" : "no" },
        [s.name, s.organization || "—", SIDES[s.side], s.role || "—", s.decision_role || "—", s.stance || "—",
         String(s.calls.length),
         s.first_seen ? `${day(s.first_seen)} → ${day(s.last_seen)}`
           : el("div", {}, "jamais rencontré", quotes(s.evidence))],
      ]));
    table("commitments", ["Statut", "Quoi", "Responsable", "Côté", "Échéance", "Promis le", "Clos le", "Preuves"],
      acc.commitments.map((c) => [
        { "data-status": c.status },
        [el("span", { class: "st-" + c.status, text: STATUS[c.status] }), c.text, c.owner || "—", SIDES[c.side],
         day(c.due_date), callDay(c.source), callDay(c.done_in), quotes(c.evidence)],
      ]));
    table("risks", ["Risque", "Catégorie", "Gravité", "Levée", "Vu le", "Preuves"], acc.risks.map((r) => [
      { "data-seen": String(r.seen_in.length) },
      [r.text, r.category, r.severity, r.mitigation || "—", r.seen_in.map(callDay).join(", "), quotes(r.evidence)],
    ]));
    $("decisions").replaceChildren(...acc.decisions.map((d) =>
      el("li", {}, el("strong", { text: day(d.date) }), ` — ${d.text}`, quotes(d.evidence.slice(0, 1)))));
    $("account-view").hidden = false;
  }

  async function showChart() {
    const res = await api(base() + "/chart.svg" + query());
    const url = URL.createObjectURL(await res.blob());
    $("score-chart").src = url;
  }

  for (const button of document.querySelectorAll("[data-download]")) {
    button.addEventListener("click", async () => {
      const kind = button.dataset.download;
      const res = await api(`${base()}/files/${kind}${query()}`);
      const match = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") || "");
      const link = el("a", { href: URL.createObjectURL(await res.blob()), download: match ? match[1] : "account." + kind });
      document.body.append(link);
      link.click();
      link.remove();
    });
  }

  $("as-of-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const value = $("as-of-input").value;
    const url = new URL(location.href);
    if (value) url.searchParams.set("as_of", value); else url.searchParams.delete("as_of");
    history.replaceState(null, "", url);
    start();
  });

  async function start() {
    banner("");
    try {
      if (!client) {
        const list = await (await api("/api/accounts")).json();
        $("accounts-list").replaceChildren(...list.map((a) => el("li", {},
          el("a", { href: "/accounts/" + encodeURIComponent(a.client), text: a.client }),
          ` — ${a.calls} appel(s), dernier le ${day(a.last_call)}`)));
        if (!list.length) $("accounts-list").append(el("li", { text: "Aucun CRC terminé pour l'instant." }));
        $("accounts-view").hidden = false;
        return;
      }
      render(await (await api(base() + query())).json());
      await showChart();
    } catch (e) {
      /* shown in the banner or the token form */
    }
  }
  if (document.body.dataset.authRequired === "true" && !token()) showToken(); else start();
})();

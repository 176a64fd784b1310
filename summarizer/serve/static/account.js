// crc account page: the plan de compte of one client, or the list of clients.
// Same rules as app.js: text from the server goes through textContent (never
// innerHTML) and the token travels only in the Authorization header.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const client = document.body.dataset.client || "";
  const { t, el, token, fmtDate, tokenPage } = window.crcPage;
  const { banner, showToken, api } = tokenPage(["account-view", "accounts-view"], () => start());
  const STATUS = { done: t("status_done"), overdue: t("status_overdue"), open: t("status_open"), dropped: t("status_dropped") };
  const SIDES = { client: t("side_client"), vendor: t("side_vendor"), unknown: "?" };
  const TYPES = { discovery: t("type_discovery"), demo_poc: t("type_demo_poc"), negotiation: t("type_negotiation"),
                  qbr: t("type_qbr"), site_visit: t("type_site_visit"), renewal: t("type_renewal"), other: t("type_other") };
  const VALIDATION = { validated: t("call_validated"), changes_requested: t("call_changes_requested") };

  function day(iso) { return iso ? fmtDate(iso) : "—"; }
  function callDay(crcId) { if (!crcId) return "—"; const p = crcId.split("-"); return p.length > 4 ? day(`${p[1]}-${p[2]}-${p[3]}`) : crcId; }
  function asOf() { return new URLSearchParams(location.search).get("as_of") || ""; }
  function query() { return asOf() ? "?as_of=" + encodeURIComponent(asOf()) : ""; }
  function base() { return "/api/accounts/" + encodeURIComponent(client); }


  function table(id, header, rows) {
    const tbl = $(id);
    tbl.replaceChildren(el("thead", {}, el("tr", {}, ...header.map((h) => el("th", { text: h })))));
    const body = el("tbody");
    for (const [attrs, cells] of rows) {
      body.append(el("tr", attrs, ...cells.map((c) => (c instanceof Node ? el("td", {}, c) : el("td", { text: c })))));
    }
    tbl.append(body);
  }
  function quotes(evidence) {
    const box = el("div");
    for (const e of evidence) {
      box.append(el("blockquote", { class: "evidence", "data-crc": e.crc_id },
        t("account_quote", { quote: e.quote, source: (e.speaker ? e.speaker + ", " : "") + callDay(e.crc_id) })));
    }
    return box;
  }

  function render(acc) {
    const counts = { done: 0, overdue: 0, open: 0 };
    for (const c of acc.commitments) counts[c.status] += 1;
    $("account-client").textContent = t("account_title", { client: acc.client });
    $("account-headline").textContent = t("account_headline", {
      date: day(acc.as_of), calls: acc.calls.length, stakeholders: acc.stakeholders.length,
      commitments: acc.commitments.length, done: counts.done, overdue: counts.overdue, open: counts.open,
      risks: acc.risks.length,
    });
    const n = acc.next_step;
    $("next-step").textContent = t("next_step", { step: n
      ? `${day(n.due_date)} — ${n.text} (${n.owner || t("next_step_no_owner")}, ${SIDES[n.side]})`
      : t("next_step_none") });
    $("as-of-input").value = acc.as_of;
    table("calls", [t("col_date"), t("col_type"), t("col_subject"), t("col_score"), t("col_golden_rule"),
                    t("col_client_validation")], acc.calls.map((c) => [
      { "data-crc": c.crc_id },
      [day(c.date), TYPES[c.type] || c.type, c.subject, `${c.score}/10`, c.golden_rule ? t("yes") : t("no"),
       VALIDATION[c.validation] || c.validation || t("call_validation_pending")],
    ]));
    table("stakeholders", [t("col_name"), t("col_organization"), t("col_side"), t("col_role"), t("col_decision_role"),
                           t("col_stance"), t("col_calls"), t("col_seen")],
      acc.stakeholders.map((s) => [
        { "data-met": s.first_seen ? "yes" : "no" },
        [s.name, s.organization || "—", SIDES[s.side], s.role || "—", s.decision_role || "—", s.stance || "—",
         String(s.calls.length),
         s.first_seen ? `${day(s.first_seen)} → ${day(s.last_seen)}`
           : el("div", {}, t("never_met"), quotes(s.evidence))],
      ]));
    table("commitments", [t("col_commitment_status"), t("col_what"), t("col_owner"), t("col_side"), t("col_due"), t("col_promised"),
                          t("col_closed"), t("col_evidence")],
      acc.commitments.map((c) => [
        { "data-status": c.status },
        [el("span", { class: "st-" + c.status, text: STATUS[c.status] }), c.text, c.owner || "—", SIDES[c.side],
         day(c.due_date), callDay(c.source), callDay(c.done_in), quotes(c.evidence)],
      ]));
    table("risks", [t("col_risk"), t("col_category"), t("col_severity"), t("col_mitigation"), t("col_seen_on"),
                    t("col_evidence")], acc.risks.map((r) => [
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
          " — " + t("account_calls", { calls: a.calls, date: day(a.last_call) }))));
        if (!list.length) $("accounts-list").append(el("li", { text: t("no_accounts") }));
        $("accounts-view").hidden = false;
        return;
      }
      render(await (await api(base() + query())).json());
      await showChart();
    } catch (e) {
      /* shown in the banner or the token form */
    }
  }
  // signed in (OpenID Connect): the session cookie answers for the token; a 401 still shows the token form
  const signIn = document.body.dataset.signIn === "true";
  if (document.body.dataset.authRequired === "true" && !token() && !signIn) showToken(); else start();
})();

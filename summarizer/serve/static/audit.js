// crc audit page (administrators): who viewed, downloaded, edited, validated, exported or deleted which CRC.
// Same rules as app.js: text from the server goes through textContent, the token in the Authorization header
// (or the sign-in session's cookie).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const { el, tokenPage } = window.crcPage;
  const { banner, api } = tokenPage(["audit-view"], () => load());

  async function load() {
    const params = new URLSearchParams();
    if ($("audit-user").value.trim()) params.set("user", $("audit-user").value.trim());
    if ($("audit-since").value) params.set("since", $("audit-since").value + "T00:00:00Z");
    let res;
    try { res = await api("/api/audit?" + params.toString()); } catch (e) { return; }  // shown: token form or banner
    banner("");
    const rows = await res.json();
    const body = $("audit-table").querySelector("tbody");
    body.replaceChildren(...rows.map((r) => el("tr", {},
      el("td", { text: r.at.replace("T", " ").slice(0, 19) }), el("td", { text: r.actor }),
      el("td", { text: r.action }),
      el("td", {}, r.job_id ? el("a", { href: "/#job=" + encodeURIComponent(r.job_id), text: r.job_id }) : "—"),
      el("td", { text: r.target || "—" }), el("td", { text: r.ip || "—" }))));
    $("audit-view").hidden = false;
  }
  $("audit-form").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
  load().catch((e) => banner(String(e)));
})();

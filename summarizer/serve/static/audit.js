// crc audit page (administrators): who viewed, downloaded, edited, validated, exported or deleted which CRC.
// Same rules as app.js: text from the server goes through textContent, the token in the Authorization header
// (or the sign-in session's cookie).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const { t, el, saveToken, headers } = window.crcPage;

  function banner(text) { $("banner").textContent = text; $("banner").hidden = !text; }
  function showToken() { $("token-view").hidden = false; $("audit-view").hidden = true; $("token-input").focus(); }
  $("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    saveToken($("token-input").value.trim());
    $("token-input").value = "";
    $("token-view").hidden = true;
    load();
  });

  async function load() {
    const params = new URLSearchParams();
    if ($("audit-user").value.trim()) params.set("user", $("audit-user").value.trim());
    if ($("audit-since").value) params.set("since", $("audit-since").value + "T00:00:00Z");
    const res = await fetch("/api/audit?" + params.toString(), { headers: headers() });
    if (res.status === 401) { showToken(); return; }
    if (!res.ok) {
      let detail = t("error_status", { status: res.status });
      try { detail = (await res.json()).detail || detail; } catch (e) { /* not JSON */ }
      banner(String(detail));
      return;
    }
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

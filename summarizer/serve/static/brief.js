// crc brief page: the brief before the next call of one client. Same rules as account.js: the data comes
// from /api/accounts/{client}/brief with the token in the Authorization header (a plain link cannot carry
// it), and text from the server goes through textContent, never innerHTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const client = document.body.dataset.client || "";
  const { t, el, token, tokenPage } = window.crcPage;
  const { banner, showToken, api } = tokenPage(["brief-view"], () => start());

  function asOf() { return new URLSearchParams(location.search).get("as_of") || ""; }
  function query() { return asOf() ? "?as_of=" + encodeURIComponent(asOf()) : ""; }
  function base() { return "/api/accounts/" + encodeURIComponent(client) + "/brief"; }


  function render(view) {
    document.title = view.title;
    $("brief-title").textContent = view.title;
    $("brief-intro").textContent = view.intro;
    $("brief-sections").replaceChildren(...view.sections.map((s) => {
      const card = el("section", { class: "card" }, el("h3", { text: s.name }));
      if (!s.lines.length) {
        card.append(el("p", { class: "muted", text: s.empty }));
        return card;
      }
      card.append(el("ul", {}, ...s.lines.map((line) => el("li", {}, line.text,
        ...line.evidence.map((q) => el("blockquote", { class: "evidence", "data-crc": q.crc_id, text: q.cite }))))));
      return card;
    }));
    $("brief-view").hidden = false;
  }

  for (const button of document.querySelectorAll("[data-download]")) {
    button.addEventListener("click", async () => {
      const kind = button.dataset.download;
      try {
        const res = await api(`${base()}/files/${kind}${query()}`);
        const match = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") || "");
        const link = el("a", { href: URL.createObjectURL(await res.blob()), download: match ? match[1] : "brief." + kind });
        document.body.append(link);
        link.click();
        link.remove();
      } catch (e) { /* shown in the banner or the token form */ }
    });
  }

  async function start() {
    banner("");
    try {
      render(await (await api(base() + query())).json());
    } catch (e) {
      /* shown in the banner or the token form */
    }
  }
  // signed in (OpenID Connect): the session cookie answers for the token; a 401 still shows the token form
  const signIn = document.body.dataset.signIn === "true";
  if (document.body.dataset.authRequired === "true" && !token() && !signIn) showToken(); else start();
})();

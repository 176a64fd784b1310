// Shared by app.js, account.js, brief.js and audit.js: the page's text in its language, DOM building
// (text always through textContent, never innerHTML), the token and API headers, dates.
"use strict";

window.crcPage = (function () {
  const TOKEN_KEY = "crc.token";
  // The page's own text in its language (<html lang>), embedded by the server as a JSON data block.
  const LANG = document.documentElement.lang === "en" ? "en" : "fr";
  const TEXT = JSON.parse(document.getElementById("page-text").textContent);
  function t(key, params) {
    const s = Object.prototype.hasOwnProperty.call(TEXT, key) ? TEXT[key] : key;
    return params ? s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : s;
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("data-")) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  function token() { return localStorage.getItem(TOKEN_KEY) || ""; }
  function saveToken(value) { localStorage.setItem(TOKEN_KEY, value); }
  function headers(extra) {
    // API errors in the page's language; X-Requested-With: what a signed-in session's changes must carry (CSRF)
    const h = Object.assign({ "Accept-Language": LANG, "X-Requested-With": "crc" }, extra || {});
    if (token()) h["Authorization"] = "Bearer " + token();
    return h;
  }
  // French: 18/11/2026; English: 18 Nov 2026 (day first, unambiguous on both sides of the Atlantic).
  const EN_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  function fmtDate(iso) {
    if (!iso) return "";
    const [y, m, d] = iso.split("-");
    if (LANG === "en") return EN_DATE.format(new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))));
    return `${d}/${m}/${y}`;
  }
  // A page behind the API token (account, brief, audit): its banner, its fetch (a 401 asks for the token, any
  // other error shows in the banner) and the token form, which hides ``views`` until a token is saved, then
  // calls ``restart``.
  function tokenPage(views, restart) {
    const $ = (id) => document.getElementById(id);
    function banner(text) { $("banner").textContent = text; $("banner").hidden = !text; }
    function showToken() {
      $("token-view").hidden = false;
      for (const view of views) $(view).hidden = true;
      $("token-input").focus();
    }
    $("token-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      saveToken($("token-input").value.trim());
      $("token-input").value = "";
      $("token-view").hidden = true;
      restart();
    });
    async function api(path) {
      const res = await fetch(path, { headers: headers() });
      if (res.status === 401) { showToken(); throw new Error("401"); }
      if (!res.ok) {
        let detail = t("error_status", { status: res.status });
        try { detail = (await res.json()).detail || detail; } catch (e) { /* not JSON */ }
        banner(typeof detail === "string" ? detail : t("error_status", { status: res.status }));
        throw new Error(String(res.status));
      }
      return res;
    }
    return { banner, showToken, api };
  }
  return { LANG, t, el, token, saveToken, headers, fmtDate, tokenPage };
})();

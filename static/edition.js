/* The edition's behaviour: progressive enhancement only. Without this file every
   text, gloss (a link to its entry) and cross-reference still reads and works. */
(function () {
  "use strict";
  var doc = document, root = doc.body.getAttribute("data-root") || "";
  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  };
  function $(sel, ctx) { return (ctx || doc).querySelector(sel); }
  function $$(sel, ctx) { return Array.prototype.slice.call((ctx || doc).querySelectorAll(sel)); }
  function el(tag, attrs, text) {
    var e = doc.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }
  var live = el("div", { "class": "visually-hidden", "aria-live": "polite", id: "live_status" });
  doc.body.appendChild(live);
  function say(message) { live.textContent = ""; setTimeout(function () { live.textContent = message; }, 30); }
  /* The site's own words: a message in English, as marked for the catalogue, read in the page's
     interface language when the page carries its translation (edition/locales; the build writes
     #interface_words), with %(name)s filled in. */
  var words = {};
  try { words = JSON.parse($("#interface_words").textContent); } catch (e) { /* English */ }
  function _(message, values) {
    var fill = function (m, k) { return values[k]; };
    return (words[message] || message).replace(/%\((\w+)\)s/g, fill);
  }
  window.Edition = { $: $, $$: $$, el: el, say: say, store: store, _: _ };

  /* Theme: follows the system until the reader chooses. */
  var toggle = $("#theme_toggle");
  function systemDark() { return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches; }
  function applyTheme(theme) {
    if (theme) doc.documentElement.setAttribute("data-theme", theme);
    var dark = theme ? theme === "dark" : systemDark();
    if (toggle) toggle.setAttribute("aria-pressed", String(dark));
  }
  applyTheme(store.get("edition-theme"));
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var dark = toggle.getAttribute("aria-pressed") !== "true";
      store.set("edition-theme", dark ? "dark" : "light");
      applyTheme(dark ? "dark" : "light");
    });
  }

  /* "/" focuses the search box, as on most documentation sites. */
  doc.addEventListener("keydown", function (event) {
    var t = event.target;
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !(t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) {
      var box = $("#search_query") || $("#site_search_box");
      if (box) { event.preventDefault(); box.focus(); }
    }
  });
})();

/* The edition's behaviour: progressive enhancement only. Without this file every
   text, gloss (a link to its entry) and cross-reference still reads and works. */
(() => {
  "use strict";
  const doc = document;
  const store = {
    get: (key) => { try { return localStorage.getItem(key); } catch { return null; } },
    set: (key, value) => { try { localStorage.setItem(key, value); } catch { /* private mode */ } },
  };
  const $ = (selector, context) => (context || doc).querySelector(selector);
  const $$ = (selector, context) => [...(context || doc).querySelectorAll(selector)];
  const el = (tag, attributes, text) => {
    const element = doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      element.setAttribute(name, value);
    }
    if (text) element.textContent = text;
    return element;
  };
  const live = el("div", { class: "visually-hidden", "aria-live": "polite", id: "live_status" });
  doc.body.appendChild(live);
  const say = (message) => {
    live.textContent = "";
    setTimeout(() => { live.textContent = message; }, 30);
  };
  /* The site's own words: a message in English, as marked for the catalogue, read in the page's
     interface language when the page carries its translation (edition/locales; the build writes
     #interface_words), with %(name)s filled in. */
  let words = {};
  try { words = JSON.parse($("#interface_words").textContent); } catch { /* English */ }
  const _ = (message, values) =>
    (words[message] || message).replace(/%\((\w+)\)s/g, (match, name) => values[name]);
  window.Edition = { $, $$, el, say, store, _ };

  /* Theme: follows the system until the reader chooses. */
  const toggle = $("#theme_toggle");
  const systemDark = () => window.matchMedia?.("(prefers-color-scheme: dark)").matches;
  const applyTheme = (theme) => {
    if (theme) doc.documentElement.setAttribute("data-theme", theme);
    const dark = theme ? theme === "dark" : systemDark();
    if (toggle) toggle.setAttribute("aria-pressed", String(dark));
  };
  applyTheme(store.get("edition-theme"));
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const theme = toggle.getAttribute("aria-pressed") !== "true" ? "dark" : "light";
      store.set("edition-theme", theme);
      applyTheme(theme);
    });
  }

  /* "/" focuses the search box, as on most documentation sites. */
  doc.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !typing) {
      const box = $("#search_query") || $("#site_search_box");
      if (box) {
        event.preventDefault();
        box.focus();
      }
    }
  });
})();

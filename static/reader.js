/* A text's reading page: views, arrival at passages, links and citations, gloss and preview cards.
   Progressive enhancement only: without it every passage, gloss and cross-reference still works. */
(() => {
  "use strict";
  const { $, $$, el, say, store, _ } = window.Edition;
  const doc = document;
  const passages = $("#passage_list");
  if (!passages) return;

  /* Reading modes: parallel, interlinear, or one language with a per-passage reveal. */
  const controls = $("#view_controls");
  const languages = (passages.getAttribute("data-languages") || "").split(" ");
  const labels = {};
  for (const b of $$("#view_controls [data-view]")) labels[b.dataset.view] = b.textContent;
  const firstVisible = () =>
    $$("[data-passage]").find((p) => p.getBoundingClientRect().bottom > 80);
  const reveal = (p, open) => {
    const button = $(".reveal", p);
    p.classList.toggle("revealed", open);
    if (!button) return;
    const others = { languages: button.getAttribute("data-others") };
    button.textContent = open ? _("Hide %(languages)s", others) : _("Show %(languages)s", others);
    button.setAttribute("aria-expanded", String(open));
  };
  const revealButton = (p) => {
    const button = el("button", { type: "button", class: "reveal" });
    button.addEventListener("click", () => reveal(p, !p.classList.contains("revealed")));
    $(".renderings", p).after(button);
    return button;
  };
  const setView = (view, remember) => {
    if (languages.length < 2) return;
    if (view !== "parallel" && view !== "interlinear" && !languages.includes(view)) {
      view = "parallel";
    }
    // Keep the passage being read where it is on the screen (at the top, stay at the top).
    const keep = window.scrollY > 0 && firstVisible();
    const before = keep ? keep.getBoundingClientRect().top : 0;
    passages.classList.toggle("parallel", view === "parallel");
    passages.setAttribute("data-view", view);
    const single = languages.includes(view);
    for (const r of $$(".rendering", passages)) {
      r.classList.toggle("other", single && r.getAttribute("data-lang") !== view);
    }
    const others = languages.filter((l) => l !== view).map((l) => labels[l]).join(" / ");
    for (const p of $$(".passage", passages)) {
      let button = $(".reveal", p);
      p.classList.remove("revealed");
      if (!single || p.classList.contains("passage-heading")) {
        if (button) button.hidden = true;
        continue;
      }
      button ||= revealButton(p);
      button.hidden = false;
      button.setAttribute("data-others", others);
      reveal(p, false);
    }
    for (const b of $$("#view_controls [data-view]")) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === view));
    }
    if (remember) {
      store.set("edition-view", view);
      const params = new URLSearchParams(location.search);
      if (params.has("view")) {
        params.set("view", view);
        history.replaceState(null, "", "?" + params + location.hash);
      }
    }
    if (keep) window.scrollBy(0, keep.getBoundingClientRect().top - before);
  };
  if (controls) {
    controls.hidden = false;
    const asked = new URLSearchParams(location.search).get("view");
    setView(asked || store.get("edition-view") || "parallel", !!asked);
    controls.addEventListener("click", (event) => {
      const view = event.target.getAttribute?.("data-view");
      if (!view) return;
      setView(view, true);
      say(_("View: %(view)s", { view: event.target.textContent }));
    });
  }

  /* Arrival: #id marks one passage, #a..b a range; #old (a moved id) lands on its successor;
     a label typed from the margin (#2.1, #9) works too. */
  const all = $$("[data-passage]");
  const passageFor = (id) => {
    let e = id && doc.getElementById(id);
    if (e?.hasAttribute("data-moved-to")) e = doc.getElementById(e.getAttribute("data-moved-to"));
    if (e?.hasAttribute("data-passage")) return e;
    return all.find((p) => p.getAttribute("data-label") === id) || null;
  };
  const clearMarks = () => {
    for (const p of $$(".passage.is-target")) p.classList.remove("is-target");
    for (const b of $$(".target-dismiss, .notice")) b.remove();
  };
  const arrive = () => {
    clearMarks();
    let hash;
    try {
      hash = decodeURIComponent(location.hash.slice(1));
    } catch {
      hash = location.hash.slice(1);
    }
    if (!hash || hash.startsWith("note_")) return;
    const ends = hash.split("..");
    const first = passageFor(ends[0]), last = passageFor(ends[1] || ends[0]);
    if (!first || !last) {
      const missing = { id: first ? ends[1] : ends[0] };
      const notice = el("p", { class: "notice", role: "status" }, _(
        "This text has no passage “%(id)s”. Its passages are numbered in the margin.",
        missing));
      passages.before(notice);
      return;
    }
    let a = all.indexOf(first), b = all.indexOf(last);
    if (a > b) [a, b] = [b, a];
    for (const p of all.slice(a, b + 1)) {
      p.classList.add("is-target");
      reveal(p, true);
    }
    const dismiss = el("button", { type: "button", class: "target-dismiss",
      "aria-label": _("Remove the highlight") }, "×");
    dismiss.addEventListener("click", clearMarks);
    $(".passage-tools", all[a]).appendChild(dismiss);  // beside Link and Cite, never over them
    all[a].scrollIntoView({ block: "start" });
  };

  /* Copy a permanent link or a citation. A link or a citation copied makes its passage the start
     of a range: every other passage then offers Range, the same from there to itself, which a
     tap on a phone reaches as well as a mouse (shift-click on Link or Cite does the same). */
  let anchorPassage = null, rangeOfCitations = false;
  const rangeButtons = [];
  const copy = async (text, message, button) => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      window.prompt(_("Copy:"), text);
      return;
    }
    say(message);
    // Its own name, even when clicked again while it still says Copied.
    const label = button.dataset.name ||= button.textContent;
    button.textContent = _("Copied");
    clearTimeout(button.restore);
    button.restore = setTimeout(() => { button.textContent = label; }, 1500);
  };
  // versions.js keeps data-query (?show=…) and data-citation (its translators) to what is shown.
  const article = $("article.text") || doc.body;
  const pageUrl = () =>
    location.href.split(/[?#]/)[0] + (article.getAttribute("data-query") || "");
  const citationOf = () => article.getAttribute("data-citation") || doc.title;
  const rangeTo = (p) => {
    const a = all.indexOf(anchorPassage), b = all.indexOf(p);
    const lo = all[Math.min(a, b)], hi = all[Math.max(a, b)];
    return { fragment: lo.id + ".." + hi.id,
      label: lo.getAttribute("data-label") + "–" + hi.getAttribute("data-label") };
  };
  const copyRange = (p, button, citing) => {
    const { fragment, label } = rangeTo(p);
    const v = { citation: citationOf(), label, url: pageUrl() + "#" + fragment };
    if (citing) {
      copy(_("%(citation)s, passages %(label)s. %(url)s", v),
        _("Citation of passages %(label)s copied", v), button);
    } else copy(v.url, _("Link to passages %(label)s copied", v), button);
  };
  // Range copies what was copied last: a link or a citation.
  const rangeCopies = (citing) => {
    rangeOfCitations = citing;
    for (const [passage, button] of rangeButtons) {
      if ((button.hidden = passage === anchorPassage)) continue;
      button.title = citing ? _("Copy a citation of passages %(label)s", rangeTo(passage))
        : _("Copy a link to passages %(label)s", rangeTo(passage));
    }
  };
  const startRange = (p, citing) => {
    anchorPassage = p;
    rangeCopies(citing);
  };
  for (const p of all) {
    const tools = el("span", { class: "passage-tools" });
    const link = el("button", { type: "button", title: _(
      "Copy a link to this passage (then Range on another passage copies a range)") }, _("Link"));
    const cite = el("button", { type: "button", title: _("Copy a citation of this passage") },
      _("Cite"));
    const range = el("button", { type: "button", class: "range-end" }, _("Range"));
    range.hidden = true;  // until a link or a citation is copied
    rangeButtons.push([p, range]);
    range.addEventListener("click", () => copyRange(p, range, rangeOfCitations));
    // A click copies this passage; a shift-click, the range from the passage copied before.
    const copies = (button, citing, single) => button.addEventListener("click", (event) => {
      if (event.shiftKey && anchorPassage && anchorPassage !== p) {
        copyRange(p, button, citing);
        rangeCopies(citing);
      } else {
        startRange(p, citing);
        single();
      }
    });
    const label = p.getAttribute("data-label");
    copies(link, false, () =>
      copy(pageUrl() + "#" + p.id, _("Link to passage %(label)s copied", { label }), link));
    copies(cite, true, () => {
      const v = { citation: citationOf(), label, url: pageUrl() + "#" + p.id };
      copy(_("%(citation)s, passage %(label)s. %(url)s", v),
        _("Citation of passage %(label)s copied", v), cite);
    });
    tools.append(link, cite, range);
    $(".passage-label", p).after(tools);
  }
  arrive();
  window.addEventListener("hashchange", arrive);

  // Several translations: versions.js, loaded when the reader has chosen other than the defaults
  // (remembered, or ?show=) or first touches the picker.
  const picker = $("#version_picker");
  if (picker) {
    picker.hidden = false;
    const load = () => import("./versions.js").then((versions) => versions.start());
    if (/[?&]show=/.test(location.search) || store.get("edition-show")) load().then(arrive);
    for (const type of ["pointerover", "focusin"]) {
      picker.addEventListener(type, load, { once: true });
    }
  }
  for (const a of $$("a.xref")) a.setAttribute("data-print-url", a.href);

  /* Cards: a gloss or a cross-reference preview on hover, focus or tap; Escape closes. */
  let glossary = {};
  try { glossary = JSON.parse($("#glossary_data").textContent); } catch { /* no terms */ }
  let card = null, owner = null, hideTimer = null;
  let stepped = null;  // the term the arrow keys opened: Escape leaves the focus where it is
  const pages = {};
  // The same entry, lit in every language of the passage: how the translation rendered the term.
  const light = (term, on) => {
    const passage = term?.closest("[data-passage]");
    if (!passage) return;
    const same = `[data-term="${term.getAttribute("data-term")}"]`;
    for (const t of $$(same, passage)) t.classList.toggle("term-lit", on);
  };
  const termAt = (event) => event.target.closest?.("span.term");
  doc.addEventListener("mouseover", (event) => { const t = termAt(event); if (t) light(t, true); });
  doc.addEventListener("mouseout", (event) => { const t = termAt(event); if (t) light(t, false); });
  const closeCard = () => {
    light(owner, false);
    card?.remove();
    if (owner) {
      owner.removeAttribute("aria-describedby");
      owner.setAttribute("aria-expanded", "false");
    }
    card = owner = stepped = null;
  };
  const place = (box, anchor) => {
    const r = anchor.getBoundingClientRect(), vw = doc.documentElement.clientWidth;
    const width = box.offsetWidth, height = box.offsetHeight;
    const left = Math.min(Math.max(8, r.left), Math.max(8, vw - width - 8));
    const below = r.bottom + 6, above = r.top - height - 6;
    const top = below + height > window.innerHeight && above > 0 ? above : below;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  };
  const openCard = (anchor, fill) => {
    if (owner === anchor) return;
    closeCard();
    owner = anchor;
    const kind = anchor.matches(".gloss, .term") ? "gloss-card" : "xref-card";
    card = el("div", { class: kind, role: "tooltip", id: "card_" + Date.now() });
    fill(card);
    const close = el("button", { type: "button", class: "card-close", "aria-label": _("Close") },
      "×");
    close.addEventListener("click", () => {
      const o = owner, within = card?.contains(doc.activeElement);
      closeCard();
      if (within && o) {  // the focus goes back to the term, not to the top of the page
        escaped = o;
        // once the key that pressed the button is done with: Enter would then follow the link
        setTimeout(() => o.focus({ preventScroll: true }));
      }
    });
    card.prepend(close);
    card.addEventListener("pointerenter", () => clearTimeout(hideTimer));
    card.addEventListener("pointerleave", () => { hideTimer = setTimeout(closeCard, 250); });
    doc.body.appendChild(card);
    light(anchor, true);
    anchor.setAttribute("aria-describedby", card.id);
    anchor.setAttribute("aria-expanded", "true");
    place(card, anchor);
  };
  const fillGloss = (anchor) => (box) => {
    const entry = glossary[anchor.getAttribute("data-term")];
    if (!entry) {
      box.textContent = anchor.textContent;
      return;
    }
    const head = el("div", { class: "card-head" });
    const headwordLang = $("article.text").getAttribute("data-headword-lang");
    head.append(el("strong", { lang: headwordLang }, entry.zh),
      el("span", { class: "card-pinyin" }, entry.pinyin));
    box.append(head, el("div", { class: "card-en", lang: "en" }, entry.en));
    const definition = new DOMParser().parseFromString(entry.definition, "text/html").body;
    const wrap = el("div", { class: "card-definition", lang: "en" });
    wrap.append(...definition.childNodes);
    const full = _("Full entry and occurrences →");
    // A term not marked as a link (gloss_marks: first) has its entry at the same address.
    const href = anchor.getAttribute("href")
      || "../../glossary/#" + anchor.getAttribute("data-term");
    box.append(wrap, el("a", { href }, full));
  };
  /* dictionary.js steps onto a glossary term with the arrow keys: its entry's card, said aloud,
     while the focus stays on the sentence. */
  window.Edition.showTerm = (term) => {
    openCard(term, fillGloss(term));
    stepped = term;
    const entry = glossary[term.getAttribute("data-term")];
    if (entry) say(`${entry.zh} ${entry.pinyin}: ${entry.en}`);
  };
  window.Edition.closeTerm = () => { if (owner?.matches(".gloss, .term")) closeCard(); };
  const fillXref = (anchor) => async (box) => {
    const target = anchor.getAttribute("data-xref").split("#"), url = new URL(anchor.href).pathname;
    box.textContent = "…";
    let page = doc;
    if (url !== location.pathname) {
      pages[url] ||= fetch(url).then((response) => response.text());
      try {
        page = new DOMParser().parseFromString(await pages[url], "text/html");
      } catch {
        box.textContent = _("Preview unavailable.");
        return;
      }
    }
    if (!card || owner !== anchor) return;
    const passage = page.getElementById(target[1]);
    box.textContent = "";
    if (!passage) {
      box.textContent = _("Passage not found.");
      return;
    }
    const heading = page.querySelector("h1")?.textContent || "";
    const where = _("%(title)s, passage %(label)s",
      { title: heading, label: passage.getAttribute("data-label") });
    box.appendChild(el("a", { href: anchor.href, class: "result-where" }, where + " →"));
    // The version linked to (data-show), else those the page shows by default.
    const asked = anchor.getAttribute("data-show")?.split(",");
    const versioned = $("[data-default]", passage);
    for (const r of $$(".rendering", passage)) {
      if (asked ? !asked.includes(r.dataset.version)
        : versioned && !r.hasAttribute("data-default")) continue;
      const c = r.cloneNode(true);
      c.classList.remove("other", "unshown");
      box.appendChild(c);
    }
    place(box, anchor);
  };
  const cardFor = (anchor) => {
    if (anchor.classList.contains("gloss")) return fillGloss(anchor);
    if (anchor.hasAttribute("data-xref")) return fillXref(anchor);
    return null;
  };
  const cardAnchor = (target) => {
    const a = target.closest?.("a.gloss, a.xref[data-xref]");
    return a && !a.closest(".gloss-card, .xref-card") ? a : null;
  };
  doc.addEventListener("pointerover", (event) => {
    const a = cardAnchor(event.target);
    if (a && event.pointerType === "mouse") {
      clearTimeout(hideTimer);
      openCard(a, cardFor(a));
    }
  });
  doc.addEventListener("pointerout", (event) => {
    const a = cardAnchor(event.target);
    if (a && a === owner && event.pointerType === "mouse") hideTimer = setTimeout(closeCard, 250);
  });
  // A tap focuses the link before its click: let the click decide, so the first tap opens the card.
  let pointerDown = null, escaped = null;
  doc.addEventListener("pointerdown", (event) => { pointerDown = event.pointerType; }, true);
  doc.addEventListener("focusin", (event) => {
    const a = cardAnchor(event.target);
    if (a && a === escaped) {
      escaped = null;
      return;
    }
    if (a) {
      if (!pointerDown || pointerDown === "mouse") openCard(a, cardFor(a));
    } else if (card && !card.contains(event.target)) {
      closeCard();
    }
  });
  doc.addEventListener("click", (event) => {
    const a = cardAnchor(event.target), touch = pointerDown && pointerDown !== "mouse";
    pointerDown = null;
    if (a && touch) {
      if (owner !== a) {
        event.preventDefault();
        openCard(a, cardFor(a));
      }
      return;
    }
    if (card && !card.contains(event.target) && !a) closeCard();
  });
  doc.addEventListener("keydown", (event) => {
    pointerDown = null;
    if (event.key === "Escape" && card) {
      const o = owner, wasStepped = o === stepped;
      closeCard();
      if (!wasStepped) {
        escaped = o;  // focus goes back to the term without opening its card again
        o?.focus({ preventScroll: true });
      }
    }
  });
  window.addEventListener("resize", () => { if (card && owner) place(card, owner); });

  // Sentence pairs: sentences.js, loaded at the first pointer or focus among the passages.
  for (const type of ["pointerover", "focusin"]) {
    const wake = () => import("./sentences.js").then((pairs) => pairs.start());
    passages.addEventListener(type, wake, { once: true });
  }

  // Words and pinyin: dictionary.js, loaded at the first pointer, focus or selection among the
  // passages, or at once when pinyin is switched on, asked for (?pinyin=1) or remembered.
  const pinyin = $("#pinyin_switch");
  if (pinyin) {
    const aids = (event) => import("./dictionary.js").then((words) => words.start(pinyin, event));
    for (const type of ["pointerover", "focusin"]) {
      passages.addEventListener(type, aids, { once: true });
    }
    doc.addEventListener("selectionchange", aids, { once: true });
    pinyin.addEventListener("click", aids, { once: true });
    const asked = new URLSearchParams(location.search).get("pinyin");
    if ((asked || store.get("edition-pinyin")) === "1") aids();
  }
})();


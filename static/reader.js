/* A text's reading page: views, arrival at passages, links and citations, gloss and preview cards.
   Progressive enhancement only: without it every passage, gloss and cross-reference still works. */
(function () {
  "use strict";
  var E = window.Edition, $ = E.$, $$ = E.$$, el = E.el, say = E.say, store = E.store, doc = document;
  var _ = E._;
  var passages = $("#passage_list");
  if (!passages) return;
  /* Reading modes: parallel, interlinear, or one language with a per-passage reveal. */
  var controls = $("#view_controls");
  var languages = passages ? (passages.getAttribute("data-languages") || "").split(" ") : [];
  var labels = {};
  $$("#view_controls button").forEach(function (b) { labels[b.getAttribute("data-view")] = b.textContent; });
  function firstVisible() {
    return $$("[data-passage]").filter(function (p) { return p.getBoundingClientRect().bottom > 80; })[0];
  }
  function setView(view, remember) {
    if (languages.length < 2) return;
    if (view !== "parallel" && view !== "interlinear" && languages.indexOf(view) < 0) view = "parallel";
    // Keep the passage being read where it is on the screen (at the top, stay at the top).
    var keep = window.scrollY > 0 && firstVisible();
    var before = keep ? keep.getBoundingClientRect().top : 0;
    passages.classList.toggle("parallel", view === "parallel");
    passages.setAttribute("data-view", view);
    var single = languages.indexOf(view) >= 0;
    $$(".rendering", passages).forEach(function (r) {
      r.classList.toggle("other", single && r.getAttribute("data-lang") !== view);
    });
    var others = languages.filter(function (l) { return l !== view; }).map(function (l) { return labels[l]; }).join(" / ");
    $$(".passage", passages).forEach(function (p) {
      var button = $(".reveal", p);
      p.classList.remove("revealed");
      if (!single || p.classList.contains("passage-heading")) { if (button) button.hidden = true; return; }
      if (!button) {
        button = el("button", { type: "button", "class": "reveal" });
        button.addEventListener("click", function () { reveal(p, !p.classList.contains("revealed")); });
        $(".renderings", p).after(button);
      }
      button.hidden = false;
      button.setAttribute("data-others", others);
      reveal(p, false);
    });
    $$("#view_controls button").forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === view)); });
    if (remember) {
      store.set("edition-view", view);
      var params = new URLSearchParams(location.search);
      if (params.has("view")) { params.set("view", view); history.replaceState(null, "", "?" + params + location.hash); }
    }
    if (keep) window.scrollBy(0, keep.getBoundingClientRect().top - before);
  }
  function reveal(p, open) {
    var button = $(".reveal", p);
    p.classList.toggle("revealed", open);
    if (!button) return;
    var others = { languages: button.getAttribute("data-others") };
    button.textContent = open ? _("Hide %(languages)s", others) : _("Show %(languages)s", others);
    button.setAttribute("aria-expanded", String(open));
  }
  if (controls) {
    controls.hidden = false;
    var asked = new URLSearchParams(location.search).get("view");
    setView(asked || store.get("edition-view") || "parallel", !!asked);
    controls.addEventListener("click", function (event) {
      var view = event.target.getAttribute && event.target.getAttribute("data-view");
      if (!view) return;
      setView(view, true);
      say(_("View: %(view)s", { view: event.target.textContent }));
    });
  }

  /* Arrival: #id marks one passage, #a..b a range; #old (a moved id) lands on its successor;
     a label typed from the margin (#2.1, #9) works too. */
  var all = $$("[data-passage]");
  function passageFor(id) {
    var e = id && doc.getElementById(id);
    if (e && e.hasAttribute("data-moved-to")) e = doc.getElementById(e.getAttribute("data-moved-to"));
    if (e && e.hasAttribute("data-passage")) return e;
    return all.filter(function (p) { return p.getAttribute("data-label") === id; })[0] || null;
  }
  function clearMarks() {
    $$(".passage.is-target").forEach(function (p) { p.classList.remove("is-target"); });
    $$(".target-dismiss, .notice").forEach(function (b) { b.remove(); });
  }
  function arrive() {
    clearMarks();
    var hash;
    try { hash = decodeURIComponent(location.hash.slice(1)); } catch (e) { hash = location.hash.slice(1); }
    if (!hash || hash.indexOf("note_") === 0) return;
    var ends = hash.split(".."), first = passageFor(ends[0]), last = passageFor(ends[1] || ends[0]);
    if (!first || !last) {
      var missing = { id: first ? ends[1] : ends[0] };
      var notice = el("p", { "class": "notice", role: "status" }, _(
        "This text has no passage “%(id)s”. Its passages are numbered in the margin.", missing));
      passages.before(notice);
      return;
    }
    var a = all.indexOf(first), b = all.indexOf(last);
    if (a > b) { var t = a; a = b; b = t; }
    all.slice(a, b + 1).forEach(function (p) { p.classList.add("is-target"); reveal(p, true); });
    var dismiss = el("button", { type: "button", "class": "target-dismiss",
      "aria-label": _("Remove the highlight") }, "×");
    dismiss.addEventListener("click", clearMarks);
    $(".passage-tools", all[a]).appendChild(dismiss);  // beside Link and Cite, never over them
    all[a].scrollIntoView({ block: "start" });
  }

  /* Copy a permanent link or a citation; shift-click a second passage for a range. */
  var anchorPassage = null;
  function copy(text, message, button) {
    var done = function () {
      say(message);
      var label = button.textContent;
      button.textContent = _("Copied");
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    var ask = function () { window.prompt(_("Copy:"), text); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, ask);
    }
    else ask();
  }
  function pageUrl() { return location.href.split("#")[0].split("?")[0]; }
  var citation = ($("article.text") || doc.body).getAttribute("data-citation") || doc.title;
  all.forEach(function (p) {
    var tools = el("span", { "class": "passage-tools" });
    var link = el("button", { type: "button", title: _(
      "Copy a link to this passage (shift-click another passage's Link for a range)") }, _("Link"));
    var cite = el("button", { type: "button", title: _("Copy a citation of this passage") },
      _("Cite"));
    link.addEventListener("click", function (event) {
      var fragment = p.id, label = p.getAttribute("data-label");
      if (event.shiftKey && anchorPassage && anchorPassage !== p) {
        var a = all.indexOf(anchorPassage), b = all.indexOf(p), lo = all[Math.min(a, b)], hi = all[Math.max(a, b)];
        fragment = lo.id + ".." + hi.id;
        label = lo.getAttribute("data-label") + "–" + hi.getAttribute("data-label");
      } else { anchorPassage = p; }
      copy(pageUrl() + "#" + fragment, _("Link to passage %(label)s copied", { label: label }),
        link);
    });
    cite.addEventListener("click", function () {
      var v = { citation: citation, label: p.getAttribute("data-label") };
      v.url = pageUrl() + "#" + p.id;
      copy(_("%(citation)s, passage %(label)s. %(url)s", v),
        _("Citation of passage %(label)s copied", v), cite);
    });
    tools.appendChild(link); tools.appendChild(cite);
    $(".passage-label", p).after(tools);
  });
  arrive();
  window.addEventListener("hashchange", arrive);
  $$("a.xref").forEach(function (a) { a.setAttribute("data-print-url", a.href); });

  /* Cards: a gloss or a cross-reference preview on hover, focus or tap; Escape closes. */
  var glossary = {};
  var data = $("#glossary_data");
  if (data) { try { glossary = JSON.parse(data.textContent); } catch (e) { glossary = {}; } }
  var card = null, owner = null, hideTimer = null, pages = {};
  // The same entry, lit in every language of the passage: how the translation rendered the term.
  function light(term, on) {
    var passage = term && term.closest("[data-passage]");
    if (!passage) return;
    $$('[data-term="' + term.getAttribute("data-term") + '"]', passage).forEach(function (t) { t.classList.toggle("term-lit", on); });
  }
  doc.addEventListener("mouseover", function (event) { var t = event.target.closest && event.target.closest("span.term"); if (t) light(t, true); });
  doc.addEventListener("mouseout", function (event) { var t = event.target.closest && event.target.closest("span.term"); if (t) light(t, false); });
  function closeCard() {
    light(owner, false);
    if (card) card.remove();
    if (owner) { owner.removeAttribute("aria-describedby"); owner.setAttribute("aria-expanded", "false"); }
    card = owner = null;
  }
  function place(box, anchor) {
    var r = anchor.getBoundingClientRect(), width = box.offsetWidth, vw = doc.documentElement.clientWidth;
    var left = Math.min(Math.max(8, r.left), Math.max(8, vw - width - 8));
    var below = r.bottom + 6, height = box.offsetHeight;
    var top = (below + height > window.innerHeight && r.top - height - 6 > 0) ? r.top - height - 6 : below;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }
  function openCard(anchor, fill) {
    if (owner === anchor) return;
    closeCard();
    owner = anchor;
    card = el("div", { "class": anchor.classList.contains("gloss") ? "gloss-card" : "xref-card", role: "tooltip", id: "card_" + Date.now() });
    fill(card);
    var close = el("button", { type: "button", "class": "card-close", "aria-label": _("Close") },
      "×");
    close.addEventListener("click", closeCard);
    card.insertBefore(close, card.firstChild);
    card.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("pointerleave", function () { hideTimer = setTimeout(closeCard, 250); });
    doc.body.appendChild(card);
    light(anchor, true);
    anchor.setAttribute("aria-describedby", card.id);
    anchor.setAttribute("aria-expanded", "true");
    place(card, anchor);
  }
  function fillGloss(anchor) {
    return function (box) {
      var entry = glossary[anchor.getAttribute("data-term")];
      if (!entry) { box.textContent = anchor.textContent; return; }
      var head = el("div", { "class": "card-head" });
      head.appendChild(el("strong", { lang: $("article.text").getAttribute("data-headword-lang") }, entry.zh));
      head.appendChild(el("span", { "class": "card-pinyin" }, entry.pinyin));
      box.appendChild(head);
      box.appendChild(el("div", { "class": "card-en", lang: "en" }, entry.en));
      var def = new DOMParser().parseFromString(entry.definition, "text/html").body;
      var wrap = el("div", { "class": "card-definition", lang: "en" });
      while (def.firstChild) wrap.appendChild(def.firstChild);
      box.appendChild(wrap);
      var full = _("Full entry and occurrences →");
      box.appendChild(el("a", { href: anchor.getAttribute("href") }, full));
    };
  }
  function fillXref(anchor) {
    return function (box) {
      var target = anchor.getAttribute("data-xref").split("#"), url = new URL(anchor.href).pathname;
      box.textContent = "…";
      var show = function (html) {
        var page = html ? new DOMParser().parseFromString(html, "text/html") : doc;
        var passage = page.getElementById(target[1]);
        if (!card || owner !== anchor) return;
        box.textContent = "";
        if (!passage) { box.textContent = _("Passage not found."); return; }
        var heading = (page.querySelector("h1") || {}).textContent || "";
        var where = _("%(title)s, passage %(label)s",
          { title: heading, label: passage.getAttribute("data-label") });
        var go = el("a", { href: anchor.href, "class": "result-where" }, where + " →");
        box.appendChild(go);
        $$(".rendering", passage).forEach(function (r) { var c = r.cloneNode(true); c.classList.remove("other"); box.appendChild(c); });
        place(box, anchor);
      };
      if (url === location.pathname) return show(null);
      if (!pages[url]) pages[url] = fetch(url).then(function (r) { return r.text(); });
      pages[url].then(show, function () { box.textContent = _("Preview unavailable."); });
    };
  }
  function cardFor(anchor) {
    if (anchor.classList.contains("gloss")) return fillGloss(anchor);
    if (anchor.hasAttribute("data-xref")) return fillXref(anchor);
    return null;
  }
  function cardAnchor(target) {
    var a = target.closest && target.closest("a.gloss, a.xref[data-xref]");
    return a && !a.closest(".gloss-card, .xref-card") ? a : null;
  }
  doc.addEventListener("pointerover", function (event) {
    var a = cardAnchor(event.target);
    if (a && event.pointerType === "mouse") { clearTimeout(hideTimer); openCard(a, cardFor(a)); }
  });
  doc.addEventListener("pointerout", function (event) {
    var a = cardAnchor(event.target);
    if (a && a === owner && event.pointerType === "mouse") hideTimer = setTimeout(closeCard, 250);
  });
  // A tap focuses the link before its click: let the click decide, so the first tap opens the card.
  var pointerDown = null, escaped = null;
  doc.addEventListener("pointerdown", function (event) { pointerDown = event.pointerType; }, true);
  doc.addEventListener("focusin", function (event) {
    var a = cardAnchor(event.target);
    if (a && a === escaped) { escaped = null; return; }
    if (a) { if (!pointerDown || pointerDown === "mouse") openCard(a, cardFor(a)); }
    else if (card && !card.contains(event.target)) closeCard();
  });
  doc.addEventListener("click", function (event) {
    var a = cardAnchor(event.target), touch = pointerDown && pointerDown !== "mouse";
    pointerDown = null;
    if (a && touch) { if (owner !== a) { event.preventDefault(); openCard(a, cardFor(a)); } return; }
    if (card && !card.contains(event.target) && !a) closeCard();
  });
  doc.addEventListener("keydown", function (event) {
    pointerDown = null;
    if (event.key === "Escape" && card) {
      var o = owner;
      closeCard();
      escaped = o;  // focus goes back to the term without opening its card again
      if (o) o.focus({ preventScroll: true });
    }
  });
  window.addEventListener("resize", function () { if (card && owner) place(card, owner); });
})();

/* The search page. Pagefind finds the texts (one index document per text and language); the
   position of each hit says which passage it is in; the passage's own words, fetched from
   search/passages/, are checked for the whole query, shown with the hits marked, and linked. */
(function () {
  "use strict";
  var form = document.getElementById("search_form"), box = document.getElementById("search_query");
  var out = document.getElementById("search_results"), root = document.body.getAttribute("data-root");
  var textFilter = document.getElementById("filter_text"), langFilter = document.getElementById("filter_language");
  var _ = window.Edition._;
  var pagefind = null, run = 0, terms = [], scripts = {}, texts = {}, HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]+/gu;
  if (!form) return;

  // Han characters folded to one script, as the index was (search/scripts.json): a query in
  // traditional characters finds a text in simplified ones. One character for one, so positions hold.
  function fold(s) { return s.replace(HAN, function (run) { return run.replace(/[^]/g, function (c) { return scripts[c] || c; }); }); }

  // The index holds each Han character as a word; a query is cut the same way (see edition/search.py).
  function characters(query) {
    return fold(query).replace(HAN, function (run) { return " " + Array.from(run).join(" ") + " "; }).replace(/\s+/g, " ").trim();
  }
  // Whether a document can hold each Han run of the query as written: its characters matched at
  // consecutive positions. (Pagefind gives the positions of a document's matched words.)
  function adjacent(query, positions) {
    var at = {}, runs = fold(query).match(HAN) || [];
    positions.forEach(function (p) { at[p] = 1; });
    return runs.every(function (run) {
      var n = Array.from(run).length;
      return n < 2 || positions.some(function (p) {
        for (var i = 1; i < n; i++) if (!at[p + i]) return false;
        return true;
      });
    });
  }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }

  // What a passage must hold to match: each Han run as written (a line break of the source, now
  // a space, may fall inside it), each other word from its start. Han characters are not part
  // of a word: 14 in 5月14日 begins one.
  var WORD = "(?:(?!\\p{sc=Han})[\\p{L}\\p{N}])";
  function patterns(query, loose) {
    var found = [];
    query.replace(HAN, function (run) { found.push(Array.from(run).join("\\s?")); return " "; }).split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
      if (w.length > 1) found.push("(?<!" + WORD + ")" + (loose ? w.slice(0, 4) : w.length > 5 ? w.slice(0, -2) : w) + WORD + "*");
    });
    return found.map(function (p) { return new RegExp(p, "iu"); });
  }
  function holds(text, query, loose) { text = fold(text); return patterns(fold(query), loose).every(function (p) { return p.test(text); }); }

  // An excerpt around the first hit, hits marked.
  function excerpt(text, query) {
    var sources = patterns(fold(query)).map(function (p) { return p.source; });
    var pattern = sources.length ? new RegExp(sources.join("|"), "giu") : null;
    var folded = fold(text), first = pattern ? folded.search(pattern) : -1, start = Math.max(0, first - 60);
    while (start > 0 && /\w/.test(text[start - 1]) && start < first) start++;  // begin on a word boundary
    var end = start + 220, dots = start > 0 ? "…" : "";
    var piece = dots + text.slice(start, end) + (end < text.length ? "…" : "");
    var foldedPiece = dots + folded.slice(start, end);  // matched folded, marked in the text as written
    var p = el("p", "result-text"), last = 0;
    if (pattern) foldedPiece.replace(pattern, function (hit, at) {
      p.appendChild(document.createTextNode(piece.slice(last, at)));
      p.appendChild(el("mark", "", piece.slice(at, at + hit.length)));
      last = at + hit.length;
    });
    p.appendChild(document.createTextNode(piece.slice(last)));
    return p;
  }

  // A query in pinyin (tones as marks, numbers or none; spaced or not) or an English rendering
  // also finds the passages that use the Chinese term (search/terms.json, built from the glossary).
  function pinyinKey(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/v/g, "u").replace(/[^a-z]/g, ""); }
  function relatedChinese(query) {
    if (query.search(HAN) >= 0) return [];
    var key = pinyinKey(query), english = query.toLowerCase().split(/\s+/).join(" ");
    return terms.filter(function (t) { return (key && t.pinyin === key) || t.en.indexOf(english) >= 0; })
      .map(function (t) { return t.zh[0]; });
  }

  function passagesOf(slug, meta) {
    if (slug === "glossary") {  // an entry's document carries its own words
      var passages = {};
      passages[meta.id] = { label: meta.label, text: { en: meta.text }, notes: {} };
      var languages = { en: { html: "en", label: "" } };
      return Promise.resolve({ title: _("Glossary"), languages: languages, passages: passages });
    }
    if (!texts[slug]) texts[slug] = fetch("passages/" + slug + ".json").then(function (r) { return r.json(); });
    return texts[slug];
  }

  // Which passage each hit is in: the last element with an id that starts before it.
  function hitPassages(data) {
    var anchors = data.anchors.filter(function (a) { return a.id; }), ids = [];
    data.locations.forEach(function (at) {
      var holder = null;
      anchors.forEach(function (a) { if (a.location <= at) holder = a.id; });
      if (holder && ids.indexOf(holder) < 0) ids.push(holder);
    });
    return ids;
  }

  // Texts are looked at a few at a time: each costs the reader its index fragment and its words.
  var BATCH = 12;

  function passagesHolding(d, text) {
    // Every passage of the text that holds the whole query. Where none does (an inflected English
    // word only Pagefind's stemmer matched), those where each word at least begins as in the
    // query; for a query without Chinese, among the passages the hits fall in. (Pagefind leaves
    // out a word that is nowhere in an index, or in one part of it: the passages must not.)
    var lang = d.data.meta.lang, ids = Object.keys(text.passages);
    function words(id) { var p = text.passages[id]; return p && p.text[lang] ? p.text[lang] + " " + (p.notes[lang] || "") : ""; }
    var matching = ids.filter(function (id) { return words(id) && holds(words(id), d.q); });
    if (matching.length) return matching;
    return (d.q.search(HAN) >= 0 ? ids : hitPassages(d.data)).filter(function (id) { return words(id) && holds(words(id), d.q, true); });
  }

  // Whether a document is of the text and language the filters ask for (a marker word the
  // index, or one part of it, lacks is left out of the query by Pagefind).
  function wanted(meta) {
    var text = textFilter.selectedOptions[0], lang = langFilter.selectedOptions[0];
    var slug = text ? text.getAttribute("data-slug") : "", code = lang ? lang.getAttribute("data-lang") : "";
    return (!slug || meta.slug === slug) && (!code || meta.slug === "glossary" || meta.lang === code);
  }

  function show(list, query, r) {
    var passage = r.text.passages[r.id], language = r.text.languages[r.lang];
    var item = el("li", "result"), link = el("a"), glossary = r.slug === "glossary";
    link.href = root + (glossary ? "glossary/#" : "texts/" + r.slug + "/#") + r.id;
    var where = glossary ? _("Glossary: %(entry)s", { entry: passage.label })
      : _("%(title)s, passage %(label)s (%(language)s)",
        { title: r.text.title, label: passage.label, language: language.label });
    link.appendChild(el("span", "result-where", where));
    item.appendChild(link);
    var q = r.q === query ? query : query + " " + r.q, own = passage.text[r.lang];
    var words = excerpt(holds(own, r.q) || !passage.notes[r.lang] ? own : passage.notes[r.lang], q);
    words.lang = language.html;
    item.appendChild(words);
    list.appendChild(item);
  }

  function search() {
    var query = box.value.trim(), mine = ++run;
    var params = new URLSearchParams(location.search);
    if (query) params.set("q", query); else params.delete("q");
    history.replaceState(null, "", "?" + params.toString());
    if (!query) { out.textContent = ""; return; }
    if (!pagefind) return;  // the index is still loading: the query in the address runs when it is ready
    // Filters are marker words every document carries (see edition/search.py).
    var markers = [textFilter.value, langFilter.value].join(" "), queries = [query].concat(relatedChinese(query));
    Promise.all(queries.map(function (q) {
      return pagefind.search((characters(q) + " " + markers).trim()).then(function (found) {
        return found.results.filter(function (r) { return adjacent(q, r.words); }).map(function (r) { return { q: q, r: r }; });
      });
    })).then(function (perQuery) {
      if (mine !== run) return;
      var pending = [].concat.apply([], perQuery), seen = {}, count = 0;
      out.textContent = "";
      var summary = el("p", "result-count"), list = el("ol");
      var more = el("button", "more-results", _("More results"));
      more.type = "button";
      more.hidden = true;
      out.appendChild(summary);
      out.appendChild(list);
      out.appendChild(more);
      function next() {
        more.hidden = true;
        out.setAttribute("aria-busy", "true");
        var batch = pending.splice(0, BATCH);
        Promise.all(batch.map(function (d) {
          return d.r.data().then(function (data) {
            d.data = data;
            return passagesOf(data.meta.slug, data.meta);
          });
        })).then(function (loaded) {
          if (mine !== run) return;
          batch.forEach(function (d, i) {
            var text = loaded[i], slug = d.data.meta.slug, lang = d.data.meta.lang;
            if (!wanted(d.data.meta)) return;
            passagesHolding(d, text).forEach(function (id) {
              var key = slug + "#" + id + "." + lang;
              if (seen[key]) return;
              seen[key] = 1;
              count++;
              show(list, query, { slug: slug, id: id, lang: lang, q: d.q, text: text });
            });
          });
          var n = { n: count }, found = count === 1 ? _("%(n)s result", n) : _("%(n)s results", n);
          if (count && pending.length) {
            found = _("%(results)s, more in other texts", { results: found });
          }
          var none = _("Nothing found for “%(query)s”.", { query: query });
          if (!count) found = pending.length ? "" : none;
          summary.textContent = found;
          if (pending.length && !count) return next();
          more.hidden = !pending.length;
          out.setAttribute("aria-busy", "false");
        });
      }
      more.addEventListener("click", next);
      next();
    });
  }

  var timer = null;
  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 200); });
  [textFilter, langFilter].forEach(function (s) { s.addEventListener("change", search); });
  var loadTerms = Promise.all([
    fetch("terms.json").then(function (r) { return r.json(); }).then(function (t) { terms = t; }, function () { terms = []; }),
    fetch("scripts.json").then(function (r) { return r.json(); }).then(function (m) { scripts = m; }, function () { scripts = {}; })
  ]);
  // A large edition's index comes in parts (see edition/search.py): the first is the bundle
  // itself, the others are merged into it.
  var loadParts = fetch("../pagefind/parts.json").then(function (r) { return r.ok ? r.json() : []; }, function () { return []; });
  Promise.all([loadTerms, import("../pagefind/pagefind.js"), loadParts]).then(function (loaded) {
    var found = loaded[1];
    return Promise.resolve(found.init ? found.init() : null).then(function () {
      return Promise.all(loaded[2].map(function (part) {
        return found.mergeIndex(new URL("../pagefind/" + part + "/", location.href).href);
      }));
    }).then(function () { pagefind = found; });
  }).then(function () {
    document.getElementById("search_filters").hidden = false;
    var asked = new URLSearchParams(location.search).get("q");
    if (asked) { box.value = asked; search(); }
  });
})();

/* The search page: Pagefind over passages and glossary entries, results that land on the passage. */
(function () {
  "use strict";
  var form = document.getElementById("search_form"), box = document.getElementById("search_query");
  var out = document.getElementById("search_results"), root = document.body.getAttribute("data-root");
  var textFilter = document.getElementById("filter_text"), langFilter = document.getElementById("filter_language");
  var pagefind = null, run = 0, HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  if (!form) return;

  // The index holds Han text as overlapping bigrams; a query is cut the same way (see edition/search.py).
  function bigrams(query) {
    return query.replace(HAN, function (run) {
      if (run.length < 2) return " " + run + " ";
      var parts = [];
      for (var i = 0; i < run.length - 1; i++) parts.push(run.slice(i, i + 2));
      return " " + parts.join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
  }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }

  // An excerpt of the passage's own text around the first hit, hits marked.
  function excerpt(text, query) {
    // Han runs as written; other words from their start, with endings free (chain → chains).
    var terms = [];
    query.replace(HAN, function (run) { terms.push(run); return " "; }).split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
      if (w.length > 1) terms.push("(?<![\\p{L}\\p{N}])" + (w.length > 5 ? w.slice(0, -2) : w) + "[\\p{L}\\p{N}]*");
    });
    var pattern = terms.length ? new RegExp(terms.join("|"), "giu") : null;
    var first = pattern ? text.search(pattern) : -1, start = Math.max(0, first - 60);
    while (start > 0 && /\w/.test(text[start - 1]) && start < first) start++;  // begin on a word boundary
    var piece = (start > 0 ? "…" : "") + text.slice(start, start + 220) + (start + 220 < text.length ? "…" : "");
    var p = el("p", "result-text"), last = 0;
    if (pattern) piece.replace(pattern, function (hit, at) {
      p.appendChild(document.createTextNode(piece.slice(last, at)));
      p.appendChild(el("mark", "", hit));
      last = at + hit.length;
    });
    p.appendChild(document.createTextNode(piece.slice(last)));
    return p;
  }

  // A query in pinyin (tones as marks, numbers or none; spaced or not) or an English rendering
  // also finds the passages that use the Chinese term (search/terms.json, built from the glossary).
  var terms = null;
  function pinyinKey(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/v/g, "u").replace(/[^a-z]/g, ""); }
  function relatedChinese(query) {
    if (!terms || HAN.test(query)) { HAN.lastIndex = 0; return []; }
    var key = pinyinKey(query), english = query.toLowerCase().split(/\s+/).join(" ");
    return terms.filter(function (t) { return (key && t.pinyin === key) || t.en.indexOf(english) >= 0; })
      .map(function (t) { return t.zh[0]; });
  }

  function search() {
    var query = box.value.trim(), mine = ++run;
    var params = new URLSearchParams(location.search);
    if (query) params.set("q", query); else params.delete("q");
    history.replaceState(null, "", "?" + params.toString());
    if (!query) { out.textContent = ""; return; }
    // Filters are marker words every document carries (see edition/search.py).
    var markers = [textFilter.value, langFilter.value].join(" "), extra = relatedChinese(query);
    Promise.all([query].concat(extra).map(function (q) {
      return pagefind.search((bigrams(q) + " " + markers).trim());
    })).then(function (found) {
      var seen = {}, all = [];
      found.forEach(function (f) { f.results.forEach(function (r) { if (!seen[r.id]) { seen[r.id] = 1; all.push(r); } }); });
      return Promise.all(all.slice(0, 50).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (mine !== run) return;
      out.textContent = "";
      out.appendChild(el("p", "result-count", results.length ? results.length + (results.length === 1 ? " result" : " results") + (results.length === 50 ? " (first 50)" : "") : "Nothing found for “" + query + "”."));
      var list = el("ol");
      results.forEach(function (r) {
        var item = el("li", "result"), link = el("a");
        link.href = root + r.meta.target;
        link.appendChild(el("span", "result-where", r.meta.heading + ", " + r.meta.label));
        item.appendChild(link);
        var text = excerpt(r.meta.text, [query].concat(extra).join(" "));
        text.lang = r.meta.lang;
        item.appendChild(text);
        list.appendChild(item);
      });
      out.appendChild(list);
    });
  }

  var timer = null;
  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 200); });
  [textFilter, langFilter].forEach(function (s) { s.addEventListener("change", search); });
  var loadTerms = fetch("terms.json").then(function (r) { return r.json(); }).then(function (t) { terms = t; }, function () { terms = []; });
  Promise.all([loadTerms, import("../pagefind/pagefind.js")]).then(function (loaded) {
    var module = loaded[1];
    pagefind = module;
    return pagefind.init ? pagefind.init() : null;
  }).then(function () {
    document.getElementById("search_filters").hidden = false;
    var asked = new URLSearchParams(location.search).get("q");
    if (asked) { box.value = asked; search(); }
  });
})();

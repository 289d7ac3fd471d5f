/* The search page. Pagefind finds the texts (one index document per text and language); the
   position of each hit says which passage it is in; the passage's own words, fetched from
   search/passages/, are checked for the whole query, shown with the hits marked, and linked. */
(() => {
  "use strict";
  const { _ } = window.Edition;
  const byId = (id) => document.getElementById(id);
  const form = byId("search_form"), box = byId("search_query"), out = byId("search_results");
  const textFilter = byId("filter_text"), langFilter = byId("filter_language");
  const root = document.body.getAttribute("data-root");
  if (!form) return;
  // Which characters are Han and which marks are pinyin's tones: edition/scripts.py's HAN_RANGES
  // and TONE_MARKS, written into the brackets when the site is built.
  const HAN = /[HAN_RANGES]+/gu;
  const TONE_MARKS = /[TONE_MARKS]/g;
  let pagefind = null, run = 0, terms = [], scripts = {};
  const texts = {};

  // Han characters folded to one script, as the index was (search/scripts.json): a query in
  // traditional characters finds a text in simplified ones. One character for one, so positions
  // hold.
  const fold = (s) => s.replace(HAN, (han) => han.replace(/[^]/gu, (c) => scripts[c] || c));

  // The index holds each Han character as a word; a query is cut the same way (edition/search.py).
  const characters = (query) =>
    fold(query).replace(HAN, (han) => " " + [...han].join(" ") + " ").replace(/\s+/g, " ").trim();

  // Whether a document can hold each Han run of the query as written: its characters matched at
  // consecutive positions. (Pagefind gives the positions of a document's matched words.)
  const adjacent = (query, positions) => {
    const at = new Set(positions);
    return (fold(query).match(HAN) || []).every((han) => {
      const n = [...han].length;
      return n < 2 || positions.some((p) => {
        for (let i = 1; i < n; i++) if (!at.has(p + i)) return false;
        return true;
      });
    });
  };
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };

  // What a passage must hold to match: each Han run as written (a line break of the source, now
  // a space, may fall inside it), each other word from its start. Han characters are not part
  // of a word: 14 in 5月14日 begins one.
  const WORD = "(?:(?!\\p{sc=Han})[\\p{L}\\p{N}])";
  const patterns = (query, loose) => {
    const found = [];
    const rest = query.replace(HAN, (han) => {
      found.push([...han].join("\\s?"));
      return " ";
    });
    for (const w of rest.split(/[^\p{L}\p{N}]+/u)) {
      if (w.length < 2) continue;
      const start = loose ? w.slice(0, 4) : w.length > 5 ? w.slice(0, -2) : w;
      found.push("(?<!" + WORD + ")" + start + WORD + "*");
    }
    return found.map((p) => new RegExp(p, "iu"));
  };
  const holds = (text, query, loose) => {
    const folded = fold(text);
    return patterns(fold(query), loose).every((p) => p.test(folded));
  };

  // An excerpt around the first hit, hits marked.
  const excerpt = (text, query) => {
    const sources = patterns(fold(query)).map((p) => p.source);
    const pattern = sources.length ? new RegExp(sources.join("|"), "giu") : null;
    const folded = fold(text), first = pattern ? folded.search(pattern) : -1;
    let start = Math.max(0, first - 60);
    while (start > 0 && /\w/.test(text[start - 1]) && start < first) start++;  // a word's start
    const end = start + 220, dots = start > 0 ? "…" : "";
    const piece = dots + text.slice(start, end) + (end < text.length ? "…" : "");
    const foldedPiece = dots + folded.slice(start, end);  // matched folded, marked as written
    const p = el("p", "result-text");
    let last = 0;
    if (pattern) {
      for (const hit of foldedPiece.matchAll(pattern)) {
        const after = hit.index + hit[0].length;
        p.append(piece.slice(last, hit.index), el("mark", "", piece.slice(hit.index, after)));
        last = after;
      }
    }
    p.append(piece.slice(last));
    return p;
  };

  // A query in pinyin (tones as marks, numbers or none; spaced or not) or an English rendering
  // also finds the passages that use the Chinese term (search/terms.json, built from the glossary).
  const pinyinKey = (s) =>
    s.normalize("NFD").replace(TONE_MARKS, "").toLowerCase().replace(/v/g, "u")
      .replace(/[^a-z]/g, "");
  const relatedChinese = (query) => {
    if (query.search(HAN) >= 0) return [];
    const key = pinyinKey(query), english = query.toLowerCase().split(/\s+/).join(" ");
    return terms.filter((t) => (key && t.pinyin === key) || t.en.includes(english))
      .map((t) => t.zh[0]);
  };

  const passagesOf = (slug, meta) => {
    if (slug === "glossary") {  // an entry's document carries its own words
      const passages = { [meta.id]: { label: meta.label, text: { en: meta.text }, notes: {} } };
      const languages = { en: { html: "en", label: "" } };
      return Promise.resolve({ title: _("Glossary"), languages, passages });
    }
    texts[slug] ||= fetch("passages/" + slug + ".json").then((r) => r.json());
    return texts[slug];
  };

  // Which passage each hit is in: the last element with an id that starts before it.
  const hitPassages = (data) => {
    const anchors = data.anchors.filter((a) => a.id), ids = [];
    for (const at of data.locations) {
      const holder = anchors.findLast((a) => a.location <= at)?.id;
      if (holder && !ids.includes(holder)) ids.push(holder);
    }
    return ids;
  };

  // Texts are looked at a few at a time: each costs the reader its index fragment and its words.
  const BATCH = 12;

  const passagesHolding = (d, text) => {
    // Every passage of the text that holds the whole query. Where none does (an inflected English
    // word only Pagefind's stemmer matched), those where each word at least begins as in the
    // query; for a query without Chinese, among the passages the hits fall in. (Pagefind leaves
    // out a word that is nowhere in an index, or in one part of it: the passages must not.)
    const lang = d.data.meta.lang, ids = Object.keys(text.passages);
    const words = (id) => {
      const p = text.passages[id];
      return p?.text[lang] ? p.text[lang] + " " + (p.notes[lang] || "") : "";
    };
    const matching = ids.filter((id) => words(id) && holds(words(id), d.q));
    if (matching.length) return matching;
    const near = d.q.search(HAN) >= 0 ? ids : hitPassages(d.data);
    return near.filter((id) => words(id) && holds(words(id), d.q, true));
  };

  // Whether a document is of the text and language the filters ask for (a marker word the
  // index, or one part of it, lacks is left out of the query by Pagefind).
  const wanted = (meta) => {
    const slug = textFilter.selectedOptions[0]?.getAttribute("data-slug") || "";
    const code = langFilter.selectedOptions[0]?.getAttribute("data-lang") || "";
    const version = langFilter.selectedOptions[0]?.getAttribute("data-version") || "";
    const glossary = meta.slug === "glossary";
    const language = meta.lang.split(".")[0];  // en for en.revised
    return (!slug || meta.slug === slug)
      && (glossary || ((!code || language === code) && (!version || meta.lang === version)));
  };

  const show = (list, query, r) => {
    const passage = r.text.passages[r.id], language = r.text.languages[r.lang];
    const item = el("li", "result"), link = el("a"), glossary = r.slug === "glossary";
    // A version the page shows only when asked (?show=) is asked for.
    const page = "texts/" + r.slug + "/" + (language.show || "");
    link.href = root + (glossary ? "glossary/#" : page + "#") + r.id;
    const where = glossary ? _("Glossary: %(entry)s", { entry: passage.label })
      : _("%(title)s, passage %(label)s (%(language)s)",
        { title: r.text.title, label: passage.label, language: language.label });
    link.appendChild(el("span", "result-where", where));
    item.appendChild(link);
    const q = r.q === query ? query : query + " " + r.q, own = passage.text[r.lang];
    const notes = passage.notes[r.lang];
    const words = excerpt(holds(own, r.q) || !notes ? own : notes, q);
    words.lang = language.html;
    item.appendChild(words);
    list.appendChild(item);
  };

  // The documents Pagefind finds for a query and for the Chinese terms it names, in that order.
  const found = async (query) => {
    // Filters are marker words every document carries (see edition/search.py).
    const markers = [textFilter.value, langFilter.value].join(" ");
    const perQuery = await Promise.all([query, ...relatedChinese(query)].map(async (q) => {
      const result = await pagefind.search((characters(q) + " " + markers).trim());
      return result.results.filter((r) => adjacent(q, r.words)).map((r) => ({ q, r }));
    }));
    return perQuery.flat();
  };

  const search = async () => {
    const query = box.value.trim(), mine = ++run;
    const params = new URLSearchParams(location.search);
    if (query) params.set("q", query); else params.delete("q");
    history.replaceState(null, "", "?" + params.toString());
    if (!query) {
      out.textContent = "";
      out.setAttribute("aria-busy", "false");
      return;
    }
    if (!pagefind) return;  // the index is still loading: the query in the address runs then
    // Busy from the query until its first results are shown: only the latest search clears it.
    out.setAttribute("aria-busy", "true");
    const pending = await found(query);
    if (mine !== run) return;
    const seen = new Set(), summary = el("p", "result-count"), list = el("ol");
    const more = el("button", "more-results", _("More results"));
    let count = 0;
    more.type = "button";
    more.hidden = true;
    out.textContent = "";
    out.append(summary, list, more);
    const next = async () => {
      more.hidden = true;
      out.setAttribute("aria-busy", "true");
      const batch = pending.splice(0, BATCH);
      const loaded = await Promise.all(batch.map(async (d) => {
        d.data = await d.r.data();
        return passagesOf(d.data.meta.slug, d.data.meta);
      }));
      if (mine !== run) return;
      batch.forEach((d, i) => {
        const text = loaded[i], { slug, lang } = d.data.meta;
        if (!wanted(d.data.meta)) return;
        for (const id of passagesHolding(d, text)) {
          const key = slug + "#" + id + "." + lang;
          if (seen.has(key)) continue;
          seen.add(key);
          count++;
          show(list, query, { slug, id, lang, q: d.q, text });
        }
      });
      const n = { n: count };
      let said = count === 1 ? _("%(n)s result", n) : _("%(n)s results", n);
      if (count && pending.length) said = _("%(results)s, more in other texts", { results: said });
      const none = _("Nothing found for “%(query)s”.", { query });
      if (!count) said = pending.length ? "" : none;
      summary.textContent = said;
      if (pending.length && !count) return next();
      more.hidden = !pending.length;
      out.setAttribute("aria-busy", "false");
    };
    more.addEventListener("click", next);
    await next();
  };

  let timer = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  for (const filter of [textFilter, langFilter]) filter.addEventListener("change", search);

  const json = async (url, fallback) => {
    try {
      const response = await fetch(url);
      return response.ok ? await response.json() : fallback;
    } catch {
      return fallback;
    }
  };
  const start = async () => {
    const [termList, scriptMap, bundle, parts] = await Promise.all([
      json("terms.json", []), json("scripts.json", {}), import("../pagefind/pagefind.js"),
      // A large edition's index comes in parts (see edition/search.py): the first is the bundle
      // itself, the others are merged into it.
      json("../pagefind/parts.json", []),
    ]);
    terms = termList;
    scripts = scriptMap;
    await bundle.init?.();
    const merge = (part) => bundle.mergeIndex(new URL(`../pagefind/${part}/`, location.href).href);
    await Promise.all(parts.map(merge));
    pagefind = bundle;
    byId("search_filters").hidden = false;
    const asked = new URLSearchParams(location.search).get("q");
    if (asked) {
      box.value = asked;
      search();
    }
  };
  start();
})();

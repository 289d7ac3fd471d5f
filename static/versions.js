/* Several translations of a text: which renderings the page shows (the source and one translation
   side by side, two to compare, interlinear with any), in which order. The page as built shows
   the defaults; reader.js loads this module when the reader has chosen otherwise (remembered, or
   ?show=zh,en.revised in the address, for this visit) or first touches the picker. A choice made
   in the picker is remembered. The article's data-citation and data-query follow the choice, so
   that Cite names the translators shown and Link and Cite give an address that shows them; so
   does the source line of a printed page. */
const { $, $$, say, store, _ } = window.Edition;
const passages = $("#passage_list"), picker = $("#version_picker"), article = $("article.text");
const boxes = $$("input", picker), known = boxes.map((box) => box.value);
const defaults = passages.getAttribute("data-shown").split(" ");
const citation = article.getAttribute("data-citation-base");
const printedCitation = $(".print-citation", article), printedUrl = $(".print-url", article);
const address = printedUrl?.textContent;
const languageOf = (version) => version.split(".")[0];
const about = (version, part) => $(`[data-version="${version}"] ${part}`, picker)?.textContent;
let shown = defaults, started = false;

/* The known renderings of a list, in its order; a version this text lacks gives way to its
   language's default, so that a choice made on one text carries to another. */
const choose = (asked) => {
  const list = [];
  for (const version of asked) {
    const stand = known.includes(version) ? version
      : defaults.find((d) => languageOf(d) === languageOf(version));
    if (stand && !list.includes(stand)) list.push(stand);
  }
  return list.length ? list : defaults;
};

const show = (asked) => {
  shown = choose(asked);
  for (const box of boxes) {
    box.checked = shown.includes(box.value);
    box.disabled = box.checked && shown.length === 1;  // something is always shown
  }
  for (const group of $$(".renderings", passages)) {
    const renderings = $$(".rendering", group);
    const place = (r) => {
      const at = shown.indexOf(r.getAttribute("data-version"));
      return at < 0 ? shown.length + renderings.indexOf(r) : at;
    };
    for (const r of renderings) r.classList.toggle("unshown", place(r) >= shown.length);
    group.append(...renderings.sort((a, b) => place(a) - place(b)));
  }
  passages.setAttribute("data-chosen", shown.join(" "));
  // A rendering's notes (note_<version>_<n>) show with it.
  for (const notes of $$(".notes", passages)) {
    const items = $$("li[id^='note_']", notes);
    for (const li of items) {
      li.hidden = !shown.includes(li.id.slice("note_".length, li.id.lastIndexOf("_")));
    }
    notes.hidden = items.every((li) => li.hidden);
  }
  // Two translations into one language: each of their renderings says which it is.
  const twice = (v) => shown.filter((w) => languageOf(w) === languageOf(v)).length > 1;
  for (const r of $$(".rendering", passages)) {
    const v = r.getAttribute("data-version");
    if (shown.includes(v) && twice(v)) r.setAttribute("data-caption", about(v, ".version-name"));
    else r.removeAttribute("data-caption");
  }
  // Several translators: each named with the translation that is theirs.
  const translated = shown.filter((v) => about(v, ".version-translator"));
  const names = [...new Set(translated.map((v) => about(v, ".version-translator")
    + (translated.length > 1 ? ` (${about(v, ".version-name")})` : "")))];
  article.setAttribute("data-citation", names.length ? _("%(citation)s, %(credit)s",
    { citation, credit: _("translated by %(translators)s", { translators: names.join("; ") }) })
    : citation);
  const same = shown.join() === defaults.join();
  article.setAttribute("data-query", same ? "" : "?show=" + shown.join(","));
  if (printedCitation) {  // (a site without site_url prints no source line)
    printedCitation.textContent = article.getAttribute("data-citation");
    printedUrl.textContent = address + article.getAttribute("data-query");
  }
};

const pick = (next) => {
  show(next);
  store.set("edition-show", shown.join(","));
  const params = new URLSearchParams(location.search);
  if (params.has("show")) {
    params.set("show", shown.join(","));
    history.replaceState(null, "", "?" + params + location.hash);
  }
  const versions = shown.map((v) => about(v, ".version-name")).join(", ");
  say(_("Shown: %(versions)s", { versions }));
};

export const start = () => {
  if (started) return;
  started = true;
  const asked = new URLSearchParams(location.search).get("show") || store.get("edition-show");
  const ticked = known.filter((v, i) => boxes[i].checked);
  if (asked) show(asked.split(","));
  else if (ticked.join() !== defaults.join()) pick(ticked);  // ticked before this module came
  picker.addEventListener("change", (event) => {
    const box = event.target;
    const next = known.filter((v) => (v === box.value ? box.checked : shown.includes(v)));
    if (next.length) pick(next);
    else box.checked = true;  // (before the first choice, the last box is not yet disabled)
  });
};

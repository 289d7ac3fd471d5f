/* Every word looked up, and pinyin over the characters. Pointing at (mouse), tapping (touch) or
   selecting a Chinese word that is not a glossary term opens its dictionary card; with a Chinese
   sentence focused, the arrow keys step from word to word. The Pinyin switch writes each word's
   reading above it as <ruby>/<rt>. The words come from texts/<slug>/words.json (edition/
   dictionary.py), fetched at the first lookup: the page holds no markup per word, and finds the
   word at a place by the build's own longest match over the published words.
   reader.js loads this module at the first pointer, focus or selection among the passages, or at
   once when pinyin is asked for. */
const { $, $$, el, say, store, _ } = window.Edition;
const doc = document;
const HAN = /[HAN_RANGES]+/gu;
const CHINESE = '.rendering[lang|="zh"], .rendering[lang|="lzh"], .rendering[lang|="cmn"]';
const GLOSSED = "a.gloss, span.term";

let words = null;
let longest = 1;
const load = () => {
  words ||= fetch(new URL("words.json", location.href))
    .then((response) => response.json())
    .then((data) => {
      for (const word of Object.keys(data.words)) longest = Math.max(longest, [...word].length);
      return data.words;
    });
  return words;
};

/* A run of Han characters cut as the build cut it: the longest published word at each place. */
const cut = (run, known) => {
  const chars = [...run], found = [];
  for (let i = 0; i < chars.length;) {
    let n = Math.min(longest, chars.length - i);
    while (n > 1 && !known[chars.slice(i, i + n).join("")]) n--;
    found.push(chars.slice(i, i + n).join(""));
    i += n;
  }
  return found;
};

/* The words of a text node: [start, end, word], in UTF-16 offsets; a glossary term's run whole. */
const wordsOf = (node, known) => {
  const whole = node.parentElement?.closest(GLOSSED) || node.parentElement?.closest("ruby");
  const found = [];
  for (const match of node.data.matchAll(HAN)) {
    let at = match.index;
    for (const word of whole ? [match[0]] : cut(match[0], known)) {
      found.push([at, at + word.length, word]);
      at += word.length;
    }
  }
  return found;
};

const inPassage = (node) => node?.parentElement?.closest("[data-passage] [lang]");

/* The text node and offset under a point; over a ruby's reading, its word. */
const caretAt = (x, y) => {
  const position = doc.caretPositionFromPoint?.(x, y);
  let node = position ? position.offsetNode : doc.caretRangeFromPoint?.(x, y)?.startContainer;
  let offset = position ? position.offset : doc.caretRangeFromPoint?.(x, y)?.startOffset;
  const rt = node?.parentElement?.closest("rt");
  if (rt) [node, offset] = [rt.parentElement.firstChild, 0];
  return node?.nodeType === Node.TEXT_NODE ? [node, offset] : [null, 0];
};

const rangeOf = (node, start, end) => {
  const range = doc.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  return range;
};

/* The word at a point, if the point is on it: {node, start, end, word}. */
const wordAtPoint = async (x, y) => {
  const [node, offset] = caretAt(x, y);
  const glossed = node?.parentElement.closest(GLOSSED);
  if (!node || !inPassage(node) || glossed || node.data.search(HAN) < 0) return null;
  const known = await load();
  for (const [start, end, word] of wordsOf(node, known)) {
    for (const at of [offset, offset - 1]) {
      if (at < start || at >= end) continue;
      const box = rangeOf(node, at, at + 1).getBoundingClientRect();
      if (x >= box.left && x <= box.right && y >= box.top && y <= box.bottom) {
        return { node, start, end, word };
      }
    }
  }
  return null;
};

/* The card: the word, its other script, its reading here, each CC-CEDICT entry, its HSK level. */
let card = null, shown = null, hideTimer = null;
const mark = (range) => {
  if (!window.CSS?.highlights) return;
  if (range) CSS.highlights.set("dictionary-word", new Highlight(range));
  else CSS.highlights.delete("dictionary-word");
};
const close = () => {
  card?.remove();
  card = shown = null;
  mark(null);
};
const place = (box, rect) => {
  const vw = doc.documentElement.clientWidth;
  const left = Math.min(Math.max(8, rect.left), Math.max(8, vw - box.offsetWidth - 8));
  const below = rect.bottom + 6, above = rect.top - box.offsetHeight - 6;
  const top = below + box.offsetHeight > window.innerHeight && above > 0 ? above : below;
  box.style.left = left + window.scrollX + "px";
  box.style.top = top + window.scrollY + "px";
};
const open = async (found, announce) => {
  const known = await load();
  const data = known[found.word];
  if (!data || !data[1].length && !data[0]) return;
  const key = found.node === shown?.node && found.start === shown?.start;
  if (key && card) return;
  close();
  shown = found;
  const lang = found.node.parentElement.closest("[lang]").getAttribute("lang");
  const [reading, entries, level] = data;
  card = el("div", { class: "gloss-card dictionary-card", role: "tooltip", id: "dictionary_card" });
  const head = el("div", { class: "card-head" });
  head.append(el("strong", { lang }, found.word));
  const other = entries.map((e) => e[2]).find(Boolean);
  if (other) head.append(" ", el("span", { lang }, other));
  head.append(el("span", { class: "card-pinyin" }, reading));
  if (level) head.append(" ", el("span", { class: "card-level" }, _("HSK %(level)s", {
    level: level >= 7 ? "7–9" : String(level) })));
  const list = el("ol", { class: "dictionary-entries", lang: "en" });
  for (const [pinyin, senses] of entries) {
    const item = el("li");
    item.append(el("span", { class: "card-pinyin" }, pinyin), " ", senses);
    list.append(item);
  }
  const shut = el("button", { type: "button", class: "card-close", "aria-label": _("Close") });
  shut.textContent = "×";
  shut.addEventListener("click", close);
  card.append(shut, head);
  if (entries.length) card.append(list);
  else card.append(el("p", {}, _("Not in the dictionary.")));
  card.append(el("p", { class: "card-credit" }, _("CC-CEDICT dictionary (CC BY-SA 4.0)")));
  card.addEventListener("pointerenter", () => clearTimeout(hideTimer));
  card.addEventListener("pointerleave", (event) => {
    if (event.pointerType === "mouse") hideTimer = setTimeout(close, 250);
  });
  doc.body.append(card);
  const range = rangeOf(found.node, found.start, found.end);
  mark(range);
  place(card, range.getBoundingClientRect());
  if (announce) say(`${found.word} ${reading}: ${entries.map((e) => e[1]).join("; ")}`);
};

/* Pointing: the word under the mouse, once the pointer rests on it. */
let pending = 0;
const point = (event) => {
  if (event.pointerType !== "mouse" || card?.contains(event.target)) return;
  const ticket = ++pending;
  requestAnimationFrame(async () => {
    if (ticket !== pending) return;
    const found = await wordAtPoint(event.clientX, event.clientY);
    if (ticket !== pending) return;
    clearTimeout(hideTimer);
    if (found) open(found, false);
    else if (card) hideTimer = setTimeout(close, 250);
  });
};

/* Tapping: the word under the finger, unless it is a link (a gloss opens its own card). */
const tap = async (event) => {
  if (event.pointerType === "mouse" || !event.pointerType || event.target.closest?.("a, button")) {
    return;
  }
  if (card?.contains(event.target)) return;
  const found = await wordAtPoint(event.clientX, event.clientY);
  if (found) open(found, true);
  else close();
};

/* Selecting: the selected word, or the word the selection begins in. */
let selectTimer = null;
const selected = async () => {
  const selection = doc.getSelection();
  if (!selection?.rangeCount || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  const node = range.startContainer;
  if (node.nodeType !== Node.TEXT_NODE || !inPassage(node)) return;
  if (node.parentElement.closest(GLOSSED)) return;
  const known = await load();
  const within = wordsOf(node, known);
  const text = selection.toString().trim();
  const found = within.find(([start, , word]) => word === text && start >= range.startOffset - 1)
    || within.find(([start, end]) => range.startOffset >= start && range.startOffset < end);
  if (found) open({ node, start: found[0], end: found[1], word: found[2] }, true);
};

/* The keyboard: with a Chinese sentence (or rendering) focused, → and ← select the next and
   previous word, and its card opens (a glossary term's is its entry's: reader.js shows it);
   Escape closes it. */
const step = async (event) => {
  if (event.key === "Escape" && (card || shown?.term)) {
    close();
    return;
  }
  if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const focused = doc.activeElement;
  const scope = focused?.matches?.("[data-s], .rendering") && focused;
  if (!scope?.closest(".rendering")) return;
  event.preventDefault();
  const known = await load();
  const all = [];
  const walker = doc.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest("rt")) continue;
    const term = node.parentElement.closest(GLOSSED);
    if (term) {  // one step, however many text nodes it holds (its pinyin, say)
      if (all.at(-1)?.term !== term && term.textContent.search(HAN) >= 0) {
        all.push({ node, start: 0, end: node.data.length, term });
      }
      continue;
    }
    for (const [start, end, word] of wordsOf(node, known)) all.push({ node, start, end, word });
  }
  if (!all.length) return;
  const now = all.findIndex((w) => w.node === shown?.node && w.start === shown?.start);
  const next = now < 0 ? (event.key === "ArrowRight" ? 0 : all.length - 1)
    : Math.min(all.length - 1, Math.max(0, now + (event.key === "ArrowRight" ? 1 : -1)));
  const found = all[next];
  if (!found.term) {
    window.Edition.closeTerm?.();
    await open(found, true);
    return;
  }
  close();
  shown = found;
  const range = doc.createRange();
  range.selectNodeContents(found.term);
  mark(range);
  window.Edition.showTerm?.(found.term);
};

/* Pinyin: each word of the Chinese renderings as <ruby>word<rt>reading</rt></ruby>. */
const rubyIn = (root, known) => {
  const nodes = [];
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest("ruby") && node.data.search(HAN) >= 0) nodes.push(node);
  }
  for (const node of nodes) {
    const piece = doc.createDocumentFragment();
    let at = 0;
    for (const [start, end, word] of wordsOf(node, known)) {
      const reading = known[word]?.[0];
      if (!reading) continue;
      piece.append(node.data.slice(at, start));
      const ruby = el("ruby", {}, word);
      ruby.append(el("rt", {}, reading));
      piece.append(ruby);
      at = end;
    }
    piece.append(node.data.slice(at));
    node.replaceWith(piece);
  }
};
const rubyOut = (root) => {
  for (const ruby of $$("ruby", root)) ruby.replaceWith(ruby.firstChild.data);
  root.normalize();
};
let pinyinOn = false;
const setPinyin = async (button, on, remember) => {
  pinyinOn = on;
  button.setAttribute("aria-pressed", String(on));
  const known = on ? await load() : null;
  if (pinyinOn !== on) return;
  close();
  for (const rendering of $$(".rendering")) (on ? rubyIn(rendering, known) : rubyOut(rendering));
  $("#passage_list").classList.toggle("pinyin", on);
  if (!remember) return;
  store.set("edition-pinyin", on ? "1" : "0");
  const params = new URLSearchParams(location.search);
  if (params.has("pinyin")) {
    params.set("pinyin", on ? "1" : "0");
    history.replaceState(null, "", "?" + params + location.hash);
  }
};

/* Copying: only the characters, never the readings above them. */
const copy = (event) => {
  const selection = doc.getSelection();
  if (!pinyinOn || !selection?.rangeCount || !$("rt", selection.getRangeAt(0).cloneContents())) {
    return;
  }
  doc.body.classList.add("copying");
  const text = selection.toString();
  doc.body.classList.remove("copying");
  event.clipboardData.setData("text/plain", text);
  event.preventDefault();
};

let started = 0;
/* Called with the event that loaded the module: a first tap opens its card, and a click on the
   switch that came before the module listened to it switches pinyin. */
export const start = (button, event) => {
  if (!started) {
    started = performance.now();
    const style = new URL("dictionary.css", import.meta.url);
    doc.head.append(el("link", { rel: "stylesheet", href: style }));
    const passages = $("#passage_list");
    passages.addEventListener("pointermove", point);
    // Only a mouse leaves for good: a finger "leaves" after every tap, and the card it just
    // opened must stay.
    passages.addEventListener("pointerleave", (event) => {
      if (event.pointerType !== "mouse") return;
      pending++;
      if (card) hideTimer = setTimeout(close, 250);
    });
    doc.addEventListener("click", (event) => {
      if (!card?.contains(event.target) && !passages.contains(event.target)) close();
    });
    passages.addEventListener("pointerup", tap);
    doc.addEventListener("selectionchange", () => {
      clearTimeout(selectTimer);
      selectTimer = setTimeout(selected, 300);
    });
    doc.addEventListener("keydown", step);
    doc.addEventListener("copy", copy);
    // A sentence alone in its passage is not in the keyboard's order: its rendering is.
    for (const rendering of $$(CHINESE)) {
      if (!$("[data-s][tabindex]", rendering)) rendering.tabIndex = 0;
    }
    button.addEventListener("click", () => {
      setPinyin(button, !pinyinOn, true);
      say(pinyinOn ? _("Pinyin shown") : _("Pinyin hidden"));
    });
    const asked = new URLSearchParams(location.search).get("pinyin");
    if ((asked || store.get("edition-pinyin")) === "1") setPinyin(button, true, !!asked);
  }
  if (event?.type === "pointerover") (event.pointerType === "mouse" ? point : tap)(event);
  if (event?.type === "click" && event.timeStamp < started) {
    setPinyin(button, !pinyinOn, true);
    say(pinyinOn ? _("Pinyin shown") : _("Pinyin hidden"));
  }
};

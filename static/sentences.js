/* Sentence pairs: while a sentence is hovered, focused or tapped, it and its counterparts in the
   other renderings of its passage carry data-lit (the stylesheet lights them). Equal numbers in
   data-s are a pair; a sentence paired with several carries their numbers separated by spaces.
   reader.js loads this module at the first pointer or focus among the passages. */
const numbersOf = (element) => (element.getAttribute("data-s") || "").split(" ").filter(Boolean);

let lit = [];

const clear = () => {
  for (const element of lit) element.removeAttribute("data-lit");
  lit = [];
};

export const light = (target) => {
  const sentence = target?.closest?.("[data-s]");
  const passage = sentence?.closest("[data-passage]");
  clear();
  if (!passage) return;
  const wanted = new Set(numbersOf(sentence));
  lit = [...passage.querySelectorAll("[data-s]")].filter((element) =>
    numbersOf(element).some((number) => wanted.has(number)),
  );
  for (const element of lit) element.setAttribute("data-lit", "");
};

let started = false;

/* Called at the first pointer or focus among the passages, and again should both come before the
   module is loaded: what is focused or pointed at by then is lit, events in between included. */
export const start = () => {
  if (!started) {
    started = true;
    for (const type of ["pointerover", "focusin"]) {
      document.addEventListener(type, (event) => light(event.target));
    }
    document.addEventListener("focusout", (event) => {
      if (!event.relatedTarget?.closest?.("[data-s]")) clear();
    });
  }
  const focused = document.activeElement?.closest?.("[data-s]");
  light(focused ?? [...document.querySelectorAll(":hover")].pop());
};

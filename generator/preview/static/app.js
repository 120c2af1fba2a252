// make-deck serve: keep the page as the deck is. The server says, on every rebuild, which slides the deck has
// (by digest) and whether its content has an error; the page fetches the slides it does not hold, puts them
// in place (the scroll position stays), marks them as changed, and shows an error over the last good slides.
"use strict";

(() => {
  const main = document.getElementById("slides");
  const banner = document.getElementById("banner");
  const count = document.getElementById("count");
  const deckFindings = document.getElementById("deck-findings");

  async function fetchText(url) {
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) {
      throw new Error(`${url}: ${response.status}`);
    }
    return response.text();
  }

  function showError(error) {
    banner.hidden = error === null;
    banner.textContent = error === null ? "" : error;
    document.body.classList.toggle("stale", error !== null);
  }

  async function update(state) {
    showError(state.error);
    if (state.slides === null) {
      return; // the content has an error: keep the last good slides
    }
    const current = Array.from(main.querySelectorAll(":scope > section.slide"));
    const bodies = await Promise.all(
      state.slides.map((digest, i) =>
        current[i] && current[i].dataset.digest === digest ? null : fetchText(`slide/${digest}`),
      ),
    );
    state.slides.forEach((digest, i) => {
      let section = current[i];
      if (bodies[i] === null) {
        section.classList.remove("changed");
        return;
      }
      if (!section) {
        section = document.createElement("section");
        section.className = "slide";
        main.appendChild(section);
      }
      section.innerHTML = bodies[i];
      section.id = `slide-${i + 1}`;
      section.dataset.digest = digest;
      section.classList.add("changed");
    });
    current.slice(state.slides.length).forEach((section) => section.remove());
    count.textContent = `${state.slides.length} ${state.slides.length === 1 ? "slide" : "slides"}`;
    deckFindings.innerHTML = state.findings;
    document.body.dataset.version = String(state.version);
    window.makeDeckUpdated = Date.now();
  }

  let queue = Promise.resolve();
  const events = new EventSource("events");
  events.addEventListener("deck", (event) => {
    const state = JSON.parse(event.data);
    queue = queue.then(() => update(state)).catch((error) => showError(String(error)));
  });
})();

// The Sedov edition: progressive enhancement only; every page works without this script.
(function () {
  "use strict";
  const body = document.body;
  const store = {
    get: (k) => { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: (k, v) => { try { localStorage.setItem(k, v); } catch (e) { /* file:// may refuse */ } },
  };

  function setReading(value) {
    body.classList.toggle("show-source", value === "source");
    body.classList.toggle("show-edited", value !== "source");
    store.set("reading", value);
  }
  document.querySelectorAll('input[name="reading"]').forEach((input) => {
    input.addEventListener("change", () => setReading(input.value));
  });
  const savedReading = store.get("reading");
  if (savedReading) {
    setReading(savedReading);
    const radio = document.querySelector(`input[name="reading"][value="${savedReading}"]`);
    if (radio) radio.checked = true;
  }

  const highlight = document.querySelector('input[name="highlight"]');
  if (highlight) {
    highlight.addEventListener("change", () => {
      body.classList.toggle("highlight-entities", highlight.checked);
      store.set("highlight", highlight.checked ? "1" : "");
    });
    if (store.get("highlight") === "1") { highlight.checked = true; body.classList.add("highlight-entities"); }
  }
})();

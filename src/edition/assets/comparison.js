// Comparison pages: progressive enhancement only. The witness picker and the "substantive
// only" switch work in CSS (:has); this remembers the switch and helps browsers without :has.
(function () {
  "use strict";
  const page = document.querySelector(".synopsis-page");
  if (!page) return;
  const only = page.querySelector("#substantive-only");
  const store = {
    get: (k) => { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: (k, v) => { try { localStorage.setItem(k, v); } catch (e) { /* file:// may refuse */ } },
  };
  function applyOnly() {
    page.classList.toggle("substantive-only", only.checked);
    store.set("substantive-only", only.checked ? "1" : "");
  }
  if (only) {
    if (store.get("substantive-only") === "1") only.checked = true;
    only.addEventListener("change", applyOnly);
    applyOnly();
  }
  page.querySelectorAll('input[name="witness"]').forEach((box) => {
    box.addEventListener("change", () => {
      page.querySelectorAll(".col-" + box.value).forEach((cell) => {
        cell.classList.toggle("col-hidden", !box.checked);
      });
    });
  });
})();

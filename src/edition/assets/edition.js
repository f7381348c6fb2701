// The Sedov edition: progressive enhancement only; every page works without this script.
// (The readings toggle and the name highlighting work in CSS alone; this script remembers the
// choice, and adds "cite this paragraph" to the paragraph numbers.)
(function () {
  "use strict";
  const body = document.body;
  const store = {
    get: (k) => { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: (k, v) => { try { localStorage.setItem(k, v); } catch (e) { /* storage may be refused */ } },
  };

  // Readings: corrected or as in the source.
  function setReading(value) {
    body.classList.toggle("show-source", value === "source");
    body.classList.toggle("show-edited", value !== "source");
    store.set("reading", value);
  }
  const radios = document.querySelectorAll('input[name="reading"]');
  radios.forEach((input) => input.addEventListener("change", () => setReading(input.value)));
  const savedReading = store.get("reading");
  if (radios.length && savedReading) {
    const radio = document.querySelector(`input[name="reading"][value="${savedReading}"]`);
    if (radio) { radio.checked = true; setReading(savedReading); }
  }

  // Names highlighted or not.
  const highlight = document.querySelector('input[name="highlight"]');
  if (highlight) {
    highlight.addEventListener("change", () => {
      body.classList.toggle("highlight-entities", highlight.checked);
      store.set("highlight", highlight.checked ? "1" : "");
    });
    if (store.get("highlight") === "1") { highlight.checked = true; body.classList.add("highlight-entities"); }
  }

  // Cite this paragraph: the paragraph number still links to the paragraph; it also opens a
  // panel with a ready citation.
  const panel = document.getElementById("cite-panel");
  if (panel && typeof panel.showPopover === "function") {
    const text = document.getElementById("cite-text");
    const status = panel.querySelector(".cite-status");
    let opener = null;

    function address(id) {
      const page = panel.dataset.page + "#" + id;
      const base = panel.dataset.baseUrl;
      if (base) return base.replace(/\/?$/, "/") + page;
      if (/^https?:$/.test(location.protocol)) return location.href.split("#")[0] + "#" + id;
      return page;
    }

    function citation(number, id) {
      const d = panel.dataset;
      const today = new Date().toISOString().slice(0, 10);
      return (d.author ? d.author + ", " : "") + "“" + d.source + "” (" + d.siglum + "), ¶ " + number +
        " [" + id + "], in " + d.edition + ", version " + d.version + ", " + address(id) +
        " (accessed " + today + ").";
    }

    document.querySelectorAll("a.para-num").forEach((link) => {
      link.setAttribute("aria-haspopup", "dialog");
      link.addEventListener("click", (event) => {
        const para = link.closest("[id]");
        if (!para) return;
        event.preventDefault();
        history.replaceState(null, "", "#" + para.id);
        document.querySelectorAll(".cited").forEach((el) => el.classList.remove("cited"));
        para.classList.add("cited");
        para.scrollIntoView({ block: "start" });
        text.textContent = citation(link.textContent.trim(), para.id);
        status.textContent = "";
        opener = link;
        panel.showPopover();
        panel.querySelector(".cite-copy").focus();
      });
    });

    panel.addEventListener("toggle", (event) => {
      if (event.newState === "closed" && opener) { opener.focus(); opener = null; }
    });

    panel.querySelector(".cite-copy").addEventListener("click", () => {
      const done = () => { status.textContent = "Copied."; };
      const select = () => {
        const range = document.createRange();
        range.selectNodeContents(text);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text.textContent).then(done, select);
      } else {
        select();
      }
    });
  }
})();

// Search page: Pagefind when the site is served over http(s); from file:// (where browsers refuse
// Pagefind's fetch and WebAssembly) a plain word search over search-data.js, the same records.
(function () {
  "use strict";
  const form = document.querySelector(".search-form");
  if (!form) return;
  const input = document.getElementById("search-input");
  const statusEl = document.querySelector(".search-status");
  const list = document.querySelector(".search-results");
  const modeEl = document.querySelector(".search-mode");
  const boxes = Array.from(form.querySelectorAll('input[name="source"]'));
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const chosen = params.getAll("source");
  boxes.forEach((b) => { b.checked = chosen.includes(b.value); });

  const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const relative = (url) => url.replace(/^\/+/, "");
  const sources = () => boxes.filter((b) => b.checked).map((b) => b.value);

  function show(results, total, query) {
    list.innerHTML = "";
    for (const r of results) {
      const li = document.createElement("li");
      li.innerHTML = '<a href="' + escapeHtml(relative(r.url)) + '">' + escapeHtml(r.title) + "</a>" +
        '<p class="excerpt">' + r.excerpt + "</p>";
      list.appendChild(li);
    }
    statusEl.textContent = query
      ? total + (total === 1 ? " result" : " results") + " for “" + query + "”" +
        (total > results.length ? " (showing the first " + results.length + ")" : "") + "."
      : "";
  }

  let engine = null;

  async function pagefindEngine() {
    const pf = await import(new URL("pagefind/pagefind.js", location.href).href);
    await pf.options({ excerptLength: 30 });
    pf.init();
    return {
      name: "Pagefind",
      async search(query, srcs) {
        const found = await pf.search(query, srcs.length ? { filters: { source: { any: srcs } } } : {});
        const data = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
        // Pagefind puts a record's title before its text: the excerpt need not repeat it.
        const untitled = (d) => d.excerpt.startsWith(escapeHtml(d.meta.title || "") + ". ")
          ? d.excerpt.slice(escapeHtml(d.meta.title).length + 2) : d.excerpt;
        return { total: found.results.length,
                 results: data.map((d) => ({ url: d.meta.target || d.url, title: d.meta.title || d.url, excerpt: untitled(d) })) };
      },
    };
  }

  function fallbackEngine() {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "search-data.js";
      script.onload = () => {
        const rows = (window.EDITION_SEARCH || []).map((r) => Object.assign({ f: fold(r.t + " " + r.x) }, r));
        resolve({
          name: "the built-in word search (this page is read from a file)",
          async search(query, srcs) {
            const terms = fold(query).split(/\s+/).filter(Boolean);
            const hits = [];
            for (const r of rows) {
              if (srcs.length && !srcs.includes(r.s)) continue;
              if (!terms.every((t) => r.f.includes(t))) continue;
              const score = terms.reduce((n, t) => n + r.f.split(t).length - 1, 0);
              hits.push([score, r]);
            }
            hits.sort((a, b) => b[0] - a[0]);
            return { total: hits.length, results: hits.slice(0, 30).map(([, r]) => ({ url: r.u, title: r.t, excerpt: excerpt(r.x, terms) })) };
          },
        });
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function excerpt(text, terms) {
    const folded = fold(text);
    const at = Math.max(0, folded.indexOf(terms[0]));
    const start = Math.max(0, at - 90);
    const piece = text.slice(start, at + 160);
    let html = escapeHtml(piece);
    for (const t of terms) {
      const i = fold(piece).indexOf(t);
      if (i >= 0) {
        const word = escapeHtml(piece.slice(i, i + t.length));
        html = html.replace(word, "<mark>" + word + "</mark>");
      }
    }
    return (start > 0 ? "… " : "") + html + (at + 160 < text.length ? " …" : "");
  }

  async function run() {
    const query = input.value.trim();
    if (!query) { show([], 0, ""); return; }
    try {
      if (!engine) {
        engine = location.protocol === "file:" ? await fallbackEngine() : await pagefindEngine().catch(fallbackEngine);
        modeEl.textContent = "Searching with " + engine.name + ".";
      }
      const { total, results } = await engine.search(query, sources());
      show(results, total, query);
    } catch (e) {
      statusEl.textContent = "Search is not available here: " + e;
    }
  }

  let timer = null;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 200); });
  boxes.forEach((b) => b.addEventListener("change", run));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    q.set("q", input.value.trim());
    sources().forEach((s) => q.append("source", s));
    try { history.replaceState(null, "", "?" + q.toString()); } catch (e) { /* file:// may refuse */ }
    run();
  });
  if (input.value) run();
})();

/* Public search: results follow the typing (debounced fetch to /api/public/search).
   Without this script the form still works: it submits and the server renders the results. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch) { return; }
  var input = document.getElementById("q");
  var select = document.getElementById("kategori");
  var list = document.getElementById("results");
  var status = document.getElementById("results-status");
  var ask = document.getElementById("ask-link");
  var api = form.getAttribute("data-api");
  var limit = form.getAttribute("data-limit") || "10";
  var MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember"];
  var DELAY = 300;
  var timer = null;
  var controller = null;
  var latest = 0;

  function categoryName(slug) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === slug) { return select.options[i].text; }
    }
    return slug ? slug.replace(/-/g, " ") : "";
  }

  function editionOf(date) {
    if (!date) { return "Arsip HALO KOP-UKM"; }
    var p = date.slice(0, 10).split("-");
    return "Edisi " + parseInt(p[2], 10) + " " + MONTHS[parseInt(p[1], 10) - 1] + " " + p[0];
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function render(data, q, category) {
    list.textContent = "";
    data.items.forEach(function (hit) {
      var article = el("article", "result");
      article.appendChild(el("h2", "result-q", hit.question));
      article.appendChild(el("div", "result-a prose", hit.answer));
      var meta = el("p", "result-meta");
      meta.appendChild(el("span", "", editionOf(hit.published_at)));
      if (hit.category) { meta.appendChild(el("span", "", categoryName(hit.category))); }
      article.appendChild(meta);
      list.appendChild(article);
    });
    if (!q) {
      status.textContent = "Jawaban terbaru" + (category ? " dalam kategori " + categoryName(category) : "") + ".";
    } else if (data.items.length) {
      status.textContent = data.items.length + " jawaban untuk \u201c" + q + "\u201d.";
    } else {
      status.textContent = "Belum ada jawaban yang cocok untuk \u201c" + q + "\u201d.";
    }
    list.setAttribute("aria-busy", "false");
  }

  function remember(q, category) {
    var params = new URLSearchParams();
    if (q) { params.set("q", q); }
    if (category) { params.set("kategori", category); }
    var query = params.toString();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
    }
    if (ask) { ask.href = "/tanya" + (q ? "?q=" + encodeURIComponent(q) : ""); }
  }

  function search() {
    var q = input.value.trim();
    var category = select.value;
    var ticket = ++latest;
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    var params = new URLSearchParams({ q: q, limit: limit });
    if (category) { params.set("category", category); }
    list.setAttribute("aria-busy", "true");
    remember(q, category);
    fetch(api + "?" + params.toString(), {
      headers: { "Accept": "application/json" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      if (ticket === latest) { render(data, q, category); }
    }).catch(function (error) {
      if (error && error.name === "AbortError") { return; }
      if (ticket === latest) {
        status.textContent = "Pencarian sedang tidak dapat dilakukan. Coba lagi beberapa saat lagi.";
        list.setAttribute("aria-busy", "false");
      }
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, DELAY);
  }

  input.addEventListener("input", schedule);
  select.addEventListener("change", function () { window.clearTimeout(timer); search(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search();
  });
})();

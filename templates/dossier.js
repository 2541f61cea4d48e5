// dossier: progressive enhancements. Every page works without this script.
(function () {
  "use strict";
  // Sortable tables: a click on a column heading sorts by that column.
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-sort-type") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[col];
          var v = cell.getAttribute("data-sort") || cell.textContent.trim().toLowerCase();
          return numeric ? parseFloat(v) : v;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // The chronology's filters: select boxes that filter the list, the chains
  // and the chart in place, and keep the choice in the address (?kind=...),
  // so a filtered view can be shared. Without this script the filter links
  // lead to pre-rendered pages instead.
  var nav = document.querySelector("[data-chronology-filters]");
  var list = document.querySelector(".chronology-list");
  if (nav && list) {
    var facets = [
      { name: "actor", label: "Actor", attr: "data-actors" },
      { name: "kind", label: "Kind", attr: "data-kind" },
      { name: "phase", label: "Phase", attr: "data-phases" }
    ];
    var items = Array.prototype.slice.call(list.querySelectorAll(".event-item"));
    var names = { actor: {}, kind: {}, phase: {} };
    nav.querySelectorAll("a[data-facet]").forEach(function (a) {
      names[a.getAttribute("data-facet")][a.getAttribute("data-value")] = a.textContent;
    });
    var words = function (el, attr) {
      return (el.getAttribute(attr) || "").split(" ").filter(Boolean);
    };
    // An event's actor links follow the order of its data-actors.
    items.forEach(function (li) {
      var links = li.querySelectorAll(".actors a");
      words(li, "data-actors").forEach(function (id, k) {
        if (links[k]) names.actor[id] = links[k].textContent;
      });
    });
    var form = document.createElement("form");
    form.className = "filter-form";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the events on this page");
    var selects = {};
    var params = new URLSearchParams(window.location.search);
    facets.forEach(function (f) {
      // Only the values the page's events have, named as the links name them.
      var present = {};
      items.forEach(function (li) { words(li, f.attr).forEach(function (v) { present[v] = true; }); });
      var values = Object.keys(present).sort(function (a, b) {
        var x = (names[f.name][a] || a).toLowerCase(), y = (names[f.name][b] || b).toLowerCase();
        return x < y ? -1 : x > y ? 1 : 0;
      });
      if (values.length < 2) return;
      var field = document.createElement("div");
      field.className = "filter-field";
      var label = document.createElement("label");
      label.textContent = f.label;
      label.htmlFor = "filter-" + f.name;
      var select = document.createElement("select");
      select.name = f.name;
      select.id = "filter-" + f.name;
      select.appendChild(new Option("All", ""));
      values.forEach(function (v) { select.appendChild(new Option(names[f.name][v] || v, v)); });
      if (present[params.get(f.name)]) select.value = params.get(f.name);
      select.addEventListener("change", apply);
      field.appendChild(label);
      field.appendChild(select);
      form.appendChild(field);
      selects[f.name] = select;
    });
    var reset = document.createElement("button");
    reset.type = "reset";
    reset.textContent = "Show all";
    form.appendChild(reset);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    nav.insertBefore(form, nav.firstChild);
    var status = list.querySelector(".filter-status");

    var matches = function (el) {
      return facets.every(function (f) {
        var s = selects[f.name];
        return !s || !s.value || words(el, f.attr).indexOf(s.value) >= 0;
      });
    };
    var show = function (el, on) {
      if (on) el.removeAttribute("hidden"); else el.setAttribute("hidden", "");
    };
    function apply() {
      var shown = 0;
      items.forEach(function (li) {
        var on = matches(li);
        show(li, on);
        if (on) shown += 1;
      });
      list.querySelectorAll("section.month, section.year").forEach(function (s) {
        show(s, !!s.querySelector(".event-item:not([hidden])"));
      });
      document.querySelectorAll("section.chain").forEach(function (c) {
        show(c, Array.prototype.some.call(c.querySelectorAll(".chain-step"), matches));
      });
      document.querySelectorAll("svg.timeline").forEach(function (svg) {
        var off = {};
        svg.querySelectorAll("a.mark").forEach(function (a) {
          var on = matches(a);
          show(a, on);
          if (!on) off[a.getAttribute("data-mark")] = true;
        });
        svg.querySelectorAll(".edge").forEach(function (p) {
          show(p, !off[p.getAttribute("data-from")] && !off[p.getAttribute("data-to")]);
        });
      });
      var query = new URLSearchParams();
      Object.keys(selects).forEach(function (k) { if (selects[k].value) query.set(k, selects[k].value); });
      var q = query.toString();
      status.textContent = q ? "Showing " + shown + " of " + items.length + " events." : "";
      window.history.replaceState(null, "", (q ? "?" + q : window.location.pathname) + window.location.hash);
    }
    if (params.toString()) apply();
  }
})();

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

  // A chart wider than a phone's screen scrolls sideways: open it at its
  // densest stretch (data-focus, a share of its width) rather than at its
  // start. Without this script it opens at its start and scrolls as well.
  document.querySelectorAll(".chart-wrap > svg[data-focus]").forEach(function (svg) {
    var wrap = svg.parentNode;
    var spare = wrap.scrollWidth - wrap.clientWidth;
    if (spare <= 0) return;
    var at = parseFloat(svg.getAttribute("data-focus")) * svg.getBoundingClientRect().width;
    wrap.scrollLeft = Math.max(0, Math.min(spare, at - wrap.clientWidth / 2));
  });

  // The sources index: filters by kind, grade and preserved copy, in
  // place. Without this script every source is listed, by kind.
  var sourceNav = document.querySelector("[data-source-filters]");
  if (sourceNav) {
    var sources = Array.prototype.slice.call(document.querySelectorAll(".bibliography .source-item"));
    var sourceStatus = document.querySelector(".filter-status");
    var sourceForm = document.createElement("form");
    sourceForm.className = "filter-form";
    sourceForm.setAttribute("role", "search");
    sourceForm.setAttribute("aria-label", "Filter the sources");
    var field = function (id, text, control) {
      var div = document.createElement("div");
      div.className = "filter-field";
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = text;
      control.id = id;
      div.appendChild(label);
      div.appendChild(control);
      sourceForm.appendChild(div);
      control.addEventListener("change", filterSources);
      return control;
    };
    var kindSelect = document.createElement("select");
    kindSelect.appendChild(new Option("All", ""));
    sourceNav.querySelectorAll("a").forEach(function (a) {
      kindSelect.appendChild(new Option(a.textContent, a.getAttribute("href").replace("#kind-", "")));
    });
    field("source-kind", "Kind", kindSelect);
    var grades = {};
    sources.forEach(function (li) { grades[li.getAttribute("data-grade")] = true; });
    var gradeSelect = document.createElement("select");
    gradeSelect.appendChild(new Option("All", ""));
    Object.keys(grades).sort().forEach(function (g) {
      if (g) gradeSelect.appendChild(new Option("Reliability " + g, g));
    });
    if (grades[""]) gradeSelect.appendChild(new Option("Ungraded", "-"));
    field("source-grade", "Grade", gradeSelect);
    var heldBox = document.createElement("input");
    heldBox.type = "checkbox";
    field("source-held", "Only with a copy preserved", heldBox);
    var sourceReset = document.createElement("button");
    sourceReset.type = "reset";
    sourceReset.textContent = "Show all";
    sourceForm.appendChild(sourceReset);
    sourceForm.addEventListener("reset", function () { setTimeout(filterSources, 0); });
    sourceForm.addEventListener("submit", function (e) { e.preventDefault(); });
    sourceNav.parentNode.insertBefore(sourceForm, sourceNav.nextSibling);
    function filterSources() {
      var shown = 0;
      var grade = gradeSelect.value;
      sources.forEach(function (li) {
        var on = (!kindSelect.value || li.getAttribute("data-kind") === kindSelect.value) &&
          (!grade || li.getAttribute("data-grade") === (grade === "-" ? "" : grade)) &&
          (!heldBox.checked || li.hasAttribute("data-held"));
        if (on) { li.removeAttribute("hidden"); shown += 1; } else li.setAttribute("hidden", "");
      });
      document.querySelectorAll(".source-group").forEach(function (g) {
        if (g.querySelector(".source-item:not([hidden])")) g.removeAttribute("hidden");
        else g.setAttribute("hidden", "");
      });
      var all = shown === sources.length;
      sourceStatus.textContent = all ? "" : "Showing " + shown + " of " + sources.length + " sources.";
    }
  }

  // Facet filters: select boxes that filter a page's items in place and
  // keep the choice in the address (?kind=...), so a filtered view can be
  // shared. Without this script the facet links (a[data-facet]) lead to
  // pre-rendered pages instead. The chronology and the claims ledger use it.
  var words = function (el, attr) {
    return (el.getAttribute(attr) || "").split(" ").filter(Boolean);
  };
  var show = function (el, on) {
    if (on) el.removeAttribute("hidden"); else el.setAttribute("hidden", "");
  };
  // nav: holds the facet links; items: the filtered elements; status: says
  // how many are shown; o.facets: { name, label, attr }; o.noun: "events";
  // o.after(matches, shown, query): hides what depends on the items.
  function facetFilter(nav, items, status, o) {
    var names = {};
    o.facets.forEach(function (f) { names[f.name] = {}; });
    nav.querySelectorAll("a[data-facet]").forEach(function (a) {
      var f = names[a.getAttribute("data-facet")];
      if (f) f[a.getAttribute("data-value")] = a.textContent;
    });
    if (o.names) o.names(names);
    var form = document.createElement("form");
    form.className = "filter-form";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the " + o.noun + " on this page");
    var selects = {};
    var params = new URLSearchParams(window.location.search);
    var matches = function (el) {
      return o.facets.every(function (f) {
        var s = selects[f.name];
        // A chart's mark standing for too many events to name their
        // actors has no data-actors: no actor filter hides it.
        return !s || !s.value || !el.hasAttribute(f.attr) || words(el, f.attr).indexOf(s.value) >= 0;
      });
    };
    function apply() {
      var shown = 0;
      items.forEach(function (li) {
        var on = matches(li);
        show(li, on);
        if (on) shown += 1;
      });
      var query = new URLSearchParams();
      Object.keys(selects).forEach(function (k) { if (selects[k].value) query.set(k, selects[k].value); });
      var q = query.toString();
      if (o.after) o.after(matches, shown, q);
      status.textContent = q ? "Showing " + shown + " of " + items.length + " " + o.noun + "." : "";
      window.history.replaceState(null, "", (q ? "?" + q : window.location.pathname) + window.location.hash);
    }
    o.facets.forEach(function (f) {
      // Only the values the page's items have, named as the links name them.
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
    if (params.toString()) apply();
  }

  // The chronology: the list, its chains and its chart.
  var nav = document.querySelector("[data-chronology-filters]");
  var list = document.querySelector(".chronology-list");
  if (nav && list) {
    var items = Array.prototype.slice.call(list.querySelectorAll(".event-item"));
    var jumps = Array.prototype.map.call(
      document.querySelectorAll('.on-this-page a[href="#events"], .on-this-page a[href="#chains"]'),
      function (a) { return { a: a, text: a.textContent }; });
    facetFilter(nav, items, list.querySelector(".filter-status"), {
      noun: "events",
      facets: [
        { name: "actor", label: "Actor", attr: "data-actors" },
        { name: "kind", label: "Kind", attr: "data-kind" },
        { name: "phase", label: "Phase", attr: "data-phases" }
      ],
      // An event's actor links follow the order of its data-actors.
      names: function (names) {
        items.forEach(function (li) {
          var links = li.querySelectorAll(".actors a");
          words(li, "data-actors").forEach(function (id, k) {
            if (links[k]) names.actor[id] = links[k].textContent;
          });
        });
      },
      after: function (matches, shown, q) {
        list.querySelectorAll("section.month, section.year").forEach(function (s) {
          show(s, !!s.querySelector(".event-item:not([hidden])"));
        });
        var chainsShown = 0, chains = document.querySelectorAll("section.chain");
        chains.forEach(function (c) {
          var on = Array.prototype.some.call(c.querySelectorAll(".chain-step"), matches);
          show(c, on);
          if (on) chainsShown += 1;
        });
        // The jump links count what the filter shows.
        jumps.forEach(function (j) {
          var events = j.a.getAttribute("href") === "#events";
          j.a.textContent = !q ? j.text : events
            ? "Events shown (" + shown + " of " + items.length + ")"
            : "Tit-for-tat chains (" + chainsShown + " of " + chains.length + ")";
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
      }
    });
  }

  // The claims ledger: by stance and by actor.
  var claimNav = document.querySelector("[data-claims-filters]");
  var ledger = document.querySelector(".claim-ledger");
  if (claimNav && ledger) {
    facetFilter(claimNav, Array.prototype.slice.call(ledger.querySelectorAll("li.claim")),
      claimNav.querySelector(".filter-status"), {
        noun: "claims",
        facets: [
          { name: "stance", label: "Stance", attr: "data-stance" },
          { name: "actor", label: "Actor", attr: "data-actor" }
        ]
      });
  }
  // Maps: with this script, zoom and pan; on /map/, a time slider and the
  // chronology's filters (same names, same address: /map/?kind=airstrike).
  // Without it, every map is a still image whose marks are links.
  document.querySelectorAll("svg.map").forEach(function (svg) {
    var figure = svg.closest("figure");
    var full = svg.classList.contains("map-full");
    if (svg.classList.contains("map-locator") || !figure) return;
    var box = svg.viewBox.baseVal;
    var home = { x: box.x, y: box.y, w: box.width, h: box.height };
    var view = { x: home.x, y: home.y, w: home.w, h: home.h };
    var circles = Array.prototype.slice.call(svg.querySelectorAll(".marks circle"));
    circles.forEach(function (c) { c.setAttribute("data-r", c.getAttribute("r")); });
    var texts = Array.prototype.slice.call(svg.querySelectorAll("text.country, text.place"));
    var sizes = texts.map(function (t) { return parseFloat(window.getComputedStyle(t).fontSize) || 11; });
    function draw() {
      var zoom = home.w / view.w;
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) { return Math.round(v * 10) / 10; }).join(" "));
      // Marks and names keep about their size on screen as the map grows.
      circles.forEach(function (c) { c.setAttribute("r", (parseFloat(c.getAttribute("data-r")) / Math.sqrt(zoom)).toFixed(2)); });
      texts.forEach(function (t, k) { t.style.fontSize = zoom > 1 ? (sizes[k] / zoom).toFixed(2) + "px" : ""; });
      var bar = svg.querySelector(".scale-bar");
      if (bar) bar.style.display = zoom > 1 ? "none" : "";
    }
    function zoomBy(f, cx, cy) {
      var w = Math.min(home.w, Math.max(home.w / 16, view.w / f));
      var h = w * home.h / home.w;
      if (cx === undefined) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
      view.x = cx - (cx - view.x) * w / view.w;
      view.y = cy - (cy - view.y) * h / view.h;
      view.w = w; view.h = h;
      clamp();
      draw();
    }
    function clamp() {
      view.x = Math.min(Math.max(view.x, home.x), home.x + home.w - view.w);
      view.y = Math.min(Math.max(view.y, home.y), home.y + home.h - view.h);
    }
    var controls = document.createElement("div");
    controls.className = "map-controls";
    var button = function (text, label, act) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", act);
      controls.appendChild(b);
      return b;
    };
    button("+", "Zoom in", function () { zoomBy(2); });
    button("−", "Zoom out", function () { zoomBy(0.5); });
    button("Reset", "Reset the map to its whole extent", function () { view = { x: home.x, y: home.y, w: home.w, h: home.h }; draw(); });
    figure.insertBefore(controls, figure.firstChild);
    // Drag to pan once zoomed in; a click without a drag still follows a link.
    var drag = null, moved = false;
    svg.addEventListener("pointerdown", function (e) {
      if (view.w >= home.w) return;
      drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
      moved = false;
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var scale = view.w / svg.getBoundingClientRect().width;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) moved = true;
      view.x = drag.vx - dx * scale;
      view.y = drag.vy - dy * scale;
      clamp();
      draw();
    });
    window.addEventListener("pointerup", function () { drag = null; });
    svg.addEventListener("click", function (e) { if (moved) { e.preventDefault(); moved = false; } }, true);
    if (full) {
      svg.addEventListener("wheel", function (e) {
        e.preventDefault();
        var r = svg.getBoundingClientRect();
        var cx = view.x + (e.clientX - r.left) / r.width * view.w;
        var cy = view.y + (e.clientY - r.top) / r.height * view.h;
        zoomBy(e.deltaY < 0 ? 1.25 : 0.8, cx, cy);
      }, { passive: false });
    }
    if (!full) return;

    // The time slider and the filters.
    var marks = Array.prototype.slice.call(svg.querySelectorAll("a.mark"));
    var froms = marks.map(function (a) { return parseInt(a.getAttribute("data-from"), 10); });
    var first = Math.min.apply(null, froms), last = Math.max.apply(null, froms);
    var day = function (d) {
      // Days are counted from 1 January of year 1, as the build counts them.
      return new Date((d - 719163) * 86400000).toISOString().slice(0, 10);
    };
    var slider = document.createElement("input");
    slider.type = "range";
    slider.id = "map-until";
    slider.min = first; slider.max = last; slider.step = 1; slider.value = last;
    var label = document.createElement("label");
    label.htmlFor = "map-until";
    label.textContent = "Events up to ";
    var until = document.createElement("output");
    until.htmlFor = "map-until";
    label.appendChild(until);
    var status = document.createElement("span");
    status.className = "filter-status";
    status.setAttribute("aria-live", "polite");
    var selects = {};
    var nav = document.querySelector("[data-map-filters]");
    var names = { actor: {}, kind: {}, phase: {} };
    if (nav) nav.querySelectorAll("a[data-facet]").forEach(function (a) {
      names[a.getAttribute("data-facet")][a.getAttribute("data-value")] = a.textContent;
    });
    var words = function (el, attr) { return (el.getAttribute(attr) || "").split(" ").filter(Boolean); };
    var params = new URLSearchParams(window.location.search);
    var facets = [
      { name: "actor", label: "Actor", attr: "data-actors" },
      { name: "kind", label: "Kind", attr: "data-kind" },
      { name: "phase", label: "Phase", attr: "data-phases" }
    ];
    var form = document.createElement("form");
    form.className = "filter-form";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the events on the map");
    facets.forEach(function (f) {
      var present = {};
      marks.forEach(function (a) { words(a, f.attr).forEach(function (v) { present[v] = true; }); });
      var values = Object.keys(present).sort(function (a, b) {
        var x = (names[f.name][a] || a).toLowerCase(), y = (names[f.name][b] || b).toLowerCase();
        return x < y ? -1 : x > y ? 1 : 0;
      });
      if (values.length < 2) return;
      var field = document.createElement("div");
      field.className = "filter-field";
      var l = document.createElement("label");
      l.textContent = f.label;
      l.htmlFor = "map-filter-" + f.name;
      var select = document.createElement("select");
      select.id = "map-filter-" + f.name;
      select.name = f.name;
      select.appendChild(new Option("All", ""));
      values.forEach(function (v) { select.appendChild(new Option(names[f.name][v] || v, v)); });
      if (present[params.get(f.name)]) select.value = params.get(f.name);
      select.addEventListener("change", apply);
      field.appendChild(l);
      field.appendChild(select);
      form.appendChild(field);
      selects[f.name] = select;
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    if (nav) nav.insertBefore(form, nav.firstChild);
    var time = document.createElement("div");
    time.className = "map-controls map-time";
    time.appendChild(label);
    time.appendChild(slider);
    time.appendChild(status);
    figure.insertBefore(time, controls.nextSibling);
    slider.addEventListener("input", apply);
    function apply() {
      var limit = parseInt(slider.value, 10);
      until.textContent = day(limit);
      var shown = 0;
      marks.forEach(function (a, k) {
        var on = froms[k] <= limit && facets.every(function (f) {
          var s = selects[f.name];
          return !s || !s.value || !a.hasAttribute(f.attr) || words(a, f.attr).indexOf(s.value) >= 0;
        });
        if (on) { a.removeAttribute("hidden"); shown += 1; } else a.setAttribute("hidden", "");
      });
      status.textContent = shown < marks.length ? "Showing " + shown + " of " + marks.length + " marks." : "";
      var query = new URLSearchParams();
      Object.keys(selects).forEach(function (k) { if (selects[k].value) query.set(k, selects[k].value); });
      var q = query.toString();
      window.history.replaceState(null, "", (q ? "?" + q : window.location.pathname) + window.location.hash);
    }
    until.textContent = day(last);
    if (params.toString()) apply();
  });
})();

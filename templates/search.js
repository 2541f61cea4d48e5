// dossier: search over the index the build wrote in search/, with no server.
// Text is folded exactly as src/search/fold.rs folds it, from the same rules
// (inserted below at build time); tests/browser/search.test.mjs checks both
// against src/search/fold_cases.json.
(function (root) {
  "use strict";
  var RULES = {{ rules | safe }};
  var CHUNK = {{ chunk }};
  var CAP = {{ cap }};
  var LIMIT = 20;
  var letters = {};
  RULES.letters.forEach(function (pair) {
    Array.from(pair[1]).forEach(function (c) { letters[c] = pair[0]; });
  });
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;

  function normalize(text) {
    var out = "";
    Array.from(text).forEach(function (ch) {
      Array.from(ch.toLowerCase()).forEach(function (c) {
        var cp = c.codePointAt(0);
        if (RULES.dropped.indexOf(c) >= 0) return;
        if (RULES.marks.some(function (m) { return cp >= m[0] && cp <= m[1]; })) return;
        out += Object.prototype.hasOwnProperty.call(letters, c) ? letters[c] : c;
      });
    });
    return out;
  }

  function words(text) {
    var out = [];
    var push = function (w) {
      if (Array.from(w).length >= 2 && RULES.stop.indexOf(w) < 0) out.push(w);
    };
    var cur = "";
    Array.from(normalize(text)).forEach(function (c) {
      if (ALNUM.test(c)) { cur += c; } else { push(cur); cur = ""; }
    });
    push(cur);
    return out;
  }

  function key(word) {
    if (!/^[a-z0-9]*$/.test(word) || /^[0-9]*$/.test(word)) return word;
    var sounds = "";
    var i = 0;
    scan: while (i < word.length) {
      for (var d = 0; d < RULES.digraphs.length; d++) {
        var from = RULES.digraphs[d][0];
        if (word.startsWith(from, i)) {
          sounds += RULES.digraphs[d][1];
          i += from.length;
          continue scan;
        }
      }
      sounds += word[i];
      i += 1;
    }
    var out = "";
    for (var j = 0; j < sounds.length; j++) {
      var c = sounds[j];
      if (RULES.vowels.indexOf(c) >= 0) {
        if (j > 0) continue;
        c = "a";
      }
      if (out[out.length - 1] !== c) out += c;
    }
    return out;
  }

  function keys(text) { return words(text).map(key); }

  // The file name of the shard of keys beginning with `prefix` (as
  // src/search/mod.rs names it): `_` pads one character, and characters
  // other than ASCII letters and digits are written `_<hex>_`.
  function prefixName(prefix, pad) {
    var chars = Array.from(prefix);
    if (pad && chars.length < 2) chars.push("_");
    return chars.map(function (c) {
      return /^[a-z0-9_]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("");
  }
  function shardName(k) { return prefixName(Array.from(k).slice(0, 2).join(""), true); }
  // The shard that holds key `k`: the longest name that begins it. A large
  // dossier's shards split by more characters where they grew.
  var MAX_PREFIX = 8;
  function shardFor(k, has) {
    var chars = Array.from(k);
    for (var l = Math.min(chars.length, MAX_PREFIX); l >= 1; l--) {
      if (l < 2 && chars.length > 1) break;
      var name = prefixName(chars.slice(0, l).join(""), true);
      if (has(name)) return name;
    }
    return null;
  }
  // Postings (doc * 4 + weight) or records, written as differences.
  function decode(gaps, postings) {
    var doc = 0;
    return gaps.map(function (g) {
      if (!postings) { doc += g; return doc; }
      doc += Math.floor(g / 4);
      return doc * 4 + g % 4;
    });
  }

  root.dossierSearch = {
    normalize: normalize, words: words, key: key, keys: keys,
    shardName: shardName, shardFor: shardFor, decode: decode
  };
  if (typeof document === "undefined") return;
  var form = document.querySelector("form[data-search]");
  if (!form) return;

  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var site = form.getAttribute("data-root");
  var dir = new URL(site + "search/", document.baseURI);
  var nojs = document.getElementById("search-nojs");
  if (nojs) nojs.hidden = true;
  results.hidden = false;
  var cache = {};
  var load = function (name) {
    if (!cache[name]) {
      cache[name] = fetch(new URL(name + ".json", dir)).then(function (r) {
        if (!r.ok) throw new Error("search index file " + name + ".json: HTTP " + r.status);
        return r.json();
      });
    }
    return cache[name];
  };
  var NAMES = { event: "Event", actor: "Actor", source: "Source", page: "Page" };
  var seq = 0;

  // What a query word adds to a record's score: the best weight of a field
  // whose words sound like it (at most 3), and more when a title, name or
  // alias has the word itself (+12), or begins with it (+8, the word being
  // typed), or nearly (+1 to +3, by how few letters differ): "Soleimani"
  // finds Qassem Soleimani before Douglas Silliman, "erbi" Irbil before Arab.
  var EXACT = 12, PREFIX = 8;
  function distance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var diag = row[0];
      row[0] = i;
      for (var j2 = 1; j2 <= b.length; j2++) {
        var up = row[j2];
        row[j2] = Math.min(up + 1, row[j2 - 1] + 1, diag + (a[i - 1] === b[j2 - 1] ? 0 : 1));
        diag = up;
      }
    }
    return row[b.length];
  }
  function nameBonus(word, have, prefix) {
    if (have === word) return EXACT;
    if (prefix && have.startsWith(word)) return PREFIX;
    var near = 3 - distance(word, prefix ? have.slice(0, word.length) : have);
    return near > 0 ? near : 0;
  }

  // The shards a query word needs: the one holding its key and, for the
  // word being typed, those of longer keys that begin with it (when few:
  // a reader typing two letters of a large dossier's most common sound
  // waits for a third).
  var PREFIX_SHARDS = 6;
  function shardsOf(k, prefix, meta) {
    var has = function (n) { return meta.has.has(n); };
    var home = shardFor(k, has);
    var list = home ? [home] : [];
    if (prefix) {
      var start = prefixName(k, false);
      var longer = meta.shards.filter(function (n) {
        return n !== home && n.length > start.length && n.startsWith(start);
      });
      if (longer.length <= PREFIX_SHARDS) list = list.concat(longer);
      else meta.narrowed = true;
    }
    return list;
  }

  // Postings of one query word: doc -> score; the last word also matches
  // longer words while the reader is still typing it.
  function postings(word, prefix, meta) {
    var k = key(word);
    var names = shardsOf(k, prefix, meta);
    return Promise.all(names.map(load)).then(function (shards) {
      var found = new Map();
      var bonus = new Map();
      var sounds = function (have) { return have === k || (prefix && have.startsWith(k)); };
      shards.forEach(function (shard) {
        Object.keys(shard.keys).forEach(function (have) {
          if (!sounds(have)) return;
          if (shard.totals && shard.totals[have]) meta.capped = true;
          decode(shard.keys[have], true).forEach(function (p) {
            var doc = Math.floor(p / 4), w = p % 4;
            if (!(found.get(doc) >= w)) found.set(doc, w);
          });
        });
        Object.keys(shard.names || {}).forEach(function (have) {
          if (!sounds(key(have))) return;
          var b = nameBonus(word, have, prefix);
          if (b === 0) return;
          decode(shard.names[have], false).forEach(function (doc) {
            if (!(bonus.get(doc) >= b)) bonus.set(doc, b);
          });
        });
      });
      bonus.forEach(function (b, doc) { if (found.has(doc)) found.set(doc, found.get(doc) + b); });
      return found;
    });
  }

  function show(text) { status.textContent = text; }

  function run() {
    var q = input.value;
    var mine = ++seq;
    var url = q.trim() ? "?q=" + encodeURIComponent(q.trim()) : window.location.pathname;
    window.history.replaceState(null, "", url);
    var terms = words(q);
    results.textContent = "";
    if (!terms.length) { show(q.trim() ? "Type a longer word." : ""); return; }
    var prefix = !/\s$/.test(q);
    var query = null;
    load("index").then(function (meta) {
      if (!meta.has) meta.has = new Set(meta.shards);
      query = { shards: meta.shards, has: meta.has, capped: false, narrowed: false };
      return Promise.all(terms.map(function (k, i) {
        return postings(k, prefix && i === terms.length - 1, query);
      }));
    }).then(function (lists) {
      if (mine !== seq) return null;
      var scores = lists[0];
      lists.slice(1).forEach(function (list) {
        var next = new Map();
        scores.forEach(function (s, doc) { if (list.has(doc)) next.set(doc, s + list.get(doc)); });
        scores = next;
      });
      var hits = Array.from(scores.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      var top = hits.slice(0, LIMIT).map(function (h) { return h[0]; });
      var chunks = top.map(function (d) { return Math.floor(d / CHUNK); })
        .filter(function (c, i, all) { return all.indexOf(c) === i; });
      return Promise.all(chunks.map(function (c) { return load("docs-" + c); })).then(function (loaded) {
        var byChunk = {};
        chunks.forEach(function (c, i) { byChunk[c] = loaded[i]; });
        return { total: hits.length, docs: top.map(function (d) { return byChunk[Math.floor(d / CHUNK)].docs[d % CHUNK]; }) };
      });
    }).then(function (found) {
      if (!found || mine !== seq) return;
      found.docs.forEach(function (doc) { render(doc, terms, prefix); });
      var n = found.total;
      show((n === 0 ? "No results for “" + q.trim() + "”." :
        (query.capped ? "At least " : "") + n + " result" + (n === 1 ? "" : "s") + " for “" + q.trim() + "”" +
        (n > LIMIT ? "; the first " + LIMIT + " are shown." : ".")) +
        (query.capped ? " A word found in more than " + CAP + " records is searched in the " + CAP + " that use it most." : "") +
        (query.narrowed ? " Type more letters to find longer words too." : ""));
    }).catch(function (e) {
      if (mine === seq) show("Search failed: " + e.message);
    });
  }

  // `text` into `parent`, with the words a query word matches (the same
  // word folded, one it begins while being typed, or one with its key) in
  // <mark>, as text nodes: never as markup.
  function highlighted(parent, text, terms, prefix) {
    var marks = terms.map(key);
    var last = terms.length - 1;
    var matches = function (w) {
      var f = words(w)[0];
      if (!f) return false;
      var k = key(f);
      return terms.some(function (t, i) {
        var open = prefix && i === last;
        return f === t || k === marks[i] || (open && (f.startsWith(t) || k.startsWith(marks[i])));
      });
    };
    var parts = text.split(/([\p{Alphabetic}\p{N}'’ʿʾ]+)/u);
    parts.forEach(function (part, i) {
      if (i % 2 === 1 && matches(part)) {
        var m = document.createElement("mark");
        m.textContent = part;
        parent.appendChild(m);
      } else if (part) {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  // Every value from the index goes in as text, never as markup.
  function render(doc, terms, prefix) {
    var li = document.createElement("li");
    li.className = "result result-" + doc[0];
    var a = document.createElement("a");
    a.href = site + doc[4];
    highlighted(a, doc[2], terms, prefix);
    var meta = document.createElement("span");
    meta.className = "result-meta";
    var kind = NAMES[doc[0]] || doc[0];
    meta.textContent = kind + (doc[1] && doc[1] !== kind ? " · " + doc[1] : "") + (doc[3] ? " · " + doc[3] : "");
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(meta);
    if (doc[5]) {
      var p = document.createElement("p");
      p.className = "result-snippet";
      highlighted(p, doc[5], terms, prefix);
      li.appendChild(p);
    }
    results.appendChild(li);
  }

  input.addEventListener("input", run);
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(); }
})(typeof window !== "undefined" ? window : globalThis);

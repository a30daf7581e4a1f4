// sheettools desk: sortable and filterable tables, the drop zone, upload progress.
(function () {
  "use strict";
  function cellValue(row, i, type) {
    var c = row.cells[i];
    if (!c) return "";
    var v = c.getAttribute("data-sort");
    if (v === null) v = c.textContent.trim();
    if (type === "num") { var n = parseFloat(v.replace(",", ".")); return isNaN(n) ? -Infinity : n; }
    return v.toLocaleLowerCase("vi");
  }
  function sortTable(th) {
    var table = th.closest("table"), body = table.tBodies[0];
    var i = Array.prototype.indexOf.call(th.parentNode.children, th);
    var type = th.getAttribute("data-type") || "text";
    var asc = !th.classList.contains("asc");
    th.parentNode.querySelectorAll("th").forEach(function (h) { h.classList.remove("asc", "desc"); });
    th.classList.add(asc ? "asc" : "desc");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, i, type), y = cellValue(b, i, type);
      var r = type === "num" ? x - y : String(x).localeCompare(String(y), "vi", { numeric: true });
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function applyFilters(table) {
    var box = document.querySelector('input.filter[data-target="' + table.id + '"]');
    var text = box ? box.value.trim().toLocaleLowerCase("vi") : "";
    var chip = document.querySelector('.chips[data-target="' + table.id + '"] button.on');
    var state = chip ? chip.getAttribute("data-state") : "";
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var ok = (!text || r.textContent.toLocaleLowerCase("vi").indexOf(text) >= 0) &&
               (!state || r.getAttribute("data-state") === state);
      r.hidden = !ok;
    });
  }
  function setChip(target, state) {
    var chips = document.querySelector('.chips[data-target="' + target + '"]');
    if (!chips) return;
    chips.querySelectorAll("button").forEach(function (b) {
      b.classList.toggle("on", b.getAttribute("data-state") === state);
    });
    applyFilters(document.getElementById(target));
  }
  document.addEventListener("click", function (e) {
    var th = e.target.closest("table.sortable th");
    if (th) { sortTable(th); return; }
    var chip = e.target.closest(".chips button");
    if (chip) { setChip(chip.parentNode.getAttribute("data-target"), chip.getAttribute("data-state")); return; }
    var card = e.target.closest("[data-state-filter]");
    if (card) { setChip("units-table", card.getAttribute("data-state-filter")); }
  });
  document.addEventListener("input", function (e) {
    if (e.target.matches("input.filter")) {
      var t = document.getElementById(e.target.getAttribute("data-target"));
      if (t) applyFilters(t);
    }
  });
  // the drop zone: dropped files go into the form's file input
  function showFiles(input) {
    var out = document.getElementById("drop-files");
    if (!out) return;
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    out.textContent = names.length ? names.length + ": " + names.join(", ") : "";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var drop = document.getElementById("drop"), input = document.getElementById("drop-input");
    if (drop && input) {
      ["dragenter", "dragover"].forEach(function (ev) {
        drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
      });
      ["dragleave", "drop"].forEach(function (ev) {
        drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove("over"); });
      });
      drop.addEventListener("drop", function (e) {
        if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; showFiles(input); }
      });
      input.addEventListener("change", function () { showFiles(input); });
    }
  });
  // upload progress, then the server's own progress (the job fragment polls)
  document.addEventListener("htmx:xhr:progress", function (e) {
    var bar = document.getElementById("upload-progress");
    if (bar && e.detail.lengthComputable) {
      bar.hidden = false; bar.value = Math.round(100 * e.detail.loaded / e.detail.total);
    }
  });
  document.addEventListener("htmx:beforeRequest", function (e) {
    var b = e.detail.elt.querySelector && e.detail.elt.querySelector("button");
    if (b) b.disabled = true;
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var b = e.detail.elt.querySelector && e.detail.elt.querySelector("button");
    if (b) b.disabled = false;
    var bar = document.getElementById("upload-progress");
    if (bar) bar.hidden = true;
    // the files were taken: the zone is emptied (pressing again would send them twice)
    if (e.detail.elt.id === "drop-form" && e.detail.successful) {
      e.detail.elt.reset();
      var input = document.getElementById("drop-input");
      if (input) showFiles(input);
    }
  });
  // an error answer (409 busy, 413 too large ...) is still shown where the result goes
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr.status >= 400) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
})();

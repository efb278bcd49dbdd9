// klas report: sorting and filtering of the index tables, join point details on the file pages. No network.
(function () {
  'use strict';

  function cellValue(row, i, numeric) {
    var text = row.cells[i].textContent;
    if (!numeric) { return text; }
    var n = parseFloat(text);
    return isNaN(n) ? -1 : n;
  }

  function sortBy(table, th, i) {
    var body = table.tBodies[0];
    var numeric = th.getAttribute('data-type') === 'num';
    var asc = !th.classList.contains('asc');
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.classList.remove('asc', 'desc'); });
    th.classList.add(asc ? 'asc' : 'desc');
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (r) { return [cellValue(r, i, numeric), r]; });
    keyed.sort(function (a, b) {
      var c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
      return asc ? c : -c;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k[1]); });
    body.appendChild(frag);
  }

  function sortable(table) {
    var head = table.tHead.rows[0];
    Array.prototype.forEach.call(head.cells, function (th, i) {
      th.addEventListener('click', function () { sortBy(table, th, i); });
    });
  }

  function filters() {
    var table = document.getElementById('joinpoints');
    var text = document.getElementById('filter');
    var outcome = document.getElementById('outcome');
    var shown = document.getElementById('shown');
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var lower = null;
    function apply() {
      if (!lower) { lower = rows.map(function (r) { return r.textContent.toLowerCase(); }); }
      var want = text.value.toLowerCase();
      var kind = outcome.value;
      var n = 0;
      rows.forEach(function (r, i) {
        var show = (!want || lower[i].indexOf(want) >= 0)
          && (!kind || r.getAttribute('data-outcome') === kind);
        r.hidden = !show;
        if (show) { n++; }
      });
      shown.textContent = n + ' of ' + rows.length + ' shown';
    }
    text.addEventListener('input', apply);
    outcome.addEventListener('change', apply);
    shown.textContent = rows.length + ' of ' + rows.length + ' shown';
  }

  function open(id, scroll) {
    var jp = document.getElementById('jp-' + id);
    if (!jp) { return; }
    Array.prototype.forEach.call(document.querySelectorAll('.jp'), function (d) { d.hidden = true; });
    Array.prototype.forEach.call(document.querySelectorAll('button.m.open, .source p.target'), function (e) {
      e.classList.remove('open', 'target');
    });
    jp.hidden = false;
    var hint = document.querySelector('.panel .hint');
    if (hint) { hint.hidden = true; }
    var marker = document.querySelector('button.m[data-jp="' + id + '"]');
    if (marker) { marker.classList.add('open'); }
    var line = document.getElementById('L' + jp.getAttribute('data-line'));
    if (line) {
      line.classList.add('target');
      if (scroll) { line.scrollIntoView({block: 'center'}); }
    }
  }

  function filePage() {
    document.getElementById('source').addEventListener('click', function (e) {
      var m = e.target.closest('button.m');
      if (m) {
        open(m.getAttribute('data-jp'), false);
        history.replaceState(null, '', '#jp-' + m.getAttribute('data-jp'));
      }
    });
    var hash = location.hash.match(/^#jp-(\d+)$/);
    if (hash) { open(hash[1], true); }
  }

  if (document.body.classList.contains('index')) {
    Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), sortable);
    filters();
  } else {
    filePage();
  }
}());

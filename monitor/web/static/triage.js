// Keyboard triage on the alert list: j/k move, o opens, r read, s star, d dismiss, ? help.
// Each key presses the row's own button or link, so every action is the same form post
// that works without JavaScript; the row is remembered in the address (#alert-ID).
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("li.alert[data-alert]"));
  var help = document.getElementById("keys-help");
  var hint = document.querySelector(".keys-hint");
  if (!rows.length) return;
  if (hint) hint.hidden = false;
  var current = -1;

  function select(index) {
    if (index < 0 || index >= rows.length) return;
    if (current >= 0) rows[current].classList.remove("current");
    current = index;
    var row = rows[current];
    row.classList.add("current");
    row.setAttribute("tabindex", "-1");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
    if (history.replaceState) history.replaceState(null, "", "#" + row.id);
  }

  // `leaves`: the story leaves the list (dismissed), so come back to its neighbour.
  function press(selector, leaves) {
    if (current < 0) return;
    var button = rows[current].querySelector(selector);
    if (!button) return;
    var form = button.form;
    var next = form && form.querySelector('input[name="next"]');
    var back = leaves ? (rows[current + 1] || rows[current - 1] || rows[current]) : rows[current];
    if (next) next.value = next.value.split("#")[0] + "#" + back.id;
    button.click();
  }

  function toggleHelp(show) {
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  var start = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (start && rows.indexOf(start) >= 0) select(rows.indexOf(start));

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    var key = event.key;
    if (key === "Escape") { toggleHelp(false); return; }
    if (key === "?") { toggleHelp(); event.preventDefault(); return; }
    if (key === "j") select(current < 0 ? 0 : Math.min(current + 1, rows.length - 1));
    else if (key === "k") select(current < 0 ? 0 : Math.max(current - 1, 0));
    else if (key === "o") {
      if (current < 0) return;
      var link = rows[current].querySelector("a.title");
      if (link) location.href = link.href;
    }
    else if (key === "r") press("button.mark-read");
    else if (key === "s") press("button.mark-starred, button.mark-unstarred");
    else if (key === "d") press("button.mark-dismissed", true);
    else return;
    event.preventDefault();
  });
})();

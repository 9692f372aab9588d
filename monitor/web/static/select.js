// "select all" for the alert list's bulk marks; everything else works without JavaScript.
(function () {
  var all = document.getElementById("select-all");
  if (!all) return;
  var label = document.querySelector(".select-all-label");
  all.hidden = false;
  if (label) label.hidden = false;
  all.addEventListener("change", function () {
    var boxes = document.querySelectorAll('#mark-form input[name="id"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = all.checked;
  });
})();

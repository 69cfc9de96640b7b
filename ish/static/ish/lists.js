// The lists' "select all on this page" box: shown only where scripts run (without them each row
// is ticked by hand), it ticks or clears every row of its form and shows when some are ticked.
(function () {
  "use strict";
  // A form's elements include the boxes placed elsewhere on the page with form="…".
  const rowsOf = (box) =>
    Array.from(box.form ? box.form.elements : []).filter((element) => element.name === "selected");

  function reveal(root) {
    root.querySelectorAll("[data-select-all-box]").forEach((box) => { box.hidden = false; });
  }

  document.addEventListener("change", (event) => {
    const box = event.target;
    if (box.matches("[data-select-all]")) {
      rowsOf(box).forEach((row) => { row.checked = box.checked; });
    } else if (box.matches('input[name="selected"]') && box.form) {
      const all = box.form.querySelector("[data-select-all]");
      if (!all) return;
      const rows = rowsOf(all);
      const ticked = rows.filter((row) => row.checked).length;
      all.checked = ticked === rows.length;
      all.indeterminate = ticked > 0 && ticked < rows.length;
    }
  });

  reveal(document);
  // htmx puts a new list in place after a filter or a header link: its box is shown as well.
  document.addEventListener("htmx:load", (event) => reveal(event.target));
})();

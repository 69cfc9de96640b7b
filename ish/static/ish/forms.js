// A text field's length limit as a live count: the server refuses a longer text with a message
// naming the field, so the browser is never told to cut what is typed or pasted (no `maxlength`).
(function () {
  "use strict";
  for (const counter of document.querySelectorAll("[data-count-for]")) {
    const field = document.getElementById(counter.dataset.countFor);
    if (!field || !field.dataset.maxlength) continue;
    const limit = Number(field.dataset.maxlength);
    const show = () => {
      // Characters as the server counts them: code points, not UTF-16 units, and a line break
      // as the two characters ("\r\n") the browser sends for it.
      const count = Array.from(field.value).length + (field.value.match(/\n/g) || []).length;
      const over = count - limit;
      const text = over > 0 ? counter.dataset.overText : counter.dataset.countText;
      counter.textContent = text
        .replace("{count}", count.toLocaleString())
        .replace("{limit}", limit.toLocaleString())
        .replace("{over}", over.toLocaleString());
      counter.classList.toggle("text-danger-emphasis", over > 0);
      counter.classList.toggle("fw-semibold", over > 0);
    };
    field.addEventListener("input", show);
    show();
  }
})();

// Buttons and forms with `data-confirm` ask before they post (withdraw, delete a draft).
document.addEventListener("submit", (event) => {
  const asker = event.submitter?.dataset.confirm ? event.submitter : event.target;
  const question = asker.dataset ? asker.dataset.confirm : null;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Drag-to-reorder for the coordinator's ranking: a progressive enhancement of the up/down
// buttons. Dropping a row posts the new order of the page's rows (and the page's number) through
// the form the server handles.
(function () {
  "use strict";
  const list = document.querySelector("[data-rank-list]");
  const form = document.getElementById("rank-order-form");
  if (!list || !form || list.children.length < 2) return;

  const orderOf = () => Array.from(list.children, (row) => row.dataset.id).join(",");
  const before = orderOf();
  let dragged = null;

  for (const hint of document.querySelectorAll("[data-drag-hint]")) hint.hidden = false;
  for (const row of list.children) {
    row.draggable = true;
    row.classList.add("rank-draggable");
    const handle = row.querySelector(".drag-handle");
    if (handle) handle.hidden = false;
    row.addEventListener("dragstart", (event) => {
      dragged = row;
      row.classList.add("opacity-50");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.dataset.id);
    });
    row.addEventListener("dragend", () => {
      row.classList.remove("opacity-50");
      dragged = null;
    });
  }
  list.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const row = event.target.closest("[data-id]");
    if (!row || row === dragged || row.parentElement !== list) return;
    const box = row.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? row.nextSibling : row);
  });
  list.addEventListener("drop", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const order = orderOf();
    if (order === before) return;
    form.elements.order.value = order;
    form.submit();
  });
})();

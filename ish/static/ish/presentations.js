// The presentations' schedule: drag a slot onto another cell (a time in a room) to move it there,
// or onto another slot to swap the two. A drop posts the cell's room and start to the slot's move
// address through the page's hidden form, as the Earlier/Later buttons and the Move to… form do
// without dragging (the server checks the rules either way and says what happened).
(function () {
  "use strict";
  const form = document.getElementById("move-form");
  const grids = document.querySelectorAll("[data-presentation-grid]");
  if (!form || !grids.length) return;
  const HIGHLIGHT = ["bg-primary-subtle"];
  let dragged = null;

  const cellOf = (event) => {
    const cell = event.target.closest ? event.target.closest("[data-cell]") : null;
    return cell && !cell.contains(dragged) ? cell : null;
  };

  for (const grid of grids) {
    grid.addEventListener("dragstart", (event) => {
      const slot = event.target.closest ? event.target.closest("[data-slot]") : null;
      if (!slot) return;
      dragged = slot;
      slot.classList.add("opacity-50");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", slot.dataset.slot);
    });
    grid.addEventListener("dragend", () => {
      if (dragged) dragged.classList.remove("opacity-50");
      dragged = null;
      for (const cell of grid.querySelectorAll("[data-cell]")) cell.classList.remove(...HIGHLIGHT);
    });
    grid.addEventListener("dragover", (event) => {
      const cell = dragged && cellOf(event);
      if (!cell) return;
      event.preventDefault(); // this cell takes the drop
      event.dataTransfer.dropEffect = "move";
      cell.classList.add(...HIGHLIGHT);
    });
    grid.addEventListener("dragleave", (event) => {
      const cell = cellOf(event);
      if (cell && !cell.contains(event.relatedTarget)) cell.classList.remove(...HIGHLIGHT);
    });
    grid.addEventListener("drop", (event) => {
      const cell = dragged && cellOf(event);
      if (!cell) return;
      event.preventDefault();
      form.action = dragged.dataset.moveUrl;
      form.elements.room.value = cell.dataset.room;
      form.elements.starts_at.value = cell.dataset.startsAt;
      form.submit();
    });
  }
})();

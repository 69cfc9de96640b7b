// The assign form: choosing a student fills in their stay, unless the dates were typed already.
(function () {
  "use strict";
  const form = document.getElementById("assign");
  if (!form) return;
  const student = form.elements.nomination;
  const checkIn = form.elements.check_in;
  const checkOut = form.elements.check_out;
  let filled = { in: "", out: "" };
  student.addEventListener("change", () => {
    const option = student.selectedOptions[0];
    if (!option || !option.dataset.checkIn) return;
    // Replace only what we filled in before (or nothing): a date typed by hand stays.
    if (!checkIn.value || checkIn.value === filled.in) checkIn.value = option.dataset.checkIn;
    if (!checkOut.value || checkOut.value === filled.out) checkOut.value = option.dataset.checkOut;
    filled = { in: checkIn.value, out: checkOut.value };
  });
})();

// The calendar: when the week shown holds today, its column is scrolled into view beside the
// place names (which stay in the sticky first column), without moving the page itself. The names
// are at the start side: the left, or the right in a right-to-left language.
(function () {
  "use strict";
  const today = document.querySelector('.occ-scroll th[aria-current="date"]');
  if (!today) return;
  const scroller = today.closest(".occ-scroll");
  const place = scroller.querySelector("thead .occ-place");
  const names = place ? place.getBoundingClientRect().width : 0;
  const rtl = getComputedStyle(scroller).direction === "rtl";
  const shown = scroller.getBoundingClientRect();
  const column = today.getBoundingClientRect();
  const left = shown.left + (rtl ? 0 : names);
  const right = shown.right - (rtl ? names : 0);
  if (column.left < left || column.right > right) {
    // scrollLeft counts from the start edge (negative leftwards in right to left): a change by
    // n pixels moves the view n pixels to the right in either direction.
    scroller.scrollLeft += rtl ? column.right - right : column.left - left;
  }
})();

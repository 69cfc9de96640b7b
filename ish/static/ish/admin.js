// Names, for assistive technology, the controls that Django's admin draws in script or in
// tables without a label (WCAG 2.2: 1.3.1, 2.1.1, 4.1.2); loaded deferred by
// templates/admin/base_site.html, so it runs after the admin's own scripts drew their widgets.
(function () {
  "use strict";

  // The id of an element, given one first if it has none.
  const idOf = (element, wanted) => {
    if (!element.id) element.id = wanted;
    return element.id;
  };

  // A tabular inline names its columns in the table's head only: each control of a row is
  // labelled by its column's heading (and by its own label, such as a split date's "Time:").
  const labelTabularInlines = () => {
    for (const group of document.querySelectorAll(".inline-group[data-inline-type='tabular']")) {
      const headings = group.querySelectorAll("thead th");
      // Not the hidden template of a new row: the copy's ids are renumbered, its references not.
      for (const cell of group.querySelectorAll("tbody tr:not(.empty-form) td")) {
        const name = [...cell.classList].find((c) => c.startsWith("field-"))?.slice(6);
        const heading = cell.classList.contains("delete")
          ? headings[headings.length - 1]
          : name && group.querySelector(`thead th.column-${CSS.escape(name)}`);
        if (!heading) continue;
        const headingId = idOf(heading, `${group.id}-column-${name || "delete"}`);
        const controls = cell.querySelectorAll("input:not([type='hidden']), select, textarea");
        for (const control of controls) {
          if (control.hasAttribute("aria-labelledby") || control.hasAttribute("aria-label")) {
            continue;
          }
          const own = [...control.labels].map((label) => idOf(label, `${control.id}-label`));
          control.setAttribute("aria-labelledby", [headingId, ...own].join(" "));
        }
      }
    }
  };

  // An inline's table scrolls sideways on a narrow screen: a group that holds nothing to focus
  // (a read-only history) is made focusable itself, as a named region, so the keyboard can
  // scroll it.
  const focusableInlines = () => {
    const focusable = [
      "a[href]",
      "button",
      "input:not([type='hidden'])",
      "select",
      "textarea",
      "[tabindex]:not([tabindex='-1'])",
    ].join(", ");
    for (const group of document.querySelectorAll(".inline-group")) {
      if (group.querySelector(focusable)) continue;
      const heading = group.querySelector(".inline-heading");
      group.setAttribute("tabindex", "0");
      group.setAttribute("role", "region");
      if (heading) group.setAttribute("aria-labelledby", idOf(heading, `${group.id}-heading`));
    }
  };

  // An autocomplete (select2) names its combobox by the text of the choice shown, none when
  // nothing is chosen: it is named by the field's label (in an inline, its column's heading, as
  // labelTabularInlines gave it), then the choice.
  const nameAutocompletes = () => {
    for (const select of document.querySelectorAll("select.admin-autocomplete")) {
      const shown = document.getElementById(`select2-${select.id}-container`);
      const names = select.labels.length
        ? idOf(select.labels[0], `${select.id}-label`)
        : select.getAttribute("aria-labelledby");
      if (!shown || !names) continue;
      shown.setAttribute("aria-labelledby", names);
      shown.closest(".select2-selection")?.setAttribute("aria-labelledby", `${names} ${shown.id}`);
    }
  };

  // The filter boxes of a two-list picker (filter_horizontal) are labelled by an icon that says
  // what to type; the icon is an image with that text, not a bare span (aria-prohibited-attr).
  const nameSelectorIcons = () => {
    for (const icon of document.querySelectorAll(".search-label-icon[aria-label]")) {
      icon.setAttribute("role", "img");
    }
  };

  const all = () => {
    labelTabularInlines();
    focusableInlines();
    nameAutocompletes();
    nameSelectorIcons();
  };
  // After the admin's own: select2 starts on jQuery's ready (queued before this), the two-list
  // pickers on the window's load; a row added to an inline draws its widgets again.
  if (window.django?.jQuery) window.django.jQuery(all);
  else document.addEventListener("DOMContentLoaded", all);
  window.addEventListener("load", all);
  document.addEventListener("formset:added", all);
})();

// A little progressive enhancement; every page works without it. No inline scripts or handlers (CSP).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Filters: beside the results on wide screens (open), folded behind their button on phones.
  var wide = window.matchMedia("(min-width: 64rem)");
  function placeFilters() {
    document.querySelectorAll("details[data-filters]").forEach(function (details) {
      if (wide.matches) {
        details.open = true;
      } else if (!details.querySelector("[aria-invalid='true']")) {
        details.open = false;
      }
    });
  }

  // Long checkbox lists get a box that narrows them as you type.
  function addNarrowing(fieldset) {
    var list = fieldset.querySelector(".checklist-options");
    var items = list ? list.querySelectorAll("li") : [];
    if (items.length <= 8) return;
    var legend = fieldset.querySelector("legend");
    var box = document.createElement("input");
    box.type = "search";
    box.className = "narrow";
    box.placeholder = "Type to narrow the list";
    box.setAttribute("aria-label", "Narrow the " + (legend ? legend.textContent.trim() : "") + " list");
    box.setAttribute("autocomplete", "off");
    list.parentNode.insertBefore(box, list);
    box.addEventListener("input", function () {
      var words = box.value.trim().toLowerCase();
      items.forEach(function (item) {
        var checked = item.querySelector("input:checked");
        item.hidden = !checked && words !== "" && item.textContent.toLowerCase().indexOf(words) === -1;
      });
    });
    // Enter in the box narrows; it must not submit the whole form.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  // Sorting applies as soon as a different order is chosen.
  function autoSubmit(select) {
    select.addEventListener("change", function () {
      if (select.form) {
        if (select.form.requestSubmit) select.form.requestSubmit(); else select.form.submit();
      }
    });
  }

  // Tables that are wider than the screen say so.
  function markOverflow() {
    document.querySelectorAll(".table-scroll").forEach(function (region) {
      region.classList.toggle("is-overflowing", region.scrollWidth > region.clientWidth + 1);
    });
  }

  // Filters left empty stay out of the address, so a bookmarked search reads like the filters chosen.
  function dropEmptyFields(form) {
    form.addEventListener("formdata", function (event) {
      var empty = [];
      event.formData.forEach(function (value, key) {
        if (value === "") empty.push(key);
      });
      empty.forEach(function (key) {
        if (event.formData.getAll(key).every(function (value) { return value === ""; })) event.formData.delete(key);
      });
    });
  }

  function start() {
    document.querySelectorAll("form.archive-form").forEach(dropEmptyFields);
    placeFilters();
    if (wide.addEventListener) wide.addEventListener("change", placeFilters);
    document.querySelectorAll("fieldset[data-checklist]").forEach(addNarrowing);
    document.querySelectorAll("select[data-autosubmit]").forEach(autoSubmit);
    markOverflow();
    window.addEventListener("resize", markOverflow);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

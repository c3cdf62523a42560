// Search-as-you-type pickers (skills, NACE codes). htmx fills the results list with
// checkboxes; ticking one moves it to the chosen list, so the next search cannot wipe it.
(function () {
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox" || !box.checked) return;
    var results = box.closest("[data-picker-results]");
    if (!results) return;
    var picker = results.closest("[data-picker]");
    var chosen = picker.querySelector("[data-picker-chosen]");
    var item = box.closest("li");
    chosen.appendChild(item);
    picker.querySelector("[data-picker-search]").focus();
  });

  // Enter in a picker's search box searches; it must not submit the whole form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-picker-search]")) {
      event.preventDefault();
    }
  });
})();

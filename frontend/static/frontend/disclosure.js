/* Parts that fold away on a small screen: the site menu, the filters of a list.
 *
 * The page carries both a link (href="#part", data-disclosure-link="part") and a hidden button
 * (data-disclosure, aria-controls="part"). Without JavaScript the link opens the part through
 * CSS (:target). With it, the link goes and the button comes: it opens and closes the part and
 * says so (aria-expanded); Escape closes it again and gives focus back to the button.
 * The stylesheet decides at which widths a part folds (.collapsible); on wide screens the
 * button is not shown and the part is always open.
 */
(function () {
  "use strict";

  function setup(button) {
    var part = document.getElementById(button.getAttribute("aria-controls"));
    if (!part) { return; }
    document.querySelectorAll('[data-disclosure-link="' + part.id + '"]').forEach(function (link) {
      link.hidden = true;
    });
    button.hidden = false;

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      part.classList.toggle("is-open", open);
    }
    setOpen(part.classList.contains("is-open") || location.hash === "#" + part.id);

    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    part.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && button.offsetParent !== null) {
        setOpen(false);
        button.focus();
      }
    });
  }

  document.querySelectorAll("[data-disclosure]").forEach(setup);
})();

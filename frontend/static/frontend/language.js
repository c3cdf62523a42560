// Language switcher: submit the form as soon as another language is chosen.
// Without JavaScript the visible "Switch" button does the same.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select.tagName !== "SELECT") return;
  var form = select.closest("form[data-autosubmit]");
  if (form) form.submit();
});

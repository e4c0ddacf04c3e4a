// Behaviour that would otherwise be inline (the Content-Security-Policy forbids inline scripts).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLElement && field.hasAttribute("data-submit-on-change") && field.form) {
    field.form.submit();
  }
});

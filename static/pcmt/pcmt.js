// Behaviour that would otherwise be inline (the Content-Security-Policy forbids inline scripts).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLElement && field.hasAttribute("data-submit-on-change") && field.form) {
    field.form.submit();
  }
});

// At phone width the menu folds behind its button; without scripts it stays open.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("menu-toggle");
  if (!toggle) return;
  document.documentElement.classList.add("menu-folds");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    document.documentElement.classList.toggle("menu-open", open);
  });
});

// A group of the main menu closes when the user clicks elsewhere or presses Escape.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.menu-group[open]").forEach((group) => {
    if (!group.contains(event.target)) group.open = false;
  });
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.menu-group[open]").forEach((group) => {
    group.open = false;
    group.querySelector("summary").focus();
  });
});

/* The drug-free assessment form: only the criteria that apply to the unit chosen (the
   commune, a village or a residential group) are shown; the server keeps only those. */
(function () {
  "use strict";

  function start() {
    var village = document.getElementById("id_village");
    var inputs = document.querySelectorAll("#place-form [data-levels]");
    if (!inputs.length) { return; }

    function level() {
      if (!village) {
        return document.getElementById("place-form").getAttribute("data-level") || "commune";
      }
      if (!village.value) { return "commune"; }
      var option = village.options[village.selectedIndex];
      return (option && option.getAttribute("data-kind")) || "village";
    }

    function show() {
      var chosen = level();
      inputs.forEach(function (input) {
        var applies = input.getAttribute("data-levels").split(" ").indexOf(chosen) >= 0;
        var wrapper = input.closest("div");
        if (wrapper) { wrapper.hidden = !applies; }
      });
    }

    if (village) { village.addEventListener("change", show); }
    show();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

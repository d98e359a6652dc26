// The search filters are folded on a phone (the results stay on the first screen) and
// open on wider screens, where they fit beside each other. A file: the CSP allows no
// inline script.
(function () {
  "use strict";
  const wide = window.matchMedia("(min-width: 40.01rem)");
  document.querySelectorAll("details[data-open-wide]").forEach((details) => {
    if (wide.matches) details.open = true;
  });
})();

// The projector page's "full screen" button (a file: the CSP allows no inline script).
(function () {
  var button = document.getElementById("fullscreen");
  if (!button || !document.documentElement.requestFullscreen) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    document.documentElement.requestFullscreen();
  });
})();

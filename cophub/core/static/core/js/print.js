// A "Print" button without an inline handler (the Content-Security-Policy allows no
// inline script): any element with data-print prints the page.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

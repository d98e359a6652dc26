// The activity form's sites: rows are added and removed in place, and the district box
// offers the districts of the chosen province. A file, not inline code: the CSP allows
// scripts from 'self' only. Without it the form still works: one empty row is offered
// and an empty row is ignored.
(function () {
  "use strict";
  const form = document.querySelector("form[data-sites-prefix]");
  if (!form) return;
  const prefix = form.dataset.sitesPrefix;
  const total = form.querySelector("#id_" + prefix + "-TOTAL_FORMS");
  const max = form.querySelector("#id_" + prefix + "-MAX_NUM_FORMS");
  const list = form.querySelector("[data-site-list]");
  const template = document.getElementById(prefix + "-template");
  const add = form.querySelector("[data-add-site]");
  const thai = document.documentElement.lang === "th";
  const indexed = new RegExp("(^|_)" + prefix + "-(\\d+|__prefix__)-");
  const ATTRS = ["name", "id", "for", "list", "data-district-list", "aria-describedby"];

  function digits(n) {
    return thai ? String(n).replace(/[0-9]/g, (d) => "๐๑๒๓๔๕๖๗๘๙"[Number(d)]) : String(n);
  }

  function setIndex(row, index) {
    row.querySelectorAll("*").forEach((el) => {
      ATTRS.forEach((attr) => {
        const value = el.getAttribute(attr);
        if (value && indexed.test(value)) {
          el.setAttribute(attr, value.replace(indexed, "$1" + prefix + "-" + index + "-"));
        }
      });
    });
  }

  // New rows sit after the saved ones; keep their numbers 0..n-1 without gaps, so the
  // count the server reads is the rows on the page.
  function renumber() {
    const rows = list.querySelectorAll("[data-site]");
    rows.forEach((row, i) => {
      if (row.hasAttribute("data-new")) setIndex(row, i);
      const number = row.querySelector("[data-site-number]");
      if (number) number.textContent = digits(i + 1);
    });
    total.value = String(rows.length);
    add.disabled = rows.length >= Number(max.value);
  }

  function showRemove(row) {
    const button = row.querySelector("[data-remove-site]");
    if (button) button.hidden = false;
  }

  list.querySelectorAll("[data-site][data-new]").forEach(showRemove);
  add.hidden = false;
  renumber();

  add.addEventListener("click", () => {
    if (Number(total.value) >= Number(max.value)) return;
    list.insertAdjacentHTML("beforeend", template.innerHTML);
    const row = list.lastElementChild;
    showRemove(row);
    renumber();
    const first = row.querySelector("input, select");
    if (first) first.focus();
  });

  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-remove-site]");
    if (!button) return;
    button.closest("[data-site]").remove();
    renumber();
    add.focus();
  });

  list.addEventListener("change", (event) => {
    const select = event.target.closest("select[data-district-list]");
    if (!select) return;
    const datalist = document.getElementById(select.dataset.districtList);
    if (!datalist) return;
    datalist.replaceChildren();
    if (!select.value) return;
    const url = form.dataset.districtsUrl + "?province=" + encodeURIComponent(select.value);
    fetch(url, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { districts: [] }))
      .then((data) => {
        data.districts.forEach((name) => {
          const option = document.createElement("option");
          option.value = name;
          datalist.appendChild(option);
        });
      })
      .catch(() => {});
  });
})();

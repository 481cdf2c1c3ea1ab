// gongkai web UI: the little that needs a script. Sortable tables (click a
// header; numbers sort as numbers, blanks last) and filters that apply on
// change. Everything else is server-rendered.
"use strict";

function sortTable(th) {
  const table = th.closest("table");
  const col = Array.prototype.indexOf.call(th.parentNode.children, th);
  const asc = !th.classList.contains("asc");
  table.querySelectorAll("th").forEach((h) => h.classList.remove("asc", "desc"));
  th.classList.add(asc ? "asc" : "desc");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const key = (row) => {
    const cell = row.cells[col];
    if (!cell) return "";
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  };
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;
    const nx = Number(x), ny = Number(y);
    const c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, "zh-CN");
    return asc ? c : -c;
  });
  rows.forEach((r) => body.appendChild(r));
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.sortable thead th").forEach((th) => {
    th.addEventListener("click", () => sortTable(th));
  });
  document.querySelectorAll(".autosubmit").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
});

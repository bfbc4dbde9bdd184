/**
 * The page's one script: sorting and filtering the matrix and opening a requirement's detail. It reads
 * only the page's own markup (the data-* attributes), never data embedded as script.
 */
export const REPORT_SCRIPT = `
(function () {
  var table = document.getElementById("matrix");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = "all";
  var search = document.getElementById("search");
  var count = document.getElementById("shown-count");
  function matches(row) {
    if (filter === "attention" && row.dataset.attention !== "1") return false;
    if (filter === "approved" && row.dataset.status !== "approved") return false;
    if (filter === "open" && row.dataset.status === "approved") return false;
    var words = search.value.trim().toLowerCase();
    return words === "" || row.textContent.toLowerCase().indexOf(words) >= 0;
  }
  function apply() {
    var shown = 0;
    rows.forEach(function (row) { var keep = matches(row); row.classList.toggle("hidden", !keep); if (keep) shown++; });
    count.textContent = shown + " of " + rows.length + " shown";
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.filter"), function (button) {
    button.addEventListener("click", function () {
      filter = button.dataset.filter;
      Array.prototype.forEach.call(document.querySelectorAll("button.filter"), function (other) { other.setAttribute("aria-pressed", String(other === button)); });
      apply();
    });
  });
  search.addEventListener("input", apply);
  var direction = {};
  Array.prototype.forEach.call(table.querySelectorAll("button.sort"), function (button) {
    button.addEventListener("click", function () {
      var column = Number(button.dataset.column);
      var up = direction[column] = !direction[column];
      rows.sort(function (a, b) {
        var x = a.cells[column], y = b.cells[column];
        var order = x.dataset.numeric ? Number(x.dataset.sort) - Number(y.dataset.sort) : x.dataset.sort.localeCompare(y.dataset.sort, undefined, { numeric: true });
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  function openDetail(id) {
    var detail = document.getElementById(id);
    if (detail && detail.tagName === "DETAILS") { detail.open = true; detail.scrollIntoView(); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("a.open-detail"), function (link) {
    link.addEventListener("click", function () { openDetail(link.dataset.target); });
  });
  if (location.hash) openDetail(location.hash.slice(1));
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (detail) { detail.open = true; });
  });
  apply();
})();
`;

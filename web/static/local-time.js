// Shows meeting times in the visitor's own time zone, written in the
// page's language. Without JavaScript the page shows them in the
// meeting's zone, which is still right.
document.querySelectorAll("time[data-local]").forEach(function (el) {
  var d = new Date(el.getAttribute("datetime"));
  if (isNaN(d)) return;
  el.title = el.textContent;
  el.textContent = d.toLocaleString(document.documentElement.lang || undefined, {
    weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
});

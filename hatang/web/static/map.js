// Draws the map figure the server prepared (plotly.js + MapLibre, blank style: no tiles).
(function () {
  var el = document.getElementById("map");
  var fig = JSON.parse(document.getElementById("figure").textContent);
  Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false, scrollZoom: true})
    .then(function () { el.setAttribute("data-ready", "1"); });
  el.on("plotly_click", function (ev) {
    var p = ev && ev.points && ev.points[0];
    if (p && p.data && p.data.meta === "communes" && p.location) {
      window.location.href = "/commune/" + encodeURIComponent(p.location);
    }
  });
})();

// Draws the map figure the server prepared (plotly.js + MapLibre, blank style: no tiles).
(function () {
  var el = document.getElementById("map");
  var fig = JSON.parse(document.getElementById("figure").textContent);
  if (el.clientWidth < 640) { phone(fig); }
  Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false, scrollZoom: true})
    .then(function () {
      el.setAttribute("data-ready", "1");
      // the report form: a click anywhere on the map sets the place (MapLibre's own click)
      var sub = el._fullLayout && el._fullLayout.map && el._fullLayout.map._subplot;
      if (el.dataset.pick && sub && sub.map) {
        sub.map.on("click", function (e) { pick(e.lngLat.lng, e.lngLat.lat, null); });
      }
    });
  // on a phone the legend goes under the map and the colour bar across its top, so
  // neither covers the map nor each other
  function phone(f) {
    f.layout.legend = Object.assign({}, f.layout.legend,
      {orientation: "h", x: 0, y: 0, yanchor: "top", font: {size: 11}});
    f.layout.margin = {l: 0, r: 0, t: 0, b: 0};
    f.data.forEach(function (t) {
      if (t.colorbar) {
        t.colorbar = Object.assign({}, t.colorbar, {orientation: "h", x: 0.5, xanchor: "center",
          y: 1, yanchor: "top", len: 0.95, thickness: 8,
          title: Object.assign({}, t.colorbar.title, {side: "top", font: {size: 11}})});
      }
    });
  }
  function pick(lon, lat, village) {
    document.getElementById("lon").value = lon.toFixed(6);
    document.getElementById("lat").value = lat.toFixed(6);
    var m = village && /\(([^)]+)\)$/.exec(village);
    if (m) { document.getElementById("village").value = m[1]; }
  }
  el.on("plotly_click", function (ev) {
    var p = ev && ev.points && ev.points[0];
    if (p && p.data && p.data.meta === "communes" && p.location) {
      window.location.href = "/commune/" + encodeURIComponent(p.location);
    }
    if (p && p.data && p.data.meta === "cases" && p.text) {
      window.location.href = "/register/" + encodeURIComponent(p.text);
    }
    if (p && p.data && p.data.meta === "villages" && el.dataset.pick) {
      pick(p.lon, p.lat, p.text);
    }
  });
})();

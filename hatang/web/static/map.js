// Draws the map figure the server prepared (plotly.js + MapLibre, blank style: no tiles).
(function () {
  var el = document.getElementById("map");
  var fig = JSON.parse(document.getElementById("figure").textContent);
  Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false, scrollZoom: true})
    .then(function () {
      el.setAttribute("data-ready", "1");
      // the report form: a click anywhere on the map sets the place (MapLibre's own click)
      var sub = el._fullLayout && el._fullLayout.map && el._fullLayout.map._subplot;
      if (el.dataset.pick && sub && sub.map) {
        sub.map.on("click", function (e) { pick(e.lngLat.lng, e.lngLat.lat, null); });
      }
    });
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

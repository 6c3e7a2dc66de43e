// Draws the map figure the server prepared (plotly.js + MapLibre, blank style: no tiles).
(function () {
  var el = document.getElementById("map");
  var fig = JSON.parse(document.getElementById("figure").textContent);
  if (el.clientWidth < 640) { phone(fig); }
  Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false, scrollZoom: true})
    .then(function () {
      // the report form: a click anywhere on the map sets the place (MapLibre's own click)
      var sub = el._fullLayout && el._fullLayout.map && el._fullLayout.map._subplot;
      var meta = fig.layout.meta || {};
      if (sub && sub.map) {
        if (meta.bounds) { fit(sub.map, meta.bounds); }
        if (meta.labels) { names(sub.map, meta.labels); }
        scale(sub.map);
      }
      el.setAttribute("data-ready", "1");
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
  // the frame fits the province (its communes' shapes), whatever the screen
  function fit(map, b) {
    map.fitBounds([[b[0], b[1]], [b[2], b[3]]], {padding: 16, animate: false});
  }
  // commune names as labels, where there is room for them: HTML over the map (MapLibre's
  // own text needs glyph fonts from the web)
  var LABEL_GAP = 56; // px: labels show when the communes in view are about this far apart
  function names(map, list) {
    var box = document.createElement("div");
    box.className = "map-labels";
    box.setAttribute("data-testid", "commune-labels");
    map.getContainer().appendChild(box);
    var nodes = list.map(function (c) {
      var n = document.createElement("span");
      n.className = "commune-label";
      n.textContent = c[0];
      box.appendChild(n);
      return n;
    });
    function place() {
      var c = map.getContainer(), w = c.clientWidth, h = c.clientHeight, shown = [];
      list.forEach(function (c, i) {
        var p = map.project([c[1], c[2]]);
        var inside = p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h;
        if (inside) { shown.push(p); }
        nodes[i].style.left = p.x + "px";
        nodes[i].style.top = p.y + "px";
        nodes[i].hidden = !inside;
      });
      var room = shown.length > 0 && medianGap(shown) >= LABEL_GAP;
      box.hidden = !room;
      box.setAttribute("data-shown", room ? String(shown.length) : "0");
    }
    map.on("move", place);
    place();
  }
  // the median distance from a point to its nearest neighbour (Infinity for one point)
  function medianGap(pts) {
    var gaps = pts.map(function (p, i) {
      var best = Infinity;
      pts.forEach(function (q, j) {
        if (i !== j) { best = Math.min(best, Math.hypot(p.x - q.x, p.y - q.y)); }
      });
      return best;
    }).sort(function (a, b) { return a - b; });
    return gaps[Math.floor(gaps.length / 2)];
  }
  // a scale bar: the distance of about 100 px at the centre, rounded to 1, 2 or 5 × 10ⁿ
  function scale(map) {
    var bar = document.createElement("div");
    bar.className = "map-scale";
    bar.setAttribute("data-testid", "scale-bar");
    bar.setAttribute("aria-label", el.getAttribute("data-scale-label") || "scale");
    map.getContainer().appendChild(bar);
    function draw() {
      var lat = map.getCenter().lat * Math.PI / 180;
      var perPx = 40075016.686 * Math.cos(lat) / (512 * Math.pow(2, map.getZoom()));
      var want = 100 * perPx, step = Math.pow(10, Math.floor(Math.log10(want)));
      var metres = [5, 2, 1].map(function (k) { return k * step; })
        .filter(function (m) { return m <= want; })[0] || step;
      bar.style.width = Math.round(metres / perPx) + "px";
      bar.textContent = metres >= 1000 ? metres / 1000 + " km" : metres + " m";
      bar.setAttribute("data-metres", String(metres));
    }
    map.on("move", draw);
    draw();
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
    if (p && p.data && p.data.meta === "provinces" && p.customdata) {
      window.location.href = "/?province=" + encodeURIComponent(p.customdata);
    }
    if (p && p.data && p.data.meta === "cases" && p.text) {
      window.location.href = "/register/" + encodeURIComponent(p.text);
    }
    if (p && p.data && p.data.meta === "villages" && el.dataset.pick) {
      pick(p.lon, p.lat, p.text);
    }
  });
})();

